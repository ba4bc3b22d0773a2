import { describe, expect, it } from 'vitest';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addCore, connect, emptyDesign, replaceCore, updateConnection } from '../../../src/renderer/hardware/design';
import { rebuildCore, withBandwidth } from '../../../src/renderer/hardware/derive';
import { issuesAt, validateDesign } from '../../../src/renderer/hardware/validate';

function design() {
  let d = emptyDesign('d');
  d = addCore(d, templateById('tpu_like')!).design;
  d = addCore(d, templateById('simd')!).design;
  return connect(d, 0, 1);
}

describe('editor validation', () => {
  it('accepts a connected 2-core design', () => {
    expect(validateDesign(design())).toEqual([]);
  });

  it('flags unconnected compute cores', () => {
    const d = addCore(design(), templateById('pooling')!).design;
    expect(validateDesign(d).map((i) => i.field)).toEqual(['cores[2]']);
  });

  it('points at the link bandwidth field', () => {
    const issues = validateDesign(updateConnection(design(), '0-1', { bandwidth: 0 }));
    expect(issues.map((i) => i.field)).toEqual(['links[0].bandwidth', 'links[1].bandwidth']);
    expect(issues[0]).toMatchObject({ file: '<editor>', expected: 'a positive bandwidth (bits/cycle)', found: '0' });
  });

  it('points at memory fields and missing operands', () => {
    const d = design();
    const core = d.cores[1];
    const broken = rebuildCore(core, {
      levels: [{ instance: withBandwidth({ ...core.memories[0].instance, sizeBits: -1 }, 'read', NaN), operands: ['I1', 'I2'], servedDimensions: ['D1', 'D7'] }],
    });
    const fields = validateDesign(replaceCore(d, broken)).map((i) => i.field);
    expect(fields).toContain('cores[1].memories[0].instance.sizeBits');
    expect(fields).toContain('cores[1].memories[0].instance.ports[0].bandwidthMax');
    expect(fields).toContain('cores[1].memories[0].servedDimensions');
    expect(fields).toContain('cores[1].memories');
  });

  it('requires positive array sizes for compute cores and an off-chip core', () => {
    const d = design();
    const core = rebuildCore(d.cores[0], { operationalArray: { ...d.cores[0].operationalArray, dimensions: [{ name: 'D1', size: 0 }, { name: 'D2', size: 32 }] } });
    const issues = validateDesign({ ...replaceCore(d, core), offchipCoreId: null });
    expect(issues.map((i) => i.field)).toEqual(expect.arrayContaining(['offchipCoreId', 'cores[0].operationalArray.dimensions[0].size']));
  });

  it('finds issues by exact field or under a prefix', () => {
    const issues = [{ file: 'f', field: 'cores[1].memories[0].instance.sizeBits', expected: 'x' }];
    expect(issuesAt(issues, 'cores[1].memories[0]')).toEqual([]);
    expect(issuesAt(issues, 'cores[1].memories[0]', true)).toHaveLength(1);
    expect(issuesAt(issues, 'cores[1].memories[0].instance.sizeBits')).toHaveLength(1);
  });
});
