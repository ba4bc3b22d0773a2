import type { Project } from '../../shared/api-types';
import type { Db } from './database';
import { nowIso, parseJsonColumn } from './rows';

interface ProjectRow {
  id: number;
  name: string;
  description: string;
  tags_json: string;
  notes: string;
  created_at: string;
  updated_at: string;
  designs: number;
  workloads: number;
  mappings: number;
  runs: number;
}

const SELECT = `
  SELECT p.*,
    (SELECT COUNT(*) FROM designs d WHERE d.project_id = p.id) AS designs,
    (SELECT COUNT(*) FROM workloads w WHERE w.project_id = p.id) AS workloads,
    (SELECT COUNT(*) FROM mappings m WHERE m.project_id = p.id) AS mappings,
    (SELECT COUNT(*) FROM runs r WHERE r.project_id = p.id) AS runs
  FROM projects p`;

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: parseJsonColumn<string[]>(row.tags_json, []),
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    counts: { designs: row.designs, workloads: row.workloads, mappings: row.mappings, runs: row.runs },
  };
}

export interface ProjectFields {
  readonly name: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly notes?: string;
}

export class ProjectRepository {
  constructor(private readonly db: Db) {}

  list(): Project[] {
    return (this.db.prepare(`${SELECT} ORDER BY p.updated_at DESC, p.id DESC`).all() as ProjectRow[]).map(toProject);
  }

  get(id: number): Project | undefined {
    const row = this.db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as ProjectRow | undefined;
    return row && toProject(row);
  }

  findByName(name: string): Project | undefined {
    const row = this.db.prepare(`${SELECT} WHERE p.name = ?`).get(name) as ProjectRow | undefined;
    return row && toProject(row);
  }

  /** A name not used yet: `base`, else `base (2)`, `base (3)`, ... */
  freeName(base: string): string {
    const exists = this.db.prepare('SELECT 1 FROM projects WHERE name = ?');
    if (!exists.get(base)) return base;
    for (let i = 2; ; i++) {
      const candidate = `${base} (${i})`;
      if (!exists.get(candidate)) return candidate;
    }
  }

  create(fields: ProjectFields): Project {
    const now = nowIso();
    const info = this.db
      .prepare('INSERT INTO projects (name, description, tags_json, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(fields.name, fields.description ?? '', JSON.stringify(fields.tags ?? []), fields.notes ?? '', now, now);
    return this.get(Number(info.lastInsertRowid))!;
  }

  update(id: number, fields: Partial<ProjectFields>): Project | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    this.db
      .prepare('UPDATE projects SET name = ?, description = ?, tags_json = ?, notes = ?, updated_at = ? WHERE id = ?')
      .run(
        fields.name ?? current.name,
        fields.description ?? current.description,
        JSON.stringify(fields.tags ?? current.tags),
        fields.notes ?? current.notes,
        nowIso(),
        id,
      );
    return this.get(id);
  }

  touch(id: number): void {
    this.db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(nowIso(), id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes > 0;
  }
}
