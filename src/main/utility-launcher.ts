import { describeExit, type WorkerLauncher } from '../app/pipeline/launcher';
import type { HostMessage, WorkerMessage } from '../app/pipeline/protocol';

/** The part of Electron's `utilityProcess` we use (passed in, so this module does not import electron). */
export interface UtilityProcessApi {
  fork(
    modulePath: string,
    args?: string[],
    options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore' },
  ): {
    readonly pid: number | undefined;
    postMessage(message: unknown): void;
    on(event: 'message', listener: (message: unknown) => void): unknown;
    once(event: 'exit', listener: (code: number) => void): unknown;
    kill(): boolean;
  };
}

/** Runs each pipeline worker in an Electron utility process (a Node process managed by Electron). */
export function utilityProcessLauncher(utilityProcess: UtilityProcessApi, entry: string): WorkerLauncher {
  return {
    launch() {
      const child = utilityProcess.fork(entry, [], { serviceName: 'Stream Studio pipeline', stdio: 'inherit' });
      let exited = false;
      return {
        pid: child.pid,
        send: (message: HostMessage) => {
          if (!exited) child.postMessage(message);
        },
        onMessage: (handler) => child.on('message', (m) => handler(m as WorkerMessage)),
        onExit: (handler) =>
          child.once('exit', (code) => {
            exited = true;
            handler(describeExit(code, null));
          }),
        kill: () => {
          if (!exited) child.kill();
        },
      };
    },
  };
}
