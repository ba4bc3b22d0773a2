import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/index';
import { parseArgs } from '../../../src/cli/args';
import { UsageError, type CliCommand, type CliIo } from '../../../src/cli/command';
import { InputError } from '../../../src/engine/errors';
import { commands } from '../../../src/cli/registry';

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: process.cwd(),
    env: {},
    out: () => out,
    err: () => err,
  };
}

const failing = (error: unknown): CliCommand => ({
  name: 'boom',
  summary: 'fails',
  usage: 'Usage: stream-studio boom',
  run: async () => {
    throw error;
  },
});

describe('cli main', () => {
  it('lists commands on help and exits 0', async () => {
    const io = capture();
    expect(await main(['help'], io, [failing(new Error('x'))])).toBe(0);
    expect(io.out()).toContain('boom');
  });

  it('rejects an unknown command with exit 2', async () => {
    const io = capture();
    expect(await main(['nope'], io, [])).toBe(2);
    expect(io.err()).toContain('unknown command "nope"');
  });

  it('reports input errors with file and field, without a stack trace', async () => {
    const io = capture();
    const code = await main(['boom'], io, [failing(InputError.single('hw.yaml', 'cores[1].size', 'a positive integer', '-3'))]);
    expect(code).toBe(2);
    expect(io.err()).toContain('hw.yaml: cores[1].size: expected a positive integer (found -3)');
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  it('turns usage errors into exit 2 with the usage text', async () => {
    const io = capture();
    expect(await main(['boom'], io, [failing(new UsageError('option --x expects a value'))])).toBe(2);
    expect(io.err()).toContain('Usage: stream-studio boom');
  });

  it('turns unexpected errors into exit 1 with the message only', async () => {
    const io = capture();
    expect(await main(['boom'], io, [failing(new Error('disk full'))])).toBe(1);
    expect(io.err()).toBe('stream-studio boom: disk full\n');
  });
});

describe('command registry', () => {
  it('names and summarises each command as its module does (modules load only when used)', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
    }
  });

  it('loads echarts only to plot: no CLI module but svg.ts imports it statically', () => {
    const cliDir = resolve(import.meta.dirname, '../../../src/cli');
    const files = (readdirSync(cliDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(cliDir, f));
    const importers = files.filter((f) => /^import[^;]*from 'echarts'/m.test(readFileSync(f, 'utf8'))).map((f) => relative(cliDir, f));
    expect(importers).toEqual(['svg.ts']);
  });

  it('shows a registered command\'s usage on help <name>', async () => {
    const io = capture();
    expect(await main(['help', 'inspect'], io)).toBe(0);
    expect(io.out()).toContain('Usage: stream-studio inspect');
  });
});

describe('parseArgs', () => {
  const spec = { json: 'boolean', port: 'number', db: 'string' } as const;

  it('parses flags in both spellings and keeps positionals', () => {
    const parsed = parseArgs(['list', '--json', '--port', '8080', '--db=/tmp/x.sqlite'], spec);
    expect(parsed.flags).toEqual({ json: true, port: 8080, db: '/tmp/x.sqlite' });
    expect(parsed.positionals).toEqual(['list']);
  });

  it('names the offending flag', () => {
    expect(() => parseArgs(['--nope'], spec)).toThrow('unknown option --nope');
    expect(() => parseArgs(['--port', 'abc'], spec)).toThrow('option --port expects a number');
    expect(() => parseArgs(['--db'], spec)).toThrow('option --db expects a value');
    expect(() => parseArgs(['--json=1'], spec)).toThrow('takes no value');
  });
});
