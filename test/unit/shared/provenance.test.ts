import { describe, expect, it } from 'vitest';
import { mixedModelWarning } from '../../../src/shared/provenance';

describe('mixed model versions', () => {
  it('is silent when every run has the same model and names the groups otherwise', () => {
    const a = { id: 1, engineVersion: '0.1.0', modelFingerprint: 'aaaa' };
    expect(mixedModelWarning([a, { ...a, id: 2 }])).toBeNull();
    const text = mixedModelWarning([a, { id: 2, engineVersion: '0.2.0', modelFingerprint: 'bbbb' }, { id: 3 }]);
    expect(text).toContain('run 1: Stream Studio 0.1.0 (model aaaa)');
    expect(text).toContain('run 2: Stream Studio 0.2.0 (model bbbb)');
    expect(text).toContain('run 3: Stream Studio unknown');
  });
});
