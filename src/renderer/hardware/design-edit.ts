/**
 * The editor's edits whose derived fields follow (memory size, width and ports, array dimensions), applied by the
 * engine's applyDesignEdit: automatic memory costs are re-read from CACTI, an array dimension brings dataflows and
 * the pinned mapping's spatial unrollings along. A refused edit is still shown (the plain change, `fallback`),
 * with the engine's issues placed at the field edited.
 */
import { applyDesignEdit, CACTI_TABLE, type DesignEdit } from '../../engine/browser';
import type { InputIssue } from '../../engine/errors';
import type { Accelerator } from '../../engine/hardware/types';
import type { Mapping } from '../../engine/mapping/types';

export interface AppliedEdit {
  /** False when the engine refused the edit: `accelerator` is then the fallback and `issues` say why. */
  readonly accepted: boolean;
  readonly accelerator: Accelerator;
  /** The mapping as the edit brought it along (undefined without one, or when the edit was refused). */
  readonly mapping?: Mapping;
  /** What the edit brought along, to show beside the panel. */
  readonly notes: readonly string[];
  readonly issues: readonly InputIssue[];
}

/** The design path of the field an edit changed (where its refusal is shown). */
export function editedField(design: Accelerator, change: DesignEdit): string {
  const at = `cores[${change.coreId}]`;
  const core = design.cores.find((c) => c.id === change.coreId);
  if (change.kind === 'array-dimension') return `${at}.operationalArray.dimensions[${core?.operationalArray.dimensions.findIndex((d) => d.name === change.dimension) ?? 0}].size`;
  const m = core?.memories.findIndex((l) => l.instance.name === change.memory) ?? -1;
  if (change.kind === 'memory-size') return `${at}.memories[${m}].instance.sizeBits`;
  if (change.kind === 'memory-width') {
    const p = core?.memories[m]?.instance.ports.findIndex((port) => (change.port === 'write' ? port.type !== 'read' : port.type !== 'write')) ?? 0;
    return `${at}.memories[${m}].instance.ports[${Math.max(0, p)}].bandwidthMax`;
  }
  return `${at}.memories[${m}]`;
}

export function applyEdit(design: Accelerator, change: DesignEdit, fallback: () => Accelerator, mapping?: Mapping): AppliedEdit {
  const out = applyDesignEdit(design, change, { cactiTable: CACTI_TABLE, ...(mapping ? { mapping } : {}) });
  if (!out.ok) {
    const field = editedField(design, change);
    return { accepted: false, accelerator: fallback(), notes: [], issues: out.issues.map((issue) => ({ ...issue, field })) };
  }
  return { accepted: true, accelerator: out.value.accelerator, ...(out.value.mapping ? { mapping: out.value.mapping } : {}), notes: out.value.notes, issues: [] };
}
