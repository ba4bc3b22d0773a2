/** Issue wording: the engine's formatter (`formatIssue`, `formatIssueInPlace`), used by the editor's fields and the app's error banner. */
import { describe, expect, it } from 'vitest';
import { formatIssue, formatIssueInPlace, InputError, type InputIssue } from '../../../src/engine/browser';
import { errorText } from '../../../src/renderer/lib/studio';

const size: InputIssue = { file: 'core.yaml', field: 'memories[sram].size', expected: 'a positive integer (bits)', found: '-4' };

describe('issue wording in place', () => {
  it('drops the file and the path the place already shows', () => {
    expect(formatIssue(size)).toBe('core.yaml: memories[sram].size: expected a positive integer (bits) (found -4)');
    expect(formatIssueInPlace(size)).toBe('Expected a positive integer (bits) (found -4)');
    expect(formatIssueInPlace(size, 'memories[sram]')).toBe('size: expected a positive integer (bits) (found -4)');
    expect(formatIssueInPlace({ ...size, field: 'axes[1].range.step' }, 'axes[1]')).toBe('range.step: expected a positive integer (bits) (found -4)');
    expect(formatIssueInPlace(size, '')).toBe('memories[sram].size: expected a positive integer (bits) (found -4)');
    // A path that only starts like the place's is not under it.
    expect(formatIssueInPlace({ ...size, field: 'axes[10].values' }, 'axes[1]')).toBe('axes[10].values: expected a positive integer (bits) (found -4)');
    expect(formatIssueInPlace({ field: '', expected: 'a YAML document' }, 'x')).toBe('Expected a YAML document');
  });

  it("words an API failure's issues as the engine does, without the file", () => {
    const error = new InputError([size, { file: 'core.yaml', field: '', expected: 'valid YAML', found: 'a tab at line 3' }]);
    expect(errorText(error).split('\n').slice(-2)).toEqual([formatIssueInPlace(size, ''), 'Expected valid YAML (found a tab at line 3)']);
  });
});
