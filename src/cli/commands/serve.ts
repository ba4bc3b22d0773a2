import { join, resolve } from 'node:path';
import { parseArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';
import { packageRoot } from '../../app/package-root';
import { startWebHost } from '../../server';
import { workspacePath } from '../workspace';

const USAGE = `Usage: stream-studio serve [--port N] [--db PATH] [--renderer DIR] [--concurrency N]

Starts the web host on 127.0.0.1 and prints one line: "Stream Studio at URL" (the URL carries the session
token). Open it in a browser. Stops on Ctrl+C.
  --port N          port to listen on (default 0: any free port)
  --db PATH         workspace file (default $STREAM_STUDIO_DB, else $XDG_DATA_HOME/stream-studio/workspace.sqlite)
  --renderer DIR    built renderer to serve (default out/renderer of the installation)
  --concurrency N   runs executing at once (default: cores - 1)`;

const FLAGS = { port: 'number', db: 'string', renderer: 'string', concurrency: 'number' } as const;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Start the web host (the app in a browser) on 127.0.0.1',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, FLAGS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const port = flags.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects 0..65535, got ${port}`);
    if (flags.concurrency !== undefined && (!Number.isInteger(flags.concurrency) || flags.concurrency < 1)) {
      throw new UsageError(`--concurrency expects a positive integer, got ${flags.concurrency}`);
    }
    const dbPath = workspacePath(flags.db, io);
    const rendererDir = flags.renderer ? resolve(io.cwd, flags.renderer) : join(packageRoot(), 'out', 'renderer');
    const host = await startWebHost({
      host: '127.0.0.1',
      port,
      dbPath,
      rendererDir,
      ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
      log: (message) => io.stderr.write(`${message}\n`),
    });
    io.stdout.write(`Stream Studio at ${host.url}\n`);
    await new Promise<void>((done) => {
      const stop = () => done();
      if (io.signal?.aborted) return done();
      io.signal?.addEventListener('abort', stop, { once: true });
      process.once('SIGTERM', stop);
    });
    await host.close();
    return EXIT_OK;
  },
};
