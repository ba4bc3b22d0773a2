import { z } from 'zod';
import { acceleratorDocumentSchema } from '../../engine';
import { ApiError } from '../../shared/api-errors';
import { RUN_STATUSES, type ExportedFile, type ImportSummary, type Project, type RunResult } from '../../shared/api-types';
import type { Store } from '../store';
import { restoreRunTimes } from '../store/runs';
import type { EventBus } from './events';

const PROJECT_FORMAT = 'stream-studio/project';
const WORKSPACE_FORMAT = 'stream-studio/workspace';
const VERSION = 1;

const sourceFile = z.object({ path: z.string(), text: z.string() });
const projectBundle = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(VERSION),
  project: z.object({ name: z.string().min(1), description: z.string(), tags: z.array(z.string()), notes: z.string() }),
  designs: z.array(
    z.object({
      ref: z.number(),
      name: z.string(),
      origin: z.enum(['editor', 'yaml', 'example']),
      accelerator: acceleratorDocumentSchema,
      yamlSource: z.object({ main: z.string(), files: z.array(sourceFile) }).nullable(),
    }),
  ),
  workloads: z.array(
    z.object({
      ref: z.number(),
      name: z.string(),
      format: z.enum(['onnx', 'yaml']),
      sourceBase64: z.string(),
      layers: z.array(z.any()),
      edges: z.array(z.object({ from: z.number(), to: z.number() })),
    }),
  ),
  mappings: z.array(z.object({ ref: z.number(), name: z.string(), yaml: z.string(), entryCount: z.number() })),
  runs: z.array(
    z.object({
      name: z.string(),
      origin: z.enum(['app', 'cli']),
      designRef: z.number().nullable(),
      workloadRef: z.number().nullable(),
      mappingRef: z.number().nullable(),
      designName: z.string(),
      workloadName: z.string(),
      mappingName: z.string(),
      designHash: z.string(),
      workloadHash: z.string(),
      mappingHash: z.string(),
      options: z.record(z.string(), z.unknown()),
      status: z.enum(RUN_STATUSES),
      createdAt: z.string(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
      metrics: z.record(z.string(), z.number()).nullable(),
      error: z.string().nullable(),
      tags: z.array(z.string()),
      notes: z.string(),
      result: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});
type ProjectBundle = z.infer<typeof projectBundle>;

const workspaceBundle = z.object({
  format: z.literal(WORKSPACE_FORMAT),
  version: z.literal(VERSION),
  projects: z.array(projectBundle),
  lut: z.array(z.tuple([z.string(), z.unknown()])),
  /** Direct CACTI results (absent in exports made before they were stored). */
  cacti: z
    .array(
      z.strictObject({
        query: z.object({
          sizeBits: z.number().int().positive(),
          widthBits: z.number().int().positive(),
          readPorts: z.number().int().nonnegative(),
          writePorts: z.number().int().nonnegative(),
          readWritePorts: z.number().int().nonnegative(),
          technologyNm: z.number().positive(),
        }),
        run: z.discriminatedUnion('ok', [
          z.strictObject({ ok: z.literal(true), read: z.number().nonnegative(), write: z.number().nonnegative(), area: z.number().nonnegative() }),
          z.strictObject({ ok: z.literal(false), reason: z.string() }),
        ]),
        engineVersion: z.string().nullable(),
      }),
    )
    .optional(),
});

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '') || 'project';
}

/** Export and import of projects and whole workspaces as one JSON file. */
export class TransferService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {}

  private bundle(projectId: number): ProjectBundle {
    const { store } = this;
    const project = store.projects.get(projectId);
    if (!project) throw ApiError.notFound('project', projectId);
    return {
      format: PROJECT_FORMAT,
      version: VERSION,
      project: { name: project.name, description: project.description, tags: [...project.tags], notes: project.notes },
      designs: store.designs.list(projectId).map((d) => {
        const full = store.designs.get(d.id)!;
        return { ref: d.id, name: d.name, origin: d.origin, accelerator: full.accelerator, yamlSource: full.yamlSource as ProjectBundle['designs'][number]['yamlSource'] };
      }),
      workloads: store.workloads.list(projectId).map((w) => {
        const full = store.workloads.get(w.id)!;
        const source = store.workloads.source(w.id)!;
        return { ref: w.id, name: w.name, format: w.format, sourceBase64: source.bytes.toString('base64'), layers: [...full.layers], edges: [...full.edges] };
      }),
      mappings: store.mappings.list(projectId).map((m) => ({ ref: m.id, name: m.name, yaml: store.mappings.get(m.id)!.yaml, entryCount: m.entryCount })),
      runs: store.runs
        .list({ projectId })
        .reverse()
        .map((r) => ({
          name: r.name,
          origin: r.origin,
          designRef: r.designId,
          workloadRef: r.workloadId,
          mappingRef: r.mappingId,
          designName: r.designName,
          workloadName: r.workloadName,
          mappingName: r.mappingName,
          designHash: r.designHash,
          workloadHash: r.workloadHash,
          mappingHash: r.mappingHash,
          options: { ...r.options },
          status: r.status,
          createdAt: r.createdAt,
          startedAt: r.startedAt,
          finishedAt: r.finishedAt,
          metrics: r.metrics ? { ...r.metrics } : null,
          error: r.error,
          tags: [...r.tags],
          notes: r.notes,
          result: r.status === 'done' ? (store.runs.result(r.id) as unknown as Record<string, unknown> | null) : null,
        })),
    };
  }

  exportProject(projectId: number): ExportedFile {
    const bundle = this.bundle(projectId);
    return { fileName: `${fileSafe(bundle.project.name)}.stream-studio.json`, json: JSON.stringify(bundle) };
  }

  exportWorkspace(): ExportedFile {
    const projects = this.store.projects.list().map((p) => this.bundle(p.id));
    const json = JSON.stringify({ format: WORKSPACE_FORMAT, version: VERSION, projects, lut: this.store.lut.all(), cacti: this.store.cacti.exportRows() });
    return { fileName: 'workspace.stream-studio.json', json };
  }

  private parse<T>(schema: z.ZodType<T>, json: string, what: string): T {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (error) {
      throw new ApiError('invalid_input', `the ${what} file is not valid JSON: ${(error as Error).message}`, [
        { file: `<${what}>`, field: '', expected: 'JSON text' },
      ]);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 20).map((i) => ({ file: `<${what}>`, field: i.path.map(String).join('.'), expected: i.message }));
      throw new ApiError('invalid_input', `not a Stream Studio ${what} export: ${issues.map((i) => `${i.field || '(root)'}: ${i.expected}`).join('; ')}`, issues);
    }
    return parsed.data;
  }

  importProject(json: string, name?: string): Project {
    const bundle = this.parse(projectBundle, json, 'project');
    const project = this.store.transaction(() => this.restore(bundle, name));
    this.events.emit('workspace.changed', { entity: 'project', change: 'created', id: project.id, projectId: project.id });
    return project;
  }

  importWorkspace(json: string): ImportSummary {
    const data: unknown = (() => {
      try {
        return JSON.parse(json);
      } catch {
        return null;
      }
    })();
    // A single-project export is accepted here too.
    if (data && typeof data === 'object' && (data as { format?: unknown }).format === PROJECT_FORMAT) return { projects: [this.importProject(json)] };
    const bundle = this.parse(workspaceBundle, json, 'workspace');
    const projects = this.store.transaction(() => {
      this.store.lut.record(bundle.lut);
      this.store.cacti.importRows(bundle.cacti ?? []);
      return bundle.projects.map((p) => this.restore(p));
    });
    this.events.emit('workspace.changed', { entity: 'workspace', change: 'updated', id: null, projectId: null });
    return { projects };
  }

  /** Recreates a project with fresh ids; must run inside a transaction. */
  private restore(bundle: ProjectBundle, name?: string): Project {
    const { store } = this;
    const project = store.projects.create({ ...bundle.project, name: store.projects.freeName(name ?? bundle.project.name) });
    const designIds = new Map<number, number>();
    const workloadIds = new Map<number, number>();
    const mappingIds = new Map<number, number>();
    for (const d of bundle.designs) {
      designIds.set(d.ref, store.designs.create({ projectId: project.id, name: d.name, origin: d.origin, accelerator: d.accelerator, yamlSource: d.yamlSource }).id);
    }
    for (const w of bundle.workloads) {
      const created = store.workloads.create({ projectId: project.id, name: w.name, format: w.format, source: Buffer.from(w.sourceBase64, 'base64'), layers: w.layers, edges: w.edges });
      workloadIds.set(w.ref, created.id);
    }
    for (const m of bundle.mappings) mappingIds.set(m.ref, store.mappings.create(project.id, m.name, m.yaml, m.entryCount).id);
    const ref = (map: Map<number, number>, id: number | null) => (id === null ? null : (map.get(id) ?? null));
    for (const r of bundle.runs) {
      const run = store.runs.create({
        projectId: project.id,
        name: r.name,
        origin: r.origin,
        design: { id: ref(designIds, r.designRef), name: r.designName, hash: r.designHash },
        workload: { id: ref(workloadIds, r.workloadRef), name: r.workloadName, hash: r.workloadHash },
        mapping: { id: ref(mappingIds, r.mappingRef), name: r.mappingName, hash: r.mappingHash },
        options: r.options,
      });
      const status = r.status === 'queued' || r.status === 'running' ? 'interrupted' : r.status;
      store.runs.finish(run.id, {
        status,
        ...(r.result && status === 'done' ? { result: r.result as unknown as RunResult } : {}),
        ...(r.metrics ? { metrics: r.metrics as never } : {}),
        ...(r.error !== null ? { error: r.error } : {}),
      });
      store.runs.annotate(run.id, { tags: r.tags, notes: r.notes });
      restoreRunTimes(store.db, run.id, r);
    }
    return store.projects.get(project.id)!;
  }
}
