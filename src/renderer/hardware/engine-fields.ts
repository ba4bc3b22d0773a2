/**
 * Maps the field paths of the engine's validator (YAML-style, as the importer reports them:
 * `cores[1].memories.rf_1B.size`, `core_connectivity[0].bandwidth`) to the document paths the editor's
 * panels look up (`cores[1].memories[0].instance.sizeBits`, `links[2].bandwidth`), so an engine issue shows
 * next to its input. A path with no matching input is kept as is (it still appears in the Validation list).
 */
import type { InputIssue } from '../../engine/errors';
import type { Accelerator, Core } from '../../engine/hardware/types';
import { pairKey } from './design';

type Key = string | number;

/** `cores[1].memories.rf.ports[0].bandwidth_max` → ['cores', 1, 'memories', 'rf', 'ports', 0, 'bandwidth_max']. */
export function parseFieldPath(field: string): Key[] {
  const keys: Key[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    keys.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return keys;
}

const MEMORY_FIELDS: Record<string, string> = { size: 'instance.sizeBits', r_cost: 'instance.readCost', w_cost: 'instance.writeCost', operands: 'operands', served_dimensions: 'servedDimensions' };

function coreField(core: Core | undefined, at: string, rest: Key[], lastOfName: boolean): string {
  const [section, a, b] = rest;
  if (section === 'name') return `${at}.name`;
  if (section === 'operational_array') {
    if ((a === 'sizes' || a === 'dimensions') && typeof b === 'number') return `${at}.operationalArray.dimensions[${b}].size`;
    if (a === 'unit_energy') return `${at}.operationalArray.unitEnergy`;
    return at;
  }
  if (section !== 'memories') return at;
  if (typeof a !== 'string' || !core) return `${at}.memories`;
  const indices = core.memories.map((level, m) => (level.instance.name === a ? m : -1)).filter((m) => m >= 0);
  if (indices.length === 0) return `${at}.memories`;
  // A repeated name is reported at its second use.
  const m = lastOfName ? indices[indices.length - 1] : indices[0];
  const level = `${at}.memories[${m}]`;
  const [, , key, port, portField] = rest;
  if (key === undefined) return `${level}.instance.name`;
  if (key === 'ports' && typeof port === 'number') {
    // The editor sets one bandwidth per port (min follows max): both land on that port's bandwidth input.
    return portField === 'bandwidth_max' || portField === 'bandwidth_min' ? `${level}.instance.ports[${port}].bandwidthMax` : level;
  }
  return typeof key === 'string' && MEMORY_FIELDS[key] ? `${level}.${MEMORY_FIELDS[key]}` : level;
}

/** Index in `design.links` of the link or bus that topology entry `entry` declares. */
function linkIndexOfEntry(design: Accelerator, entry: number): number {
  const topology = design.topology;
  if (topology.format !== 'stream-typed') return -1;
  const declared = topology.connectivity[entry];
  if (!declared) return -1;
  const wanted = [...declared.cores].sort((x, y) => x - y).join(',');
  return design.links.findIndex((link) =>
    declared.type === 'link'
      ? link.kind === 'link' && declared.cores.length === 2 && pairKey(link.from, link.to) === pairKey(declared.cores[0], declared.cores[1])
      : link.kind === 'bus' && [...link.cores].sort((x, y) => x - y).join(',') === wanted,
  );
}

/** The editor's path for one engine field path (unchanged when no input holds that value). */
export function editorField(design: Accelerator, issue: InputIssue): string {
  const keys = parseFieldPath(issue.field);
  const [head, index, ...rest] = keys;
  if (head === 'cores' && typeof index === 'number') {
    const at = `cores[${index}]`;
    return rest.length === 0 ? at : coreField(design.cores[index], at, rest, rest.length === 2 && /once/.test(issue.expected));
  }
  if (head === 'core_connectivity' && typeof index === 'number') {
    const link = linkIndexOfEntry(design, index);
    if (link < 0) return issue.field;
    return rest[0] === 'bandwidth' ? `links[${link}].bandwidth` : `links[${link}].cores`;
  }
  if ((head === 'core_connectivity' || head === 'graph') && index === undefined) {
    // "core N not connected" to the off-chip core: shown on that core.
    const core = /core (\d+)/.exec(issue.found ?? '');
    return core ? `cores[${core[1]}]` : issue.field;
  }
  if (head === 'links' && typeof index === 'number') {
    const link = design.links.findIndex((l) => l.id === index);
    return link >= 0 ? `links[${link}].cores` : issue.field;
  }
  return issue.field;
}

/** Engine issues re-addressed to the editor's fields, for the panels. */
export function toEditorFields(design: Accelerator, issues: readonly InputIssue[]): InputIssue[] {
  return issues.map((issue) => ({ ...issue, field: editorField(design, issue) }));
}

/**
 * The issues shown beside the inputs: the editor's own, plus the engine's on fields the editor found nothing
 * wrong with (where both flag a field, the editor's message is the one kept there; the list shows both).
 */
export function mergeFieldIssues(editor: readonly InputIssue[], engine: readonly InputIssue[]): InputIssue[] {
  const flagged = new Set(editor.map((issue) => issue.field));
  const seen = new Set<string>();
  const extra = engine.filter((issue) => {
    const key = `${issue.field}\u0000${issue.expected}`;
    if (flagged.has(issue.field) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...editor, ...extra];
}
