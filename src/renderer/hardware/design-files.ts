/**
 * The design documents the editor opens, saves, imports and exports through the API. Failures are reported by
 * `app.attempt` (a toast) and give null.
 */
import { formatIssueInPlace, parseMappingYaml, reviveBandwidths, withTopology } from '../../engine/browser';
import type { Accelerator } from '../../engine/hardware/types';
import type { Mapping } from '../../engine/mapping/types';
import type { HardwareDesign, SourceFile } from '../../shared/api';
import type { AppState } from '../stores/app.svelte';
import { accelerateFileSet } from '../lib/files';
import { importedDesignMessages } from '../lib/import-messages';

/** The first free "design N" name of the project, for a new design. */
export function nextDesignName(existing: readonly string[]): string {
  const names = new Set(existing);
  for (let i = 1; ; i += 1) if (!names.has(`design ${i}`)) return `design ${i}`;
}

/**
 * A stored design as the editor edits it. Over the web host the document arrives as JSON, where an unbounded
 * (Infinity) bandwidth is null. Links and edges are derived from the topology declaration as a re-import would
 * (designs saved by earlier versions kept link ids of their own), so that topology edits find their links by id.
 */
export function editableDesign(stored: HardwareDesign): Accelerator {
  const accelerator = reviveBandwidths(stored.accelerator as unknown as Accelerator);
  return withTopology(accelerator, accelerator.topology);
}

export async function fetchDesign(app: AppState, designId: number): Promise<HardwareDesign | null> {
  return app.attempt(() => app.api.designs.get({ designId }));
}

/** Creates the design in the project (no id yet) or updates the stored one. */
export async function storeDesign(app: AppState, projectId: number, designId: number | null, design: Accelerator): Promise<HardwareDesign | null> {
  const accelerator = design as unknown as Record<string, unknown>;
  return designId === null
    ? app.attempt(() => app.api.designs.create({ projectId, name: design.name, accelerator }))
    : app.attempt(() => app.api.designs.update({ designId, accelerator }));
}

export async function exportDesign(app: AppState, designId: number): Promise<{ main: string; files: SourceFile[] } | null> {
  return app.attempt(() => app.api.designs.exportYaml({ designId }));
}

/** Imports picked YAML files (an accelerator file and its core files) as a new design; its id. */
export async function importDesignFiles(app: AppState, projectId: number, picked: readonly File[]): Promise<number | null> {
  const set = accelerateFileSet(await Promise.all(picked.map(async (file) => ({ name: file.name, text: await file.text() }))));
  const imported = await app.attempt(() => app.api.designs.importYaml({ projectId, main: set.main, files: set.files }));
  if (!imported) return null;
  for (const message of importedDesignMessages(imported)) app.info(message);
  await app.refresh();
  return imported.id;
}

/** The pinned configuration's mapping, parsed (array-dimension edits bring its spatial unrollings along). */
export async function fetchPinnedMapping(app: AppState, mappingId: number): Promise<Mapping | null> {
  const doc = await app.attempt(() => app.api.mappings.get({ mappingId }));
  if (!doc) return null;
  const parsed = parseMappingYaml(doc.yaml, doc.name);
  if (parsed.ok) return parsed.value;
  app.error(`Pinned mapping ${doc.name}: ${parsed.issues.map((i) => formatIssueInPlace(i)).join('; ')}`);
  return null;
}
