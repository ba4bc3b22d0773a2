import { describe, expect, it, vi } from 'vitest';
import { createWebClient, EVENTS_PATH, TOKEN_HEADER } from '../../../src/shared/web-client';

/** A stand-in for the browser's WebSocket: records instances so the test can drive them. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  close() {
    this.closed = true;
    this.onclose?.();
  }
}

describe('web client', () => {
  it('posts each call to /api/<channel> with the token header and unwraps the envelope', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify({ ok: true, value: [{ id: 1 }] }), { status: 200 }));
    const client = createWebClient({ baseUrl: 'http://127.0.0.1:9/', token: 'tok', fetch: fetchMock as unknown as typeof fetch, WebSocket: FakeSocket as never });
    await expect(client.projects.list()).resolves.toEqual([{ id: 1 }]);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:9/api/projects.list');
    expect((init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('tok');
  });

  it('reports an unreachable host or a non-API answer as an error', async () => {
    const down = createWebClient({ baseUrl: 'http://127.0.0.1:9', token: 't', fetch: (async () => Promise.reject(new Error('ECONNREFUSED'))) as never, WebSocket: FakeSocket as never });
    await expect(down.projects.list()).rejects.toThrow(/cannot reach/);
    const html = createWebClient({ baseUrl: 'http://127.0.0.1:9', token: 't', fetch: (async () => new Response('<html>', { status: 401 })) as never, WebSocket: FakeSocket as never });
    await expect(html.projects.list()).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('opens one event socket, dispatches typed events, reconnects while someone listens and closes when nobody does', async () => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    const client = createWebClient({ baseUrl: 'http://127.0.0.1:9', token: 'a b', fetch: vi.fn() as never, WebSocket: FakeSocket as never });
    const seen: unknown[] = [];
    const offA = client.on('run.progress', (p) => seen.push(p));
    const offB = client.on('run.finished', (p) => seen.push(p));
    expect(FakeSocket.instances).toHaveLength(1);
    const socket = FakeSocket.instances[0]!;
    expect(socket.url).toBe(`ws://127.0.0.1:9${EVENTS_PATH}?token=a%20b`);
    socket.onmessage!({ data: JSON.stringify({ event: 'run.progress', payload: { runId: 1 } }) });
    socket.onmessage!({ data: 'not json' });
    socket.onmessage!({ data: JSON.stringify({ event: 'unknown', payload: {} }) });
    expect(seen).toEqual([{ runId: 1 }]);

    socket.onclose!();
    await vi.advanceTimersByTimeAsync(300);
    expect(FakeSocket.instances).toHaveLength(2);
    offA();
    offB();
    expect(FakeSocket.instances[1]!.closed).toBe(true);
    vi.useRealTimers();
  });
});
