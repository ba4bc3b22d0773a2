import type { WorkerLauncher, WorkerProcess } from './launcher';
import type { WorkerMessage } from './protocol';

export interface DisposableLauncher extends WorkerLauncher {
  /** Stops the spare process, if any. */
  dispose(): void;
}

/** A launched process whose early messages and exit are kept until someone listens. */
class Buffered implements WorkerProcess {
  private messages: WorkerMessage[] = [];
  private messageHandler: ((m: WorkerMessage) => void) | null = null;
  private exitReason: string | null = null;
  private exitHandler: ((reason: string) => void) | null = null;

  constructor(private readonly inner: WorkerProcess) {
    inner.onMessage((m) => (this.messageHandler ? this.messageHandler(m) : this.messages.push(m)));
    inner.onExit((reason) => {
      this.exitReason = reason;
      this.exitHandler?.(reason);
    });
  }

  get pid() {
    return this.inner.pid;
  }
  get exited(): boolean {
    return this.exitReason !== null;
  }
  send(message: Parameters<WorkerProcess['send']>[0]): void {
    this.inner.send(message);
  }
  onMessage(handler: (m: WorkerMessage) => void): void {
    this.messageHandler = handler;
    const early = this.messages;
    this.messages = [];
    for (const m of early) handler(m);
  }
  onExit(handler: (reason: string) => void): void {
    this.exitHandler = handler;
    if (this.exitReason !== null) handler(this.exitReason);
  }
  kill(): void {
    this.inner.kill();
  }
}

/**
 * Keeps one worker process started ahead of need: each run takes the waiting process (already past its start-up)
 * and a new one is started for the next run. The first run starts its own.
 */
export function withSpareWorker(launcher: WorkerLauncher): DisposableLauncher {
  let spare: Buffered | null = null;
  let disposed = false;
  return {
    launch() {
      let next = spare;
      spare = null;
      if (!next || next.exited) next = new Buffered(launcher.launch());
      if (!disposed) spare = new Buffered(launcher.launch());
      return next;
    },
    dispose() {
      disposed = true;
      spare?.kill();
      spare = null;
    },
  };
}
