/**
 * What the editor shows about the design as edited, all computed by the engine: the validator's issues (the same
 * checks as the importer and the API; fields are paths in the design), the automatic (CACTI) memory costs and the
 * area as a run would compute them, and the zero-cost warnings. This module only combines them for display.
 */
import { acceleratorArea, CACTI_TABLE, costWarnings, resolveMemoryCosts, validateDesign } from '../../engine/browser';
import type { InputIssue, Result } from '../../engine/errors';
import type { AcceleratorArea } from '../../engine/hardware/area';
import type { Accelerator } from '../../engine/hardware/types';

export interface DesignChecks {
  readonly issues: readonly InputIssue[];
  /** The design with its automatic memory costs, or the memories CACTI has no costs for. */
  readonly priced: Result<Accelerator>;
  /** The on-chip area (null while memory costs are missing). */
  readonly area: AcceleratorArea | null;
  readonly warnings: readonly InputIssue[];
}

export function designChecks(design: Accelerator): DesignChecks {
  const priced = resolveMemoryCosts(design, CACTI_TABLE, '<editor>');
  return { issues: validateDesign(design), priced, area: priced.ok ? acceleratorArea(priced.value) : null, warnings: costWarnings(design) };
}

/** The validator's issues and a refused edit's, which sit beside the field edited. */
export function withEditIssues(issues: readonly InputIssue[], editIssues: readonly InputIssue[]): readonly InputIssue[] {
  return editIssues.length > 0 ? [...issues, ...editIssues] : issues;
}

/** Why the live what-if does not evaluate the design now ('' when it does). */
export function whatIfBlockReason(checks: DesignChecks, editIssues: readonly InputIssue[], loadingPinnedMapping: boolean): string {
  const count = checks.issues.length;
  if (count > 0) return `${count} problem${count > 1 ? 's' : ''} in the design (see Validation)`;
  if (editIssues.length > 0) return 'the last edit conflicts with the design or mapping (see Validation)';
  if (!checks.priced.ok) return 'a memory has no CACTI costs for its shape (see Validation)';
  return loadingPinnedMapping ? 'loading the pinned mapping' : '';
}

/** Why a save is refused (null when the design can be saved). */
export function saveRefusal(issues: readonly InputIssue[]): string | null {
  const count = issues.length;
  return count > 0 ? `Fix ${count} problem${count > 1 ? 's' : ''} before saving (see the Validation list).` : null;
}
