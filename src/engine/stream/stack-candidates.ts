/**
 * Candidate cut sets for small networks. The automatic rule (auto-stacks.ts) decides from sizes alone; on a small
 * network a handful of runs is cheap, so `stacks: "auto"` schedules a few cut sets derived from the rule and keeps
 * the fastest. What a static rule cannot see is why a cut pays off: a cut lets the layers on each side run in
 * fewer, larger tiles (a layer alone is not tiled), and on a shared bus each tile's transfers queue behind the
 * others', so whether fusing wins depends on the allocation and the schedule.
 */
import { automaticLayerStacks, describeStacks, type AutoStackInput, type LayerStackPlan, type StackCut } from './auto-stacks';
import { isLayer } from '../workload/types';

/** Networks with at most this many layers get candidate cut sets under `stacks: "auto"`. */
export const AUTO_CANDIDATE_MAX_LAYERS = 8;

export interface StackCandidate {
  readonly label: string;
  readonly plan: LayerStackPlan;
}

const key = (stacks: readonly (readonly number[])[]) => JSON.stringify(stacks);

/**
 * The rule with its working set spread over the cores and on one core, layer by layer, and each of the two rule
 * plans with one more cut (every position). Duplicates are dropped; the spread rule comes first.
 */
export function ruleCandidates(input: AutoStackInput): StackCandidate[] {
  const spread = automaticLayerStacks({ ...input, workingSet: 'spread' });
  const core = automaticLayerStacks({ ...input, workingSet: 'core' });
  const ids = input.workload.nodes.filter(isLayer).map((l) => l.id).sort((a, b) => a - b);
  const out: StackCandidate[] = [];
  const seen = new Set<string>();
  const add = (label: string, stacks: readonly (readonly number[])[], rule: LayerStackPlan | null) => {
    if (seen.has(key(stacks))) return;
    seen.add(key(stacks));
    out.push({ label, plan: rule && key(rule.stacks) === key(stacks) ? rule : explainCuts(input, stacks, [spread, core]) });
  };
  add('rule', spread.stacks, spread);
  add('rule, working set on one core', core.stacks, core);
  add('layer by layer', ids.map((id) => [id]), null);
  for (const [name, base] of [['rule', spread], ['rule on one core', core]] as const) {
    for (const [k, stack] of base.stacks.entries()) {
      for (let i = 0; i + 1 < stack.length; i++) {
        const stacks = [...base.stacks.slice(0, k), stack.slice(0, i + 1), stack.slice(i + 1), ...base.stacks.slice(k + 1)];
        add(`${name} + cut after ${stack[i]}`, stacks, null);
      }
    }
  }
  return out;
}

/** A plan for `stacks` whose cuts keep the rule's reason where a rule plan has the same cut. */
function explainCuts(input: AutoStackInput, stacks: readonly (readonly number[])[], rules: readonly LayerStackPlan[]): LayerStackPlan {
  const given = describeStacks(input.workload, stacks, 'auto');
  const known = new Map<number, StackCut>();
  for (const r of rules) for (const c of r.cuts) if (!known.has(c.afterLayer)) known.set(c.afterLayer, c);
  const cuts = given.cuts.map((c): StackCut => known.get(c.afterLayer) ?? { ...c, reason: 'scheduled', detail: 'not needed by the rule; this cut set scheduled fastest among the candidates' });
  return { ...given, cuts };
}
