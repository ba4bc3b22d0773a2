/**
 * Presentation of the engine's validation issues in the hardware editor. The checks themselves are the
 * engine's (`validateDesign` from src/engine/browser, fields named by their path in the design document);
 * this module only finds the issues of one input (the engine's `formatIssueInPlace` words them).
 */
import type { InputIssue } from '../../engine/errors';

/** Issues for one field path (exact) or under a prefix (`prefix.` / `prefix[`). */
export function issuesAt(issues: readonly InputIssue[], field: string, nested = false): InputIssue[] {
  return issues.filter((i) => i.field === field || (nested && (i.field.startsWith(`${field}.`) || i.field.startsWith(`${field}[`))));
}
