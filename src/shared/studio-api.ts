/**
 * `StudioApi`, the object the renderer uses as `window.studio`, and its construction over any transport.
 * Kept free of zod and of the schemas so the preload script stays small.
 */
import { ApiError, isApiErrorData, type ApiEnvelope } from './api-errors';
import type { Channels } from './channels';
import type { StudioEvents } from './api-types';
import { CHANNEL_NAMES, type ChannelName, type EventName } from './channel-names';
import type { z } from 'zod';

/** What the caller may send (defaults and optional fields not yet filled in). */
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ResultOf<C extends ChannelName> = NonNullable<Channels[C]['result']>;

export type EventPayload<E extends EventName> = StudioEvents[E];
export type EventHandler<E extends EventName> = (payload: EventPayload<E>) => void;
export type Unsubscribe = () => void;

type GroupOf<C extends string> = C extends `${infer G}.${string}` ? G : never;
type ActionOf<C extends string, G extends string> = C extends `${G}.${infer A}` ? A : never;
type Call<C extends ChannelName> = undefined extends RequestOf<C>
  ? (request?: RequestOf<C>) => Promise<ResultOf<C>>
  : (request: RequestOf<C>) => Promise<ResultOf<C>>;

/**
 * What the renderer sees as `window.studio`: one async function per channel, grouped by the channel's prefix
 * (`studio.projects.list()`, `studio.runs.start({...})`), plus `on(event, handler)` returning an unsubscribe.
 * Failures reject with an error whose message says what was wrong (an `ApiError` with code and issues where
 * the transport keeps them).
 */
export type StudioApi = {
  readonly [G in GroupOf<ChannelName>]: { readonly [C in ChannelName as ActionOf<C, G>]: Call<C> };
} & {
  on<E extends EventName>(event: E, handler: EventHandler<E>): Unsubscribe;
};

/** Sends one request and resolves to the envelope the other side answered with. */
export type Invoker = (channel: ChannelName, request: unknown) => Promise<ApiEnvelope<unknown>>;
export type Subscriber = <E extends EventName>(event: E, handler: EventHandler<E>) => Unsubscribe;

/** Builds a `StudioApi` over any transport: unwraps envelopes and turns failures into `ApiError`s. */
export function buildStudioApi(invoke: Invoker, subscribe: Subscriber): StudioApi {
  const groups: Record<string, Record<string, (request?: unknown) => Promise<unknown>>> = {};
  for (const channelName of CHANNEL_NAMES) {
    const dot = channelName.indexOf('.');
    const group = channelName.slice(0, dot);
    const action = channelName.slice(dot + 1);
    (groups[group] ??= {})[action] = async (request?: unknown) => {
      const envelope = await invoke(channelName, request);
      if (envelope.ok) return envelope.value;
      throw isApiErrorData(envelope.error) ? ApiError.fromData(envelope.error) : new ApiError('internal', `${channelName} failed`);
    };
  }
  const api = { ...groups, on: subscribe };
  return api as unknown as StudioApi;
}

