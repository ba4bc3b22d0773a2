/** Run and sweep worker processes started from TypeScript sources find tsx wherever the command was run. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tsxExecArgv } from '../../../src/engine/io';

describe('tsxExecArgv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stream-studio-cwd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A TypeScript entry (a type annotation plain Node cannot read), run from a directory with no node_modules.
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, 'const answer: number = 6 * 7;\nconsole.log(answer);\n');

  it('loads a TypeScript entry from a working directory without node_modules', () => {
    const run = spawnSync(process.execPath, [...tsxExecArgv(), entry], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('42');
  });

  it('where `--import tsx` alone does not (the package is looked up from the working directory)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', entry], { cwd: dir, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Cannot find package 'tsx'");
  });
});
