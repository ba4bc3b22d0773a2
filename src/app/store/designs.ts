import { contentHash, reviveBandwidths } from '../../engine';
import type { Accelerator, DesignOrigin, DesignSummary, HardwareDesign, SourceFile } from '../../shared/api-types';
import type { Db } from './database';
import { nowIso, parseJsonColumn } from './rows';

interface DesignRow {
  id: number;
  project_id: number;
  name: string;
  origin: DesignOrigin;
  accelerator_json: string;
  yaml_main: string | null;
  yaml_files_json: string | null;
  content_hash: string;
  core_count: number;
  link_count: number;
  created_at: string;
  updated_at: string;
}

const SUMMARY_COLUMNS = 'id, project_id, name, origin, content_hash, core_count, link_count, created_at, updated_at';

function toSummary(row: Omit<DesignRow, 'accelerator_json' | 'yaml_main' | 'yaml_files_json'>): DesignSummary {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    origin: row.origin,
    coreCount: row.core_count,
    linkCount: row.link_count,
    contentHash: row.content_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDesign(row: DesignRow): HardwareDesign {
  return {
    ...toSummary(row),
    // JSON stores an unbounded (Infinity) bandwidth as null: read back as Infinity.
    accelerator: reviveBandwidths(JSON.parse(row.accelerator_json) as Accelerator),
    yamlSource: row.yaml_main === null ? null : { main: row.yaml_main, files: parseJsonColumn<SourceFile[]>(row.yaml_files_json, []) },
  };
}

/** How many cores and links a design has, from the accelerator document, whatever exact shape it has. */
export function countDesign(accelerator: Accelerator): { cores: number; links: number } {
  const cores = accelerator['cores'];
  const links = accelerator['links'];
  const count = (v: unknown) => (Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0);
  return { cores: count(cores), links: count(links) };
}

export interface NewDesign {
  readonly projectId: number;
  readonly name: string;
  readonly origin: DesignOrigin;
  readonly accelerator: Accelerator;
  readonly yamlSource?: { readonly main: string; readonly files: readonly SourceFile[] } | null;
}

export class DesignRepository {
  constructor(private readonly db: Db) {}

  list(projectId: number): DesignSummary[] {
    return (this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM designs WHERE project_id = ? ORDER BY id`).all(projectId) as DesignRow[]).map(toSummary);
  }

  get(id: number): HardwareDesign | undefined {
    const row = this.db.prepare('SELECT * FROM designs WHERE id = ?').get(id) as DesignRow | undefined;
    return row && toDesign(row);
  }

  create(design: NewDesign): HardwareDesign {
    const now = nowIso();
    const { cores, links } = countDesign(design.accelerator);
    const info = this.db
      .prepare(
        `INSERT INTO designs (project_id, name, origin, accelerator_json, yaml_main, yaml_files_json, content_hash, core_count, link_count, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        design.projectId,
        design.name,
        design.origin,
        JSON.stringify(design.accelerator),
        design.yamlSource?.main ?? null,
        design.yamlSource ? JSON.stringify(design.yamlSource.files) : null,
        contentHash(design.accelerator),
        cores,
        links,
        now,
        now,
      );
    return this.get(Number(info.lastInsertRowid))!;
  }

  update(id: number, fields: { name?: string; accelerator?: Accelerator }): HardwareDesign | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const accelerator = fields.accelerator ?? current.accelerator;
    const { cores, links } = countDesign(accelerator);
    this.db
      .prepare('UPDATE designs SET name = ?, accelerator_json = ?, content_hash = ?, core_count = ?, link_count = ?, updated_at = ? WHERE id = ?')
      .run(fields.name ?? current.name, JSON.stringify(accelerator), contentHash(accelerator), cores, links, nowIso(), id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM designs WHERE id = ?').run(id).changes > 0;
  }
}
