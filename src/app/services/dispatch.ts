import { ApiError, parseRequest, type ApiEnvelope, type ParsedRequestOf, type ResultOf } from '../../shared/api';
import { isChannelName, type ChannelName } from '../../shared/channel-names';
import { InputError } from '../../engine';

export type Handlers = { readonly [C in ChannelName]: (request: ParsedRequestOf<C>) => ResultOf<C> | Promise<ResultOf<C>> };

export type Dispatch = (channel: string, request: unknown) => Promise<ApiEnvelope<unknown>>;

/** Turns any thrown error into the error data an API caller receives. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof InputError) return new ApiError('invalid_input', error.message, error.issues);
  return new ApiError('internal', error instanceof Error ? error.message : String(error));
}

/**
 * The one entry point both transports use: checks the channel name, validates the payload against the channel's
 * schema, calls the handler and wraps the outcome (or the error) in an envelope. Never throws.
 */
export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel, request) => {
    try {
      if (!isChannelName(channel)) throw new ApiError('invalid_request', `unknown channel ${JSON.stringify(channel.slice(0, 80))}`);
      const parsed = parseRequest(channel, request);
      const handler = handlers[channel] as (r: unknown) => unknown;
      const value = await handler(parsed);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toApiError(error).toData() };
    }
  };
}
