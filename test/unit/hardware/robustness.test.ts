import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ok, type Result } from '../../../src/engine/errors';
import { parseAcceleratorYaml } from '../../../src/engine/hardware/accelerator-yaml';
import { parseCoreYaml } from '../../../src/engine/hardware/core-yaml';
import { parseMappingYaml } from '../../../src/engine/mapping/mapping-yaml';
import { mulberry32 } from '../../../src/engine/prng';
import { INVALID_UPSTREAM, ref, referenceFiles } from './reference-files';

const REPLACEMENTS = ['-1', '0', '"text"', '[]', '{}', 'null', '[1, 2]', '1.5', 'true', '~', 'D9', 'I7, tl', '*'];

/** Replaces one value, deletes a line or duplicates one. */
function mutate(text: string, random: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(random() * lines.length);
  const line = lines[i]!;
  const choice = random();
  if (choice < 0.2) lines.splice(i, 1);
  else if (choice < 0.3) lines.splice(i, 0, line);
  else {
    const replacement = REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)]!;
    const colon = line.indexOf(': ');
    lines[i] = colon >= 0 ? `${line.slice(0, colon + 2)}${replacement}` : line.replace(/-\s.*$/, `- ${replacement}`);
  }
  return lines.join('\n');
}

const files = referenceFiles().filter((f) => f.kind !== 'workload' && !INVALID_UPSTREAM[f.rel]);
const coreText = readFileSync(ref('inputs/stream-tutorial/lab1/hardware/cores/accelerator1.yaml'), 'utf8');

function parse(kind: string, text: string): Result<unknown> {
  if (kind === 'mapping') return parseMappingYaml(text, 'mutated.yaml');
  if (kind === 'core') return parseCoreYaml(text, 'mutated.yaml');
  return parseAcceleratorYaml(text, 'mutated.yaml', () => ok({ text: coreText, file: 'core.yaml' }));
}

describe('mutated inputs never crash the importers', () => {
  it('returns a result (value or issues naming the file) for 500 random mutations', () => {
    const random = mulberry32(42);
    let failures = 0;
    for (let n = 0; n < 500; n++) {
      const file = files[n % files.length]!;
      let text = readFileSync(file.path, 'utf8');
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) text = mutate(text, random);
      let result: Result<unknown>;
      try {
        result = parse(file.kind, text);
      } catch (error) {
        throw new Error(`${file.rel} mutation ${n} threw: ${String(error)}\n---\n${text}`);
      }
      if (!result.ok) {
        failures++;
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(['mutated.yaml', 'core.yaml']).toContain(issue.file);
          expect(issue.expected.length).toBeGreaterThan(0);
        }
      }
    }
    expect(failures).toBeGreaterThan(100);
  });
});
