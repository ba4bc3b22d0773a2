/** `stream-studio worker --queue redis://HOST:PORT`: runs sweep points from a BullMQ queue until stopped. */
import { parseArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';

const USAGE = `Usage: stream-studio worker --queue redis://HOST:PORT [--concurrency N] [--lock-duration MS] [--stalled-interval MS]

Runs the points of sweeps started with \`stream-studio sweep FILE --queue redis://HOST:PORT\`, on this machine,
until interrupted (Ctrl-C). Each job carries its inputs; results and new cost LUT entries go back through the
queue, and only the sweep's coordinator writes its workspace. Every machine must run the same version of Stream
Studio (a worker of another version refuses the job with a message naming both versions).

  --queue URL            the Redis server of the queue
  --concurrency N        points run at once by this process (default 1; start one worker per core instead)
  --lock-duration MS     BullMQ lock: a killed worker's point is run again after about this long (default 30000)
  --stalled-interval MS  how often this worker looks for stalled points (default 30000)`;

export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'Run sweep points from a BullMQ queue (scale-out over several machines)',
  usage: USAGE,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, { queue: 'string', concurrency: 'number', 'lock-duration': 'number', 'stalled-interval': 'number' } as const);
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if (!flags.queue) throw new UsageError('--queue redis://HOST:PORT is required');
    const { startQueueWorker } = await import('../../app/sweep/queue');
    const worker = await startQueueWorker(flags.queue, {
      ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
      ...(flags['lock-duration'] !== undefined ? { lockDurationMs: flags['lock-duration'] } : {}),
      ...(flags['stalled-interval'] !== undefined ? { stalledIntervalMs: flags['stalled-interval'] } : {}),
      onPoint: (job, result) => io.stderr.write(`point ${job.key}: ${result.status}${'error' in result ? ` (${result.error})` : ''}\n`),
    });
    io.stderr.write(`stream-studio worker: waiting for sweep points on ${flags.queue} (pid ${process.pid})\n`);
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await worker.close();
    return EXIT_OK;
  },
};
