/**
 * Numbered schema migrations. Each runs once, in order, inside one transaction together with the update of
 * the schema version. Never edit a released migration: append a new one.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'projects, designs, workloads, mappings, runs, artifacts, cost LUT',
    sql: `
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        tags_json TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE designs (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('editor', 'yaml', 'example')),
        accelerator_json TEXT NOT NULL,
        yaml_main TEXT,
        yaml_files_json TEXT,
        content_hash TEXT NOT NULL,
        core_count INTEGER NOT NULL,
        link_count INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX designs_project ON designs(project_id);

      CREATE TABLE workloads (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('onnx', 'yaml')),
        source BLOB NOT NULL,
        summary_json TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        layer_count INTEGER NOT NULL,
        total_macs REAL NOT NULL,
        total_weight_bits REAL NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX workloads_project ON workloads(project_id);

      CREATE TABLE mappings (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        yaml TEXT NOT NULL,
        entry_count INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX mappings_project ON mappings(project_id);

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('app', 'cli')),
        design_id INTEGER REFERENCES designs(id) ON DELETE SET NULL,
        workload_id INTEGER REFERENCES workloads(id) ON DELETE SET NULL,
        mapping_id INTEGER REFERENCES mappings(id) ON DELETE SET NULL,
        design_name TEXT NOT NULL,
        workload_name TEXT NOT NULL,
        mapping_name TEXT NOT NULL,
        design_hash TEXT NOT NULL,
        workload_hash TEXT NOT NULL,
        mapping_hash TEXT NOT NULL,
        options_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        progress_json TEXT,
        metrics_json TEXT,
        error TEXT,
        tags_json TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX runs_project_created ON runs(project_id, id DESC);
      CREATE INDEX runs_status ON runs(status);

      CREATE TABLE run_artifacts (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        encoding TEXT NOT NULL,
        raw_bytes INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (run_id, kind)
      ) WITHOUT ROWID;

      CREATE TABLE lut_entries (
        key TEXT PRIMARY KEY,
        entry_json TEXT NOT NULL,
        hits INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'runs remember the process hosting them, so another host does not interrupt them',
    sql: `
      ALTER TABLE runs ADD COLUMN host_pid INTEGER;
    `,
  },
  {
    version: 3,
    description: 'sweeps and their points; provenance (engine version, model fingerprint) on runs and cost LUT entries',
    sql: `
      CREATE TABLE sweeps (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        definition_json TEXT NOT NULL,
        base_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'cancelled', 'interrupted', 'failed')),
        total INTEGER NOT NULL,
        done INTEGER NOT NULL DEFAULT 0,
        invalid INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        engine_version TEXT NOT NULL,
        model_fingerprint TEXT NOT NULL,
        host_pid INTEGER,
        error TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX sweeps_project ON sweeps(project_id, id DESC);

      CREATE TABLE sweep_points (
        sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        params_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'invalid', 'failed')),
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        seed_run_ids_json TEXT NOT NULL DEFAULT '[]',
        latency_cycles REAL,
        energy_pj REAL,
        area_mm2 REAL,
        edp REAL,
        seeds_json TEXT,
        cpu_ms REAL,
        lut_hits INTEGER,
        lut_misses INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        finished_at TEXT,
        PRIMARY KEY (sweep_id, idx)
      ) WITHOUT ROWID;

      ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL;
      ALTER TABLE runs ADD COLUMN engine_version TEXT;
      ALTER TABLE runs ADD COLUMN model_fingerprint TEXT;
      CREATE INDEX runs_sweep ON runs(sweep_id);
      ALTER TABLE lut_entries ADD COLUMN engine_version TEXT;
      ALTER TABLE lut_entries ADD COLUMN model_fingerprint TEXT;
    `,
  },
  {
    version: 4,
    description: 'cost LUT keys are the engine\'s one content hash (SHA-256) now: entries under the old keys can never hit again',
    sql: `
      DELETE FROM lut_entries;
    `,
  },
  {
    version: 5,
    description: 'direct CACTI results, keyed by the content hash of the CACTI configuration, with provenance',
    sql: `
      CREATE TABLE cacti_runs (
        key TEXT PRIMARY KEY,
        query_json TEXT NOT NULL,
        run_json TEXT NOT NULL,
        hits INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL,
        engine_version TEXT,
        model_fingerprint TEXT
      ) WITHOUT ROWID;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
