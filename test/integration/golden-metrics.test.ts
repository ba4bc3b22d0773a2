/**
 * Golden metrics: every shipped example (test/golden/cases.ts) recomputed and compared with
 * test/golden/metrics.json — latency and energy to a relative 1e-9, the CN count exactly, an input that fails
 * with the same message — so that any change of the model shows. Regenerate with `npm run golden` and list each
 * moved figure, and why, in the commit (docs/golden-metrics.md).
 *
 * The same runs are checked against the reference Stream's figures measured by hand (test/golden/
 * reference-figures.ts): `compat: "reference"` within 1 % in latency and energy (issue 14: Simba, Eyeriss).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASES, GOLDEN_FILE, modesOf, runCase, type Compat, type Metrics, type Mode, type Outcome } from '../golden/cases';
import { REFERENCE_FIGURES } from '../golden/reference-figures';

interface StoredCase {
  readonly id: string;
  readonly results: Record<string, Record<Compat, Outcome>>;
  readonly referenceStream?: Record<string, unknown>;
}

const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as { cases: StoredCase[] };
const stored = new Map(golden.cases.map((c) => [c.id, c]));

const runs = new Map<string, Promise<Outcome>>();
function run(id: string, compat: Compat, mode: Mode): Promise<Outcome> {
  const key = `${id} ${mode} ${compat}`;
  if (!runs.has(key)) runs.set(key, runCase(CASES.find((c) => c.id === id)!, compat, mode));
  return runs.get(key)!;
}

describe('golden metrics of the shipped examples (test/golden/metrics.json)', () => {
  it('the file lists exactly the cases and modes of test/golden/cases.ts, with the reference figures of reference-figures.ts', () => {
    expect(golden.cases.map((c) => c.id)).toEqual(CASES.map((c) => c.id));
    for (const c of CASES) {
      expect(Object.keys(stored.get(c.id)!.results).sort()).toEqual([...modesOf(c)].sort());
      expect(stored.get(c.id)!.referenceStream).toEqual(REFERENCE_FIGURES[c.id]);
    }
  });

  for (const c of CASES) {
    for (const mode of modesOf(c)) {
      for (const compat of ['default', 'reference'] as const) {
        it(`${c.id}, ${mode}, ${compat}`, async () => {
          const expected = stored.get(c.id)?.results[mode]?.[compat];
          expect(expected, 'missing in metrics.json: run `npm run golden`').toBeDefined();
          const actual = await run(c.id, compat, mode);
          if ('error' in expected!) {
            expect(actual).toEqual(expected);
            return;
          }
          expect('error' in actual ? actual.error : '').toBe('');
          const got = actual as Metrics;
          expect(got.cns).toBe(expected!.cns);
          expect(got.latencyCycles, 'latency').toBeWithinRelative(expected!.latencyCycles, 1e-9);
          expect(got.energyPj, 'energy').toBeWithinRelative(expected!.energyPj, 1e-9);
        }, 120_000);
      }
    }
  }
});

describe('compat reference against the reference Stream (ed4e12ef), within 1 %', () => {
  for (const [id, byMode] of Object.entries(REFERENCE_FIGURES)) {
    for (const [mode, figure] of Object.entries(byMode)) {
      it(`${id}, ${mode}: ${figure.latencyCycles} cycles, ${figure.energyPj} pJ, ${figure.cns} CNs`, async () => {
        const actual = await run(id, 'reference', mode as Mode);
        expect('error' in actual ? actual.error : '').toBe('');
        const got = actual as Metrics;
        expect(got.cns).toBe(figure.cns);
        expect(got.latencyCycles, 'latency').toBeWithinRelative(figure.latencyCycles, 0.01);
        expect(got.energyPj, 'energy').toBeWithinRelative(figure.energyPj, 0.01);
      }, 120_000);
    }
  }
});
