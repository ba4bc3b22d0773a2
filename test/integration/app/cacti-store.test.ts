/**
 * Direct CACTI results are cached in the workspace like cost LUT entries: an automatic-cost memory off the CACTI
 * table's grid is run through CACTI once, by whichever process first prices it (here an app run's pipeline worker
 * process); the host stores the result, and every later process (another pipeline worker, a fresh `stream-studio
 * run --db` process) takes it from the workspace instead of running CACTI again, with identical figures.
 * Real SQLite files, real worker and CLI processes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Accelerator, CACTI_TABLE, cactiKey, cactiQueryOf, lookupCacti } from '../../../src/engine';
import { prepareWorkerEntry, type WorkerBundle } from '../../../src/app/pipeline/worker-bundle';
import { reviveAccelerator } from '../../../src/app/pipeline/revive';
import { integrityCheck, Store } from '../../../src/app/store';
import type { HardwareDesign, RunDetail, SourceFile } from '../../../src/shared/api';
import { call, exampleInputs, openServices, startRun, tempDir, type ExampleInputs } from './helpers';

const ROOT = join(__dirname, '../../..');
// sram_64KB of testing_core1 made automatic and 72 KB (589824 b): between the table’s 524288 and 655360 b.
const MEMORY = 'sram_64KB';
const OFF_GRID_BITS = 589_824;
let worker: WorkerBundle;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  worker = await prepareWorkerEntry();
  tmp = tempDir('studio-cacti-store-');
});
afterAll(() => {
  worker?.dispose();
  tmp?.remove();
});

function offGrid(accelerator: Accelerator): Accelerator {
  const core = accelerator.cores[0]!;
  const memories = core.memories.map((level) =>
    level.instance.name === MEMORY ? { ...level, instance: { ...level.instance, sizeBits: OFF_GRID_BITS, autoCostExtraction: true } } : level,
  );
  return { ...accelerator, cores: [{ ...core, memories }, ...accelerator.cores.slice(1)] };
}

async function finishedRun(services: ReturnType<typeof openServices>, inputs: ExampleInputs): Promise<RunDetail> {
  const run = await startRun(services, inputs);
  await services.runs.whenFinished(run.id);
  const detail = await call<RunDetail>(services, 'runs.get', { runId: run.id });
  expect(detail.run.error).toBeNull();
  expect(detail.run.status).toBe('done');
  return detail;
}

describe('direct CACTI results in the workspace', () => {
  it('stores a pipeline worker’s CACTI run; later worker and CLI processes reuse it without running CACTI', async () => {
    const dbPath = join(tmp.path, 'w.sqlite');
    const services = openServices(dbPath, worker);
    let inputs: ExampleInputs;
    let first: RunDetail;
    let second: RunDetail;
    let files: { main: string; files: SourceFile[] };
    try {
      inputs = await exampleInputs(services, 'testing-two-cores');
      const design = await call<HardwareDesign>(services, 'designs.get', { designId: inputs.designId });
      const edited = offGrid(reviveAccelerator(design.accelerator as unknown as Accelerator));
      const memory = edited.cores[0]!.memories.find((m) => m.instance.name === MEMORY)!.instance;
      const query = cactiQueryOf(memory);
      if (!query.ok) throw new Error(query.reason);
      // Precondition: the table has no figures for it (else no CACTI run would be needed at all).
      const table = lookupCacti(CACTI_TABLE, query.query);
      expect(table.ok && table.cost.exact).toBe(false);
      await call(services, 'designs.update', { designId: inputs.designId, accelerator: edited as unknown as Record<string, unknown> });
      files = await call<{ main: string; files: SourceFile[] }>(services, 'designs.exportYaml', { designId: inputs.designId });

      first = await finishedRun(services, inputs);
      const rows = services.store.cacti.stats();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ key: cactiKey(query.query), query: query.query, ok: true, hits: 0 });
      expect(rows[0]!.engineVersion).not.toBeNull();

      // A new worker process: the stored result is used (a hit), CACTI is not run (no new row, same figures).
      second = await finishedRun(services, inputs);
      expect(services.store.cacti.stats()).toMatchObject([{ key: rows[0]!.key, hits: 1 }]);
      expect(second.run.metrics!.energyPj).toBe(first.run.metrics!.energyPj);
      expect(second.run.metrics!.latencyCycles).toBe(first.run.metrics!.latencyCycles);
      expect(second.run.metrics!.energyPj).toBeGreaterThan(0);
    } finally {
      await services.close();
    }

    // A fresh CLI process on the same workspace: zero CACTI runs, one configuration from the workspace.
    const dir = join(tmp.path, 'design');
    for (const f of files.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
    const cliRun = (db: string) => {
      const example = join(ROOT, 'resources/inputs/stream/testing');
      const args = ['run', '--accelerator', join(dir, files.main), '--workload', join(example, 'workload/testing_workload_for_2_cores.yaml')];
      args.push('--mapping', join(example, 'mapping/testing_mapping.yaml'), '--allocation', 'fixed', '--db', db, '--json');
      return JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bin/stream-studio.js'), ...args], { encoding: 'utf8' })) as {
        energy_pj: number;
        latency_cycles: number;
        cacti: { runs: number; from_workspace: number };
      };
    };
    const json = cliRun(dbPath);
    expect(json.cacti).toEqual({ runs: 0, from_workspace: 1 });
    expect(json.energy_pj).toBe(first.run.metrics!.energyPj);
    expect(json.latency_cycles).toBe(first.run.metrics!.latencyCycles);
    const store = Store.open(dbPath);
    try {
      expect(store.cacti.stats()).toMatchObject([{ hits: 2 }]);
      expect(integrityCheck(store.db)).toBe('ok');
    } finally {
      store.close();
    }

    // The same CLI run on an empty workspace runs CACTI once and stores the result.
    const freshDb = join(tmp.path, 'fresh.sqlite');
    const again = cliRun(freshDb);
    expect(again.cacti).toEqual({ runs: 1, from_workspace: 0 });
    expect(again.energy_pj).toBe(json.energy_pj);
    const freshStore = Store.open(freshDb);
    try {
      expect(freshStore.cacti.stats()).toMatchObject([{ hits: 0, ok: true }]);
    } finally {
      freshStore.close();
    }
  }, 180_000);
});
