import { browser } from '@wdio/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface WebHost {
  /** URL of the app page, with the session token. */
  readonly url: string;
  readonly dbPath: string;
  stop(): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, '../..');

/**
 * Starts a fresh web host (`stream-studio serve`) on a random port with a fresh workspace database, exactly as a user
 * would, and resolves once it prints its URL.
 */
export async function startWebHost(options: { dbPath?: string } = {}): Promise<WebHost> {
  const dir = mkdtempSync(join(tmpdir(), 'stream-studio-e2e-'));
  const dbPath = options.dbPath ?? join(dir, 'workspace.sqlite');
  const child = spawn(process.execPath, [join(repoRoot, 'bin/stream-studio.js'), 'serve', '--port', '0', '--db', dbPath], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_DATA_HOME: dir },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start within 60 s\n${stderr}`)), 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^Stream Studio at (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with code ${code}\n${stderr}`));
    });
  });
  return {
    url,
    dbPath,
    stop: () => stopProcess(child).then(() => rmSync(dir, { recursive: true, force: true })),
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

/**
 * Registers mocha hooks that start a fresh web host before the specs of the enclosing `describe` (and, unless
 * `open` is false, open the app page in the browser) and stop it afterwards. Read `host.url` inside the tests.
 */
export function useWebHost(options: { open?: boolean } = {}): { readonly url: string; readonly dbPath: string } {
  let host: WebHost | undefined;
  before(async () => {
    host = await startWebHost();
    if (options.open !== false) await browser.url(host.url);
  });
  after(async () => {
    await host?.stop();
  });
  const started = (): WebHost => {
    if (!host) throw new Error('the web host is not started yet: read it inside a test');
    return host;
  };
  return {
    get url() {
      return started().url;
    },
    get dbPath() {
      return started().dbPath;
    },
  };
}
