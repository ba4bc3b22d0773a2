import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { integrityCheck, LATEST_SCHEMA_VERSION, NewerSchemaError, openDatabase, schemaVersion, Store } from '../../../src/app/store';
import { MIGRATIONS } from '../../../src/app/store/migrations';
import type { RunResult } from '../../../src/engine/results/types';
import { POINT_STATUSES, RUN_STATUSES, SWEEP_STATUSES } from '../../../src/shared/api-types';
import { loadAcceleratorFile } from '../../../src/engine/io';
import { cactiKey, reviveBandwidths } from '../../../src/engine';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'studio-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sampleResult(latency = 1000): RunResult {
  return {
    latencyCycles: latency,
    energyPj: 2500.5,
    edp: latency * 2500.5,
    energyBreakdown: { onChipCompute: 1000, onChipMemory: 1000, offChip: 500.5, eviction: 0, sinkWriteback: 0, coreToCore: 0, links: 0, total: 2500.5 },
    memoryPeaksBytes: { '0:sram': 4096, '1:sram': 1024 },
    nCns: 2,
    allocation: { '0': [0], '1': [1] },
    cores: [{ coreId: 0, name: 'c0', busyCycles: 600, utilisation: 0.6, nCns: 1, energyPj: 1200 }],
    links: [],
    schedule: {
      cns: [
        { id: 0, layerId: 0, layerName: 'L0', subId: 0, coreId: 0, start: 0, end: 600, energyPj: 1200 },
        { id: 1, layerId: 1, layerName: 'L1', subId: 0, coreId: 1, start: 600, end: latency, energyPj: 800 },
      ],
      transfers: [],
    },
    memory: [{ key: '0:sram', coreId: 0, memoryName: 'sram', capacityBits: 65536, times: [0, 600], usedBits: [32768, 0], peakBits: 32768 }],
    pareto: [{ latencyCycles: latency, energyPj: 2500.5 }],
    gaHistory: [],
    costLut: [{ layerId: 0, layerName: 'L0', coreId: 0, latencyCycles: 600, energyPj: 1200 }],
    lut: { hits: 1, misses: 3 },
    warnings: [],
    timingsMs: { total: 12 },
  };
}

function seedRun(store: Store) {
  const project = store.projects.create({ name: 'p' });
  const design = store.designs.create({ projectId: project.id, name: 'd', origin: 'editor', accelerator: { name: 'acc', cores: [], links: [] } as never });
  const mapping = store.mappings.create(project.id, 'm', '- name: default\n', 1);
  const run = store.runs.create({
    projectId: project.id,
    name: 'r',
    origin: 'app',
    design: { id: design.id, name: design.name, hash: design.contentHash },
    workload: { id: null, name: 'w', hash: 'h' },
    mapping: { id: mapping.id, name: mapping.name, hash: mapping.contentHash },
    options: { mode: 'lbl' },
  });
  return { project, design, mapping, run };
}

describe('workspace store', () => {
  it('creates a fresh file with WAL, foreign keys and the latest schema version', () => {
    const store = Store.open(join(dir, 'a', 'w.sqlite'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(integrityCheck(store.db)).toBe('ok');
    store.close();
    // Re-opening applies nothing twice.
    const again = Store.open(join(dir, 'a', 'w.sqlite'));
    expect((again.db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n).toBe(MIGRATIONS.length);
    again.close();
  });

  it.each([
    ['runs', RUN_STATUSES],
    ['sweeps', SWEEP_STATUSES],
    ['sweep_points', POINT_STATUSES],
  ] as const)('checks the statuses of %s in SQL against the one list the API and the types use', (table, statuses) => {
    const store = Store.open(join(dir, `status-${table}.sqlite`));
    const { sql } = store.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string };
    const check = /status TEXT NOT NULL CHECK \(status IN \(([^)]*)\)\)/.exec(sql);
    expect(check, `the ${table} table has a CHECK on status`).not.toBeNull();
    // A status added to the list needs a migration that widens this CHECK.
    expect(check![1]!.split(',').map((s) => s.trim().replace(/'/g, ''))).toEqual([...statuses]);
    store.close();
  });

  it('applies pending migrations in one transaction and rolls back a failing one', () => {
    const path = join(dir, 'm.sqlite');
    const broken = [...MIGRATIONS, { version: 99, description: 'broken', sql: 'CREATE TABLE extra (x); SELECT * FROM no_such_table;' }];
    expect(() => openDatabase(path, { migrations: broken })).toThrow(/no_such_table/);
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a workspace written by a newer version with a clear message', () => {
    const path = join(dir, 'new.sqlite');
    const future = [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 1, description: 'future', sql: 'CREATE TABLE future_things (x);' }];
    openDatabase(path, { migrations: future }).close();
    let error: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NewerSchemaError);
    expect((error as Error).message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 1}, but this Stream Studio only knows versions up to ${LATEST_SCHEMA_VERSION}`);
  });

  it('stores a finished run and its compressed artifacts in one transaction', () => {
    const store = Store.open(join(dir, 'r.sqlite'));
    const { run } = seedRun(store);
    expect(store.runs.markRunning(run.id)).toBe(true);
    store.runs.setProgress(run.id, { stage: 'Scheduling', percent: 40 });
    expect(store.runs.get(run.id)!.progress).toEqual({ stage: 'Scheduling', percent: 40 });
    const result = sampleResult();
    expect(store.runs.finish(run.id, { status: 'done', result, metrics: { latencyCycles: 1000, energyPj: 2500.5, edp: 2500500, nCns: 2, peakMemoryBytes: 4096, lutHits: 1, lutMisses: 3, durationMs: 5 } })).toBe(true);
    expect(store.runs.result(run.id)).toEqual(result);
    const sizes = store.runs.artifactSizes(run.id);
    expect(sizes.map((s) => s.kind).sort()).toEqual(['costLut', 'gaHistory', 'memory', 'pareto', 'result', 'schedule']);
    // A finished run cannot finish again (e.g. a late cancel).
    expect(store.runs.finish(run.id, { status: 'cancelled' })).toBe(false);
    expect(store.runs.get(run.id)!.status).toBe('done');
    store.close();
  });

  it('stamps CACTI results with the engine version known before the full provenance, and reads back only that version', () => {
    const store = Store.open(join(dir, 'cacti.sqlite'));
    const query = (sizeBits: number) => ({ sizeBits, widthBits: 64, readPorts: 1, writePorts: 1, readWritePorts: 0, technologyNm: 22 });
    const priced = (sizeBits: number) => ({ key: cactiKey(query(sizeBits)), query: query(sizeBits), run: { ok: true as const, read: 1, write: 2, area: 0.1 } });
    store.cacti.record([priced(1 << 20)]); // a connection that knows no version: a row no version reuses
    store.cacti.engineVersion = '9.9.9';
    store.cacti.record([priced(1 << 21)]);
    expect(store.cacti.stats().map((r) => [r.query.sizeBits, r.engineVersion]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1 << 20, null],
      [1 << 21, '9.9.9'],
    ]);
    expect(store.cacti.all().map((r) => r.query.sizeBits)).toEqual([1 << 21]);
    // Once the full provenance is known it decides.
    store.cacti.provenance = { engineVersion: '9.9.8', modelFingerprint: 'f' };
    expect(store.cacti.all()).toEqual([]);
    store.close();
  });

  it('upgrades an older workspace and keeps its data', () => {
    const path = join(dir, 'old.sqlite');
    const v1 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 1) });
    v1.prepare("INSERT INTO projects (name, created_at, updated_at) VALUES ('kept', 'then', 'then')").run();
    v1.close();
    const store = Store.open(path);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.projects.list().map((p) => p.name)).toEqual(['kept']);
    store.close();
  });

  it('marks runs a dead host left behind as interrupted, not those of a live host', () => {
    const store = Store.open(join(dir, 'i.sqlite'));
    const { run, project } = seedRun(store);
    store.runs.markRunning(run.id);
    const otherHost = store.runs.create({
      projectId: project.id,
      name: 'cli run',
      origin: 'cli',
      design: { id: null, name: 'd', hash: 'h' },
      workload: { id: null, name: 'w', hash: 'h' },
      mapping: { id: null, name: 'm', hash: 'h' },
      options: {},
      hostPid: 424242,
    });
    store.runs.markRunning(otherHost.id);
    expect(store.runs.markAbandonedInterrupted((pid) => pid === 424242)).toBe(1);
    expect(store.runs.get(otherHost.id)!.status).toBe('running');
    const after = store.runs.get(run.id)!;
    expect(after.status).toBe('interrupted');
    expect(after.error).toMatch(/stopped/);
    store.close();
  });

  it('keeps runs when their inputs are deleted and deletes everything with the project', () => {
    const store = Store.open(join(dir, 'c.sqlite'));
    const { project, design, run } = seedRun(store);
    store.designs.delete(design.id);
    const orphan = store.runs.get(run.id)!;
    expect(orphan.designId).toBeNull();
    expect(orphan.designName).toBe('d');
    store.projects.delete(project.id);
    expect(store.runs.get(run.id)).toBeUndefined();
    expect(store.mappings.list(project.id)).toEqual([]);
    expect(integrityCheck(store.db)).toBe('ok');
    store.close();
  });

  it('shares cost LUT entries by key, counting hits', () => {
    const store = Store.open(join(dir, 'l.sqlite'));
    store.lut.record([
      ['k1', { latencyTotal2: 5 }],
      ['k2', { latencyTotal2: 7 }],
    ]);
    store.lut.record([['k1', { latencyTotal2: 999 }]], new Map([['k1', 3]]));
    expect(store.lut.get('k1')).toEqual({ latencyTotal2: 5 });
    const stats = store.lut.stats();
    expect(stats.entries).toBe(2);
    expect(stats.totalHits).toBe(3);
    expect(store.lut.clear()).toBe(2);
    expect(store.lut.stats().entries).toBe(0);
    store.close();
  });

  it('stores an unbounded (Infinity) bandwidth as null and reads it back as Infinity', () => {
    // A 2D mesh with a SIMD core: the reference links the SIMD core with infinite-bandwidth links.
    const loaded = loadAcceleratorFile(join(__dirname, '../../../resources/inputs/stream/testing/hardware/simple_example_hw.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const accelerator = loaded.value;
    const unbounded = accelerator.links.filter((l) => l.bandwidth === Infinity).map((l) => l.id);
    expect(unbounded.length).toBeGreaterThan(0);
    const path = join(dir, 'inf.sqlite');
    const store = Store.open(path);
    const project = store.projects.create({ name: 'p' });
    const created = store.designs.create({ projectId: project.id, name: 'mesh', origin: 'yaml', accelerator });
    const stored = (store.db.prepare('SELECT accelerator_json FROM designs WHERE id = ?').get(created.id) as { accelerator_json: string }).accelerator_json;
    expect(stored).not.toContain('Infinity');
    expect(JSON.parse(stored).links[unbounded[0]].bandwidth).toBeNull();
    store.close();

    const reopened = Store.open(path);
    const read = reopened.designs.get(created.id)!;
    expect(read.accelerator).toEqual(accelerator);
    expect(read.accelerator.links.filter((l) => l.bandwidth === Infinity).map((l) => l.id)).toEqual(unbounded);
    // Fields that are null on purpose stay null; the hash does not change on a save of the same document.
    expect(reviveBandwidths({ offchipCoreId: null, topology: { connectivity: [{ bandwidth: null, unitEnergyCost: null }] } })).toEqual({
      offchipCoreId: null,
      topology: { connectivity: [{ bandwidth: Infinity, unitEnergyCost: null }] },
    });
    expect(reopened.designs.update(created.id, { accelerator: read.accelerator })!.contentHash).toBe(created.contentHash);
    reopened.close();
  });
});

