import { contentHash } from '../../engine';
import type { MappingDocument, MappingSummary } from '../../shared/api-types';
import type { Db } from './database';
import { nowIso } from './rows';

interface MappingRow {
  id: number;
  project_id: number;
  name: string;
  yaml: string;
  entry_count: number;
  content_hash: string;
  created_at: string;
  updated_at: string;
}

function toSummary(row: Omit<MappingRow, 'yaml'>): MappingSummary {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    entryCount: row.entry_count,
    contentHash: row.content_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class MappingRepository {
  constructor(private readonly db: Db) {}

  list(projectId: number): MappingSummary[] {
    const rows = this.db
      .prepare('SELECT id, project_id, name, entry_count, content_hash, created_at, updated_at FROM mappings WHERE project_id = ? ORDER BY id')
      .all(projectId) as MappingRow[];
    return rows.map(toSummary);
  }

  get(id: number): MappingDocument | undefined {
    const row = this.db.prepare('SELECT * FROM mappings WHERE id = ?').get(id) as MappingRow | undefined;
    return row && { ...toSummary(row), yaml: row.yaml };
  }

  create(projectId: number, name: string, yaml: string, entryCount: number): MappingDocument {
    const now = nowIso();
    const info = this.db
      .prepare('INSERT INTO mappings (project_id, name, yaml, entry_count, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(projectId, name, yaml, entryCount, contentHash(yaml), now, now);
    return this.get(Number(info.lastInsertRowid))!;
  }

  update(id: number, fields: { name?: string; yaml?: string; entryCount?: number }): MappingDocument | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const yaml = fields.yaml ?? current.yaml;
    this.db
      .prepare('UPDATE mappings SET name = ?, yaml = ?, entry_count = ?, content_hash = ?, updated_at = ? WHERE id = ?')
      .run(fields.name ?? current.name, yaml, fields.entryCount ?? current.entryCount, contentHash(yaml), nowIso(), id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM mappings WHERE id = ?').run(id).changes > 0;
  }
}
