import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepCommand } from '../../../src/cli/commands/sweep';
import { sweepsCommand } from '../../../src/cli/commands/sweeps';
import { integrityCheck, openDatabase, Store } from '../../../src/app/store';
import { cliIo, writeNinePointSweep } from './helpers';

const BIN = resolve(import.meta.dirname, '../../../bin/stream-studio.js');

function finishedPoints(db: string): { idx: number; run_id: number; status: string }[] {
  try {
    const conn = openDatabase(db, { readonly: true });
    try {
      return conn.prepare("SELECT idx, run_id, status FROM sweep_points WHERE status = 'done' ORDER BY idx").all() as { idx: number; run_id: number; status: string }[];
    } finally {
      conn.close();
    }
  } catch {
    return [];
  }
}

describe('kill mid-sweep, then resume (local pool)', () => {
  it('marks the sweep interrupted, runs only the unfinished points, none twice, and the workspace stays intact', async () => {
    const { dir, file, db } = writeNinePointSweep();
    const child = spawn(process.execPath, [BIN, 'sweep', file, '--db', db, '--workers', '1'], { stdio: 'ignore', detached: false });
    let before: { idx: number; run_id: number }[] = [];
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
      before = finishedPoints(db);
      if (before.length >= 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(before.length).toBeGreaterThanOrEqual(2);
    before = finishedPoints(db);
    expect(before.length).toBeLessThan(9);

    // The next start sees the sweep abandoned by a dead host.
    const listIo = cliIo(dir);
    expect(await sweepsCommand.run(['list', '--db', db, '--json'], listIo)).toBe(0);
    expect(JSON.parse(listIo.out.join(''))[0].status).toBe('interrupted');
    const io = cliIo(dir);
    const code = await sweepCommand.run(['resume', '1', '--db', db, '--workers', '2', '--json'], io);
    expect(code).toBe(0);
    const store = Store.open(db);
    try {
      const sweep = store.sweeps.get(1)!;
      expect(sweep.status).toBe('done');
      expect(sweep.done).toBe(9);
      const points = store.sweeps.points(1);
      expect(points.every((p) => p.status === 'done')).toBe(true);
      // Points finished before the kill were not run again: same run, and one run per point in total.
      for (const b of before) expect(points.find((p) => p.index === b.idx)!.runId).toBe(b.run_id);
      const runs = store.db.prepare('SELECT COUNT(*) AS n FROM runs WHERE sweep_id = 1').get() as { n: number };
      expect(runs.n).toBe(9);
      expect(new Set(points.map((p) => p.runId)).size).toBe(9);
      expect(integrityCheck(store.db)).toBe('ok');
    } finally {
      store.close();
    }
  }, 400_000);
});
