import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../shared/channel-names';
import type { Dispatch } from '../app/services/dispatch';
import type { EventBus } from '../app/services/events';
import { isAppUrl } from './security';

/**
 * One ipcMain handler per API channel, generated from the channel table. Each payload is validated by the
 * dispatcher against the channel's zod schema; calls from any frame not showing our app are refused.
 */
export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!isAppUrl(frameUrl)) return { ok: false, error: { code: 'unauthorized', message: 'IPC from an unexpected page' } };
      return dispatch(channel, payload);
    });
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(`${IPC_PREFIX}${channel}`);
  };
}

/** Forwards every workspace event to the window. */
export function forwardEvents(events: EventBus, target: () => WebContents | undefined): () => void {
  return events.onAny((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
}
