import { fork } from 'node:child_process';
import { tsxExecArgv } from '../../engine/io';
import type { HostMessage, WorkerMessage } from './protocol';

/** A running worker process, whatever launched it. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: HostMessage): void;
  onMessage(handler: (message: WorkerMessage) => void): void;
  /** Called once when the process has exited; `reason` describes a crash or kill. */
  onExit(handler: (reason: string) => void): void;
  /** Stops the process at once (SIGKILL). */
  kill(): void;
}

/** Starts pipeline worker processes: Electron's utilityProcess in the app, child_process.fork elsewhere. */
export interface WorkerLauncher {
  launch(): WorkerProcess;
}

export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `the worker process was killed (${signal})`;
  return `the worker process exited with code ${code ?? 'unknown'}`;
}

/**
 * Forks the worker as a Node child process. `entry` is the worker module (or a function giving it, when it is
 * prepared later); from TypeScript sources (dev, tests, CLI) it runs through tsx's loader.
 */
export function childProcessLauncher(entry: string | (() => string), options: { execArgv?: readonly string[] } = {}): WorkerLauncher {
  return {
    launch(): WorkerProcess {
      const path = typeof entry === 'string' ? entry : entry();
      const execArgv = options.execArgv ?? (path.endsWith('.ts') ? tsxExecArgv() : []);
      const child = fork(path, [], { execArgv: [...execArgv], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      return {
        pid: child.pid,
        send: (message) => {
          if (child.connected) child.send(message);
        },
        onMessage: (handler) => child.on('message', (m) => handler(m as WorkerMessage)),
        onExit: (handler) => child.once('exit', (code, signal) => handler(describeExit(code, signal))),
        kill: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
      };
    },
  };
}
