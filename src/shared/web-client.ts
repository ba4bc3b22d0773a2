/**
 * The browser transport of the API: requests as `POST {baseUrl}/api/<channel>` with a JSON body (or, for a
 * request carrying file bytes, an octet-stream body: binary-body.ts), events over one WebSocket at
 * `{baseUrl}/api/events`. Browser code only (fetch, WebSocket); no Node imports.
 */
import { buildStudioApi, type EventHandler, type StudioApi } from './studio-api';
import type { ApiEnvelope } from './api-errors';
import { BINARY_CONTENT_TYPE, BINARY_FIELD_HEADER, FIELDS_HEADER, joinBinaryMessage, splitBinaryMessage } from './binary-body';
import { isEventName, type ChannelName, type EventName } from './channel-names';

export interface WebClientOptions {
  /** Origin of the web host, e.g. "http://127.0.0.1:5123" (no trailing slash needed). */
  readonly baseUrl: string;
  /** The per-session token the host printed (in the page URL as ?token=...). */
  readonly token: string;
  /** For tests: alternative fetch / WebSocket implementations. */
  readonly fetch?: typeof fetch;
  readonly WebSocket?: typeof WebSocket;
}

export const TOKEN_HEADER = 'x-studio-token';
export const EVENTS_PATH = '/api/events';

export function createWebClient(options: WebClientOptions): StudioApi {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const events = new EventSocket(baseUrl, options.token, options.WebSocket ?? globalThis.WebSocket);

  const invoke = async (channelName: ChannelName, request: unknown): Promise<ApiEnvelope<unknown>> => {
    let response: Response;
    try {
      const binary = splitBinaryMessage(request);
      response = await doFetch(`${baseUrl}/api/${channelName}`, {
        method: 'POST',
        headers: binary
          ? {
              'content-type': BINARY_CONTENT_TYPE,
              [TOKEN_HEADER]: options.token,
              [BINARY_FIELD_HEADER]: binary.field,
              [FIELDS_HEADER]: encodeURIComponent(JSON.stringify(binary.fields)),
            }
          : { 'content-type': 'application/json', [TOKEN_HEADER]: options.token },
        body: binary ? (binary.bytes as Uint8Array<ArrayBuffer>) : JSON.stringify(request ?? null),
      });
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: `cannot reach the Stream Studio host: ${String(error)}` } };
    }
    if (response.ok && (response.headers.get('content-type') ?? '').startsWith(BINARY_CONTENT_TYPE)) {
      try {
        const bytes = new Uint8Array(await response.arrayBuffer());
        return { ok: true, value: joinBinaryMessage(response.headers.get(FIELDS_HEADER) ?? undefined, response.headers.get(BINARY_FIELD_HEADER) ?? undefined, bytes) };
      } catch (error) {
        return { ok: false, error: { code: 'internal', message: `${channelName}: a malformed binary reply (${String(error)})` } };
      }
    }
    const body: unknown = await response.json().catch(() => null);
    if (body && typeof body === 'object' && 'ok' in body) return body as ApiEnvelope<unknown>;
    return { ok: false, error: { code: response.status === 401 ? 'unauthorized' : 'internal', message: `HTTP ${response.status} from ${channelName}` } };
  };

  return buildStudioApi(invoke, (event, handler) => events.subscribe(event, handler));
}

/** One lazily opened WebSocket shared by all subscriptions; reconnects with back-off while anyone listens. */
class EventSocket {
  private socket: WebSocket | null = null;
  private readonly handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  private retryMs = 250;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly SocketImpl: typeof WebSocket,
  ) {}

  subscribe<E extends EventName>(event: E, handler: EventHandler<E>): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    const wrapped = handler as (payload: unknown) => void;
    set.add(wrapped);
    this.ensureOpen();
    return () => {
      set.delete(wrapped);
      if (this.listenerCount() === 0) this.close();
    };
  }

  private listenerCount(): number {
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }

  private ensureOpen(): void {
    if (this.socket || this.retryTimer) return;
    const url = `${this.baseUrl.replace(/^http/, 'ws')}${EVENTS_PATH}?token=${encodeURIComponent(this.token)}`;
    const socket = new this.SocketImpl(url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 250;
    };
    socket.onmessage = (message: MessageEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (!data || typeof data !== 'object') return;
      const { event, payload } = data as { event?: unknown; payload?: unknown };
      if (typeof event !== 'string' || !isEventName(event)) return;
      for (const handler of this.handlers.get(event) ?? []) handler(payload);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.listenerCount() === 0) return;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.ensureOpen();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }

  private close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
