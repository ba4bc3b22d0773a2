/** A mistyped key or option is named with the likeliest one meant. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closestName, InputError } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { parseStreamOptions } from '../../../src/engine/stream/options';
import { INPUTS } from '../../support/reference';

describe('closestName', () => {
  it('finds a name a letter or two away, ignoring case, and nothing for a different word', () => {
    const keys = ['bandwidth', 'cores', 'core_connectivity', 'unit_energy_cost'];
    expect(closestName('bandwith', keys)).toBe('bandwidth');
    expect(closestName('Cores', keys)).toBe('cores');
    expect(closestName('core_conectivity', keys)).toBe('core_connectivity');
    expect(closestName('latency', keys)).toBeUndefined();
    // Two edits of a three-letter name is a different word.
    expect(closestName('crs', ['cores'])).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});

describe('unknown keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unknown-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('in an accelerator file: the allowed keys, and the likeliest one meant', () => {
    const text = readFileSync(`${INPUTS}/stream/examples/hardware/tpu_like_quad_core.yaml`, 'utf8').replace(/^bandwidth:/m, 'bandwith:');
    const copy = join(dir, 'accelerator.yaml');
    writeFileSync(copy, text);
    const result = loadAcceleratorFile(copy);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((i) => i.field === 'bandwith');
    expect(issue?.expected).toMatch(/^one of the keys .*bandwidth.* \(did you mean "bandwidth"\?\)$/);
    expect(issue?.found).toContain('unknown key "bandwith"');
  });

  it('in run options: the likeliest option, and none for a different word', () => {
    const issues = (() => {
      try {
        parseStreamOptions({ operand_to_prefetch: ['W'], xyz: 1 });
      } catch (error) {
        if (error instanceof InputError) return error.issues;
      }
      return [];
    })();
    expect(issues.find((i) => i.field === 'operand_to_prefetch')?.expected).toContain('did you mean "operands_to_prefetch"?');
    expect(issues.find((i) => i.field === 'xyz')?.expected).not.toContain('did you mean');
  });
});
