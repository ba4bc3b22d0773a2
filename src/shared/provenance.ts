/** Provenance checks shared by the compare and explore views. */

export interface ProvenanceStamp {
  readonly id: number;
  readonly engineVersion?: string | null;
  readonly modelFingerprint?: string | null;
}

/**
 * A warning when the runs were computed by different models (engine version or model fingerprint differ, or
 * some runs carry no stamp): their figures may differ for that reason alone. Null when they all agree.
 */
export function mixedModelWarning(runs: readonly ProvenanceStamp[]): string | null {
  const key = (r: ProvenanceStamp) => (r.modelFingerprint ? `${r.engineVersion ?? '?'} (model ${r.modelFingerprint})` : 'unknown (run before provenance was recorded)');
  const groups = new Map<string, number[]>();
  for (const r of runs) groups.set(key(r), [...(groups.get(key(r)) ?? []), r.id]);
  if (groups.size <= 1) return null;
  const parts = [...groups].map(([k, ids]) => `${ids.length === 1 ? 'run' : 'runs'} ${ids.join(', ')}: Stream Studio ${k}`);
  return `These runs come from different model versions, so their figures may differ for that reason alone — ${parts.join('; ')}.`;
}
