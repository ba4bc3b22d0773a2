import { ApiError } from '../../shared/api-errors';
import { ACTIVE_RUN_STATUSES, type Accelerator, type HardwareDesign, type MappingDocument, type Project, type SourceFile, type WorkloadDetail } from '../../shared/api-types';
import { InputError, unwrap } from '../../engine';
import type { Store } from '../store';
import type { EngineBridge } from './engine-bridge';
import type { EventBus } from './events';

function need<T>(value: T | undefined, what: string, id: number): T {
  if (value === undefined) throw ApiError.notFound(what, id);
  return value;
}

function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.(ya?ml|onnx)$/i, '');
}

/** Projects and the inputs they hold: designs, workloads, mappings. */
export class CatalogService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly engine: EngineBridge,
  ) {}

  private changed(entity: 'project' | 'design' | 'workload' | 'mapping', change: 'created' | 'updated' | 'deleted', id: number, projectId: number): void {
    if (entity !== 'project') this.store.projects.touch(projectId);
    this.events.emit('workspace.changed', { entity, change, id, projectId });
  }

  // ---- projects ----
  createProject(fields: { name: string; description?: string; tags?: readonly string[] }): Project {
    if (this.store.projects.findByName(fields.name)) throw new ApiError('conflict', `a project named ${JSON.stringify(fields.name)} already exists`);
    const project = this.store.projects.create(fields);
    this.changed('project', 'created', project.id, project.id);
    return project;
  }

  updateProject(id: number, fields: { name?: string; description?: string; tags?: readonly string[]; notes?: string }): Project {
    need(this.store.projects.get(id), 'project', id);
    if (fields.name) {
      const clash = this.store.projects.findByName(fields.name);
      if (clash && clash.id !== id) throw new ApiError('conflict', `a project named ${JSON.stringify(fields.name)} already exists`);
    }
    const project = this.store.projects.update(id, fields)!;
    this.changed('project', 'updated', id, id);
    return project;
  }

  deleteProject(id: number): { deleted: true } {
    const active = this.store.runs.list({ projectId: id, status: [...ACTIVE_RUN_STATUSES] });
    if (active.length > 0) throw new ApiError('conflict', `project ${id} has ${active.length} active run(s): cancel them first`);
    if (!this.store.projects.delete(id)) throw ApiError.notFound('project', id);
    this.changed('project', 'deleted', id, id);
    return { deleted: true };
  }

  projectDetail(id: number) {
    const project = need(this.store.projects.get(id), 'project', id);
    return {
      project,
      designs: this.store.designs.list(id),
      workloads: this.store.workloads.list(id),
      mappings: this.store.mappings.list(id),
      runs: this.store.runs.list({ projectId: id, limit: 200 }),
    };
  }

  // ---- designs ----
  createDesign(projectId: number, name: string, accelerator: Accelerator, origin: 'editor' | 'yaml' | 'example' = 'editor', yamlSource: { main: string; files: readonly SourceFile[] } | null = null): HardwareDesign {
    need(this.store.projects.get(projectId), 'project', projectId);
    const issues = this.engine.validateAccelerator(accelerator, name);
    if (issues.length > 0) throw new InputError(issues);
    const design = this.store.designs.create({ projectId, name, origin, accelerator, yamlSource });
    this.changed('design', 'created', design.id, projectId);
    return design;
  }

  updateDesign(id: number, fields: { name?: string; accelerator?: Accelerator }): HardwareDesign {
    const current = need(this.store.designs.get(id), 'design', id);
    if (fields.accelerator) {
      const issues = this.engine.validateAccelerator(fields.accelerator, fields.name ?? current.name);
      if (issues.length > 0) throw new InputError(issues);
    }
    const design = this.store.designs.update(id, fields)!;
    this.changed('design', 'updated', id, design.projectId);
    return design;
  }

  deleteDesign(id: number): { deleted: true } {
    const design = need(this.store.designs.get(id), 'design', id);
    this.store.designs.delete(id);
    this.changed('design', 'deleted', id, design.projectId);
    return { deleted: true };
  }

  importDesignYaml(projectId: number, main: string, files: readonly SourceFile[], name?: string, origin: 'yaml' | 'example' = 'yaml'): HardwareDesign {
    need(this.store.projects.get(projectId), 'project', projectId);
    if (!files.some((f) => f.path === main)) throw new ApiError('invalid_request', `designs.importYaml: main file ${JSON.stringify(main)} is not among the files`);
    const accelerator = unwrap(this.engine.importAcceleratorYaml(main, files));
    return this.createDesign(projectId, name ?? baseName(main), accelerator, origin, { main, files });
  }

  exportDesignYaml(id: number): { main: string; files: SourceFile[] } {
    const design = need(this.store.designs.get(id), 'design', id);
    const main = `${design.name.replace(/[^A-Za-z0-9_.-]+/g, '_') || 'accelerator'}.yaml`;
    return unwrap(this.engine.exportAcceleratorYaml(design.accelerator, main));
  }

  // ---- workloads ----
  importWorkload(projectId: number, name: string, format: 'onnx' | 'yaml', bytes: Uint8Array): WorkloadDetail {
    need(this.store.projects.get(projectId), 'project', projectId);
    const { layers, edges } = unwrap(this.engine.summarizeWorkload(format, bytes, name));
    const workload = this.store.workloads.create({ projectId, name, format, source: bytes, layers, edges });
    this.changed('workload', 'created', workload.id, projectId);
    return workload;
  }

  renameWorkload(id: number, name: string) {
    const current = need(this.store.workloads.get(id), 'workload', id);
    const workload = this.store.workloads.rename(id, name)!;
    this.changed('workload', 'updated', id, current.projectId);
    return workload;
  }

  deleteWorkload(id: number): { deleted: true } {
    const workload = need(this.store.workloads.get(id), 'workload', id);
    this.store.workloads.delete(id);
    this.changed('workload', 'deleted', id, workload.projectId);
    return { deleted: true };
  }

  // ---- mappings ----
  createMapping(projectId: number, name: string, yaml: string): MappingDocument {
    need(this.store.projects.get(projectId), 'project', projectId);
    const { entryCount } = unwrap(this.engine.checkMapping(yaml, name));
    const mapping = this.store.mappings.create(projectId, name, yaml, entryCount);
    this.changed('mapping', 'created', mapping.id, projectId);
    return mapping;
  }

  updateMapping(id: number, fields: { name?: string; yaml?: string }): MappingDocument {
    const current = need(this.store.mappings.get(id), 'mapping', id);
    const entryCount = fields.yaml !== undefined ? unwrap(this.engine.checkMapping(fields.yaml, fields.name ?? current.name)).entryCount : undefined;
    const mapping = this.store.mappings.update(id, { ...fields, ...(entryCount !== undefined ? { entryCount } : {}) })!;
    this.changed('mapping', 'updated', id, current.projectId);
    return mapping;
  }

  deleteMapping(id: number): { deleted: true } {
    const mapping = need(this.store.mappings.get(id), 'mapping', id);
    this.store.mappings.delete(id);
    this.changed('mapping', 'deleted', id, mapping.projectId);
    return { deleted: true };
  }

  design(id: number): HardwareDesign {
    return need(this.store.designs.get(id), 'design', id);
  }
  workload(id: number): WorkloadDetail {
    return need(this.store.workloads.get(id), 'workload', id);
  }
  mapping(id: number): MappingDocument {
    return need(this.store.mappings.get(id), 'mapping', id);
  }
}

export { need, baseName };
