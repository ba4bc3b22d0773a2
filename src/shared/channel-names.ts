/**
 * Names of the API channels and event streams, without their schemas: the preload script imports only this
 * (it must stay tiny and dependency-free). `api.ts` checks at compile time that its table has exactly these keys.
 */
export const CHANNEL_NAMES = [
  'workspace.info',
  'workspace.export',
  'workspace.import',
  'examples.list',
  'examples.createProject',
  'projects.list',
  'projects.get',
  'projects.create',
  'projects.update',
  'projects.delete',
  'projects.export',
  'projects.import',
  'designs.list',
  'designs.get',
  'designs.create',
  'designs.update',
  'designs.delete',
  'designs.validate',
  'designs.importYaml',
  'designs.exportYaml',
  'workloads.list',
  'workloads.get',
  'workloads.import',
  'workloads.update',
  'workloads.delete',
  'mappings.list',
  'mappings.get',
  'mappings.create',
  'mappings.update',
  'mappings.delete',
  'runs.start',
  'runs.cancel',
  'runs.list',
  'runs.get',
  'runs.delete',
  'runs.compare',
  'runs.annotate',
  'runs.exportTrace',
  'runs.exportRunFile',
  'lut.stats',
  'lut.clear',
  'sweeps.list',
  'sweeps.get',
  'sweeps.start',
  'sweeps.cancel',
  'sweeps.resume',
  'whatif.evaluate',
  'whatif.cancel',
  'whatif.prepare',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = ['run.progress', 'run.status', 'run.finished', 'workspace.changed', 'whatif.progress'] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** Electron IPC channel prefix, so our channels never collide with Electron's own. */
export const IPC_PREFIX = 'studio:';
export const IPC_EVENT_CHANNEL = 'studio:event';

export function isChannelName(name: string): name is ChannelName {
  return (CHANNEL_NAMES as readonly string[]).includes(name);
}

export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}
