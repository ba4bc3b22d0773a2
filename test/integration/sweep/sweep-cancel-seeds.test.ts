import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store, integrityCheck } from '../../../src/app/store';
import { createSweep, runSweep } from '../../../src/app/sweep/coordinator';
import { loadSweepFile } from '../../../src/app/sweep/load';
import { LocalPool } from '../../../src/app/sweep/local-pool';
import { provenance } from '../../../src/app/sweep/provenance';
import { sweepSummary } from '../../../src/app/sweep/views';
import { LAB1, writeNinePointSweep } from './helpers';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('sweep cancel and GA seeds (local pool)', () => {
  it('cancel stops every worker process, keeps finished points, and resume completes the rest', async () => {
    const { file, db } = writeNinePointSweep();
    const loaded = loadSweepFile(file);
    const store = Store.open(db);
    try {
      const sweep = createSweep(store, { projectName: 'p', definition: loaded.definition, base: loaded.base, provenance: await provenance() });
      const pool = new LocalPool(2, db);
      const pids = pool.pids;
      const controller = new AbortController();
      let cancelledAt = 0;
      const result = await runSweep(store, sweep.id, pool, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done >= 1 && !controller.signal.aborted) {
            cancelledAt = performance.now();
            controller.abort();
          }
        },
      });
      // runSweep returns once the pool has stopped: every worker process has exited.
      console.log(`cancel → all workers stopped in ${(performance.now() - cancelledAt).toFixed(0)} ms`);
      expect(pids.every((pid) => !alive(pid))).toBe(true);
      expect(result.status).toBe('cancelled');
      const points = store.sweeps.points(sweep.id);
      const finished = points.filter((p) => p.status === 'done').length;
      expect(finished).toBeGreaterThanOrEqual(1);
      expect(finished).toBeLessThan(9);
      expect(points.some((p) => p.status === 'running')).toBe(false);

      const pool2 = new LocalPool(2, db);
      const resumed = await runSweep(store, sweep.id, pool2);
      await pool2.close();
      expect(resumed.status).toBe('done');
      expect(resumed.done).toBe(9);
      const runs = store.db.prepare('SELECT COUNT(*) AS n FROM runs WHERE sweep_id = ?').get(sweep.id) as { n: number };
      expect(runs.n).toBe(9);
      expect(integrityCheck(store.db)).toBe('ok');
    } finally {
      store.close();
    }
  }, 300_000);

  it('a sweep whose every point failed is failed, naming a point and its reason', async () => {
    const { file, db } = writeNinePointSweep();
    const loaded = loadSweepFile(file);
    // Worker processes that exit at once: every point fails ("exited before it started").
    const exits = join(mkdtempSync(join(tmpdir(), 'sweep-exit-')), 'exit.mjs');
    writeFileSync(exits, 'process.exit(3);\n');
    const store = Store.open(db);
    try {
      const sweep = createSweep(store, { projectName: 'p', definition: loaded.definition, base: loaded.base, provenance: await provenance() });
      const pool = new LocalPool(1, db, exits);
      const result = await runSweep(store, sweep.id, pool);
      await pool.close();
      expect(result.failed).toBe(9);
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(/^no point finished: 9 failed \(point #0: the worker process exited before it started \(code 3\)\)$/);
      // The app's API carries the reason (the Explore view shows it under the sweep's status).
      expect(sweepSummary(result)).toMatchObject({ status: 'failed', error: result.error });
    } finally {
      store.close();
    }
  }, 120_000);

  it('runs k GA seeds per point and reports best, median and spread', async () => {
    const { dir, file, db } = writeNinePointSweep();
    const mapping = join(dir, 'mapping.yaml');
    writeFileSync(mapping, '- name: default\n  core_allocation: [0, 1, 2]\n  intra_core_tiling:\n    - OY, all\n  inter_core_tiling:\n    - K, 1\n');
    writeFileSync(
      file,
      `accelerator: ${LAB1}/hardware/hda_bus.yaml\nworkload: ${LAB1}/workload/4_convs.onnx\nmapping: mapping.yaml\n` +
        `options: { allocation: ga, nb_ga_individuals: 4, nb_ga_generations: 2, seed: 5 }\naxes:\n  - field: links[*].bandwidth\n    values: [16, 64]\nseeds: 3\n`,
    );
    const loaded = loadSweepFile(file);
    const store = Store.open(db);
    try {
      const sweep = createSweep(store, { projectName: 'p', definition: loaded.definition, base: loaded.base, provenance: await provenance() });
      const pool = new LocalPool(1, db);
      const done = await runSweep(store, sweep.id, pool);
      await pool.close();
      expect(done.status).toBe('done');
      for (const p of store.sweeps.points(sweep.id)) {
        expect(p.seedRunIds).toHaveLength(3);
        const seeds = p.seedRunIds.map((id) => store.runs.get(id)!.options['seed']);
        expect(seeds).toEqual([5, 6, 7]);
        const latencies = p.seedRunIds.map((id) => store.runs.result(id)!.latencyCycles).sort((a, b) => a - b);
        expect(p.seeds!.latency.median).toBe(latencies[1]);
        expect(p.seeds!.latency.spread).toBe(latencies[2]! - latencies[0]!);
        expect(p.seeds!.latency.best).toBe(latencies[0]);
        // The point's figures are those of its best seed (lowest EDP), which is one of its runs.
        expect(p.seedRunIds).toContain(p.runId);
        expect(store.runs.result(p.runId!)!.edp).toBe(p.edp);
      }
    } finally {
      store.close();
    }
  }, 300_000);
});
