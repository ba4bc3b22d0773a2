import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../../src/shared/channel-names';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (_channel: string, _payload: unknown) => ({ ok: true, value: 'answer' }));
let eventListener: ((event: unknown, message: unknown) => void) | undefined;

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, payload: unknown) => invoke(channel, payload),
    on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
      if (channel === IPC_EVENT_CHANNEL) eventListener = listener;
    },
  },
}));

describe('preload', () => {
  beforeEach(async () => {
    exposed.clear();
    vi.resetModules();
    await import('../../../src/preload/index');
  });

  it('exposes only window.studio: one function per channel plus on(), no ipcRenderer', async () => {
    expect([...exposed.keys()]).toEqual(['studio']);
    const studio = exposed.get('studio') as Record<string, unknown>;
    for (const channel of CHANNEL_NAMES) {
      const [group, action] = channel.split('.') as [string, string];
      expect(typeof (studio[group] as Record<string, unknown>)[action]).toBe('function');
    }
    expect(typeof studio['on']).toBe('function');
    expect(JSON.stringify(Object.keys(studio))).not.toMatch(/ipc|invoke|send/i);
    const answer = await (studio['runs'] as { get(r: unknown): Promise<unknown> }).get({ runId: 3 });
    expect(answer).toBe('answer');
    expect(invoke).toHaveBeenLastCalledWith(`${IPC_PREFIX}runs.get`, { runId: 3 });
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const studio = exposed.get('studio') as { on(event: string, handler: (p: unknown) => void): () => void };
    const seen: unknown[] = [];
    const off = studio.on('run.progress', (p) => seen.push(p));
    eventListener!({}, { event: 'run.progress', payload: { runId: 1 } });
    eventListener!({}, { event: 'bogus', payload: {} });
    off();
    eventListener!({}, { event: 'run.progress', payload: { runId: 2 } });
    expect(seen).toEqual([{ runId: 1 }]);
  });
});
