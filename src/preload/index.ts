/**
 * Preload (sandboxed): exposes `window.studio`, one function per API channel plus `on(event, handler)`.
 * The renderer never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEnvelope } from '../shared/api-errors';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, isEventName, type EventName } from '../shared/channel-names';
import { buildStudioApi } from '../shared/studio-api';

const handlers = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, message: { event?: unknown; payload?: unknown }) => {
  if (typeof message?.event !== 'string' || !isEventName(message.event)) return;
  for (const handler of handlers.get(message.event) ?? []) handler(message.payload);
});

const studio = buildStudioApi(
  (channel, request) => ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, request) as Promise<ApiEnvelope<unknown>>,
  (event, handler) => {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    let set = handlers.get(event);
    if (!set) handlers.set(event, (set = new Set()));
    const wrapped = handler as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
);

contextBridge.exposeInMainWorld('studio', studio);
