import { ApiError, parseRequest, type ApiEnvelope, type ApiErrorCode, type ParsedRequestOf, type ResultOf } from '../../shared/api';
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

/** One API call as it was answered: for a host's call log (see `callLogger`). */
export interface ApiCallRecord {
  readonly channel: string;
  /** The error code of a failed call; undefined when it succeeded. */
  readonly error: ApiErrorCode | undefined;
  /** Wall time from receiving the call to its answer (validation and handler), ms. */
  readonly ms: number;
}

/**
 * The one entry point both transports use: checks the channel name, validates the payload against the channel's
 * schema, calls the handler and wraps the outcome (or the error) in an envelope. Never throws. `onCall` hears of
 * every call once it is answered.
 */
export function createDispatch(handlers: Handlers, onCall?: (call: ApiCallRecord) => void): Dispatch {
  return async (channel, request) => {
    const t0 = performance.now();
    let envelope: ApiEnvelope<unknown>;
    try {
      if (!isChannelName(channel)) throw new ApiError('invalid_request', `unknown channel ${JSON.stringify(channel.slice(0, 80))}`);
      const parsed = parseRequest(channel, request);
      const handler = handlers[channel] as (r: unknown) => unknown;
      envelope = { ok: true, value: await handler(parsed) };
    } catch (error) {
      envelope = { ok: false, error: toApiError(error).toData() };
    }
    onCall?.({ channel: channel.slice(0, 80), error: envelope.ok ? undefined : envelope.error.code, ms: performance.now() - t0 });
    return envelope;
  };
}

/**
 * The call log of a host: with STREAM_STUDIO_LOG_CALLS=1 in the environment, one line per API call ("api
 * runs.start ok 3.1 ms"); otherwise none.
 */
export function callLogger(env: NodeJS.ProcessEnv, log: (line: string) => void): ((call: ApiCallRecord) => void) | undefined {
  if (env['STREAM_STUDIO_LOG_CALLS'] !== '1') return undefined;
  return (call) => log(`api ${call.channel} ${call.error ?? 'ok'} ${call.ms.toFixed(1)} ms`);
}
