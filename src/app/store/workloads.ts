import { contentHash } from '../../engine';
import type { LayerSummary, WorkloadDetail, WorkloadFormat, WorkloadSummary } from '../../shared/api-types';
import type { Db } from './database';
import { nowIso } from './rows';

interface WorkloadRow {
  id: number;
  project_id: number;
  name: string;
  format: WorkloadFormat;
  content_hash: string;
  layer_count: number;
  total_macs: number;
  total_weight_bits: number;
  size_bytes: number;
  created_at: string;
}

interface StoredSummary {
  readonly layers: readonly LayerSummary[];
  readonly edges: readonly { readonly from: number; readonly to: number }[];
}

const SUMMARY_COLUMNS =
  'id, project_id, name, format, content_hash, layer_count, total_macs, total_weight_bits, length(source) AS size_bytes, created_at';

function toSummary(row: WorkloadRow): WorkloadSummary {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    format: row.format,
    layerCount: row.layer_count,
    totalMacs: row.total_macs,
    totalWeightBits: row.total_weight_bits,
    sizeBytes: row.size_bytes,
    contentHash: row.content_hash,
    createdAt: row.created_at,
  };
}

export interface NewWorkload {
  readonly projectId: number;
  readonly name: string;
  readonly format: WorkloadFormat;
  /** ONNX bytes, or the YAML text as UTF-8. */
  readonly source: Uint8Array;
  readonly layers: readonly LayerSummary[];
  readonly edges: readonly { readonly from: number; readonly to: number }[];
}

export class WorkloadRepository {
  constructor(private readonly db: Db) {}

  list(projectId: number): WorkloadSummary[] {
    return (this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM workloads WHERE project_id = ? ORDER BY id`).all(projectId) as WorkloadRow[]).map(toSummary);
  }

  get(id: number): WorkloadDetail | undefined {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS}, summary_json FROM workloads WHERE id = ?`).get(id) as
      | (WorkloadRow & { summary_json: string })
      | undefined;
    if (!row) return undefined;
    const summary = JSON.parse(row.summary_json) as StoredSummary;
    return { ...toSummary(row), layers: summary.layers, edges: summary.edges };
  }

  /** Name, format and content hash of a workload's source, without reading its bytes. */
  sourceInfo(id: number): { format: WorkloadFormat; name: string; contentHash: string } | undefined {
    const row = this.db.prepare('SELECT format, name, content_hash FROM workloads WHERE id = ?').get(id) as
      | { format: WorkloadFormat; name: string; content_hash: string }
      | undefined;
    return row && { format: row.format, name: row.name, contentHash: row.content_hash };
  }

  source(id: number): { format: WorkloadFormat; name: string; bytes: Buffer; contentHash: string } | undefined {
    const row = this.db.prepare('SELECT format, name, source, content_hash FROM workloads WHERE id = ?').get(id) as
      | { format: WorkloadFormat; name: string; source: Buffer; content_hash: string }
      | undefined;
    return row && { format: row.format, name: row.name, bytes: row.source, contentHash: row.content_hash };
  }

  create(workload: NewWorkload): WorkloadDetail {
    const totalMacs = workload.layers.reduce((s, l) => s + l.macs, 0);
    const totalWeightBits = workload.layers.reduce((s, l) => s + l.weightBits, 0);
    const info = this.db
      .prepare(
        `INSERT INTO workloads (project_id, name, format, source, summary_json, content_hash, layer_count, total_macs, total_weight_bits, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        workload.projectId,
        workload.name,
        workload.format,
        Buffer.from(workload.source),
        JSON.stringify({ layers: workload.layers, edges: workload.edges } satisfies StoredSummary),
        contentHash(workload.source),
        workload.layers.length,
        totalMacs,
        totalWeightBits,
        nowIso(),
      );
    return this.get(Number(info.lastInsertRowid))!;
  }

  rename(id: number, name: string): WorkloadSummary | undefined {
    this.db.prepare('UPDATE workloads SET name = ? WHERE id = ?').run(name, id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM workloads WHERE id = ?').run(id).changes > 0;
  }
}
