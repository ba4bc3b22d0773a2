import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/errors';
import { loadHardwareFile } from '../../../src/engine/hardware/io';

const DIR = resolve(import.meta.dirname, '../../fixtures/bad/hardware');

/** Each malformed file and the field its error must name ('' = the whole file, then the line is named). */
const EXPECTED: Readonly<Record<string, string>> = {
  'syntax_error.yaml': 'line 5',
  'core_missing_size.yaml': 'memories.rf_I2.size',
  'core_negative_size.yaml': 'memories.rf_I2.size',
  'core_mistyped_size.yaml': 'memories.rf_I2.size',
  'core_unknown_operand.yaml': 'memories.rf_W.operands[0]',
  'core_allocation_operand_not_held.yaml': 'memories.rf_I2.ports[0].allocation[0]',
  'core_bandwidth_min_above_max.yaml': 'memories.rf_I2.ports[0].bandwidth_min',
  'core_unknown_served_dimension.yaml': 'memories.rf_I2.served_dimensions[0]',
  'core_legacy_read_port_for_write.yaml': 'memories.rf_128B.ports[0].fh',
  'core_legacy_missing_r_bw.yaml': 'memories.rf_128B.r_bw',
  'core_array_sizes_mismatch.yaml': 'operational_array.sizes',
  'core_missing_operational_array.yaml': 'operational_array',
  'acc_connectivity_unknown_core.yaml': 'core_connectivity[0].cores[2]',
  'acc_offchip_not_connected.yaml': 'core_connectivity: expected a connection',
  'acc_offchip_id_out_of_range.yaml': 'offchip_core_id',
  'acc_link_with_three_cores.yaml': 'core_connectivity[0].cores',
  'acc_negative_bandwidth.yaml': 'core_connectivity[0].bandwidth',
  'acc_unknown_connection_type.yaml': 'core_connectivity[0].type',
  'acc_missing_core_file.yaml': 'cores.0',
  'acc_core_id_gap.yaml': 'cores',
  'acc_pairs_bad_group.yaml': 'core_connectivity[0]',
  'acc_pairs_missing_bandwidth.yaml': 'bandwidth',
  'acc_memory_sharing_connected.yaml': 'core_memory_sharing[0]',
  'acc_cores_not_a_map.yaml': 'cores',
};

describe('malformed hardware files give precise errors', () => {
  it('covers every file of the corpus', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, field] of Object.entries(EXPECTED)) {
    it(name, () => {
      const path = join(DIR, name);
      const result = loadHardwareFile(path);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const message = new InputError(result.issues).message;
      expect(message).toContain(name);
      expect(message).toContain(`${field}`);
      expect(message).toContain('expected');
      expect(message).not.toMatch(/\n\s+at /);
    });
  }
});
