/** The ZigZag reference inputs (../shared/reference/inputs/zigzag) by name, loaded or the test fails with the issues. */
import { join } from 'node:path';
import { loadCoreFile } from '../../src/engine/hardware/io';
import type { Core } from '../../src/engine/hardware/types';
import { loadMappingFile } from '../../src/engine/mapping/io';
import type { Mapping } from '../../src/engine/mapping/types';
import { loadWorkloadFile } from '../../src/engine/workload/io';
import type { Workload } from '../../src/engine/workload/types';
import { ZIGZAG_INPUTS } from './reference';
import { expectOk } from './result';

export function zigzagCore(name: string): Core {
  return expectOk(loadCoreFile(join(ZIGZAG_INPUTS, 'hardware', `${name}.yaml`)));
}

export function zigzagMapping(name: string): Mapping {
  return expectOk(loadMappingFile(join(ZIGZAG_INPUTS, 'mapping', `${name}.yaml`)));
}

export async function zigzagWorkload(file: string): Promise<Workload> {
  return expectOk(await loadWorkloadFile(join(ZIGZAG_INPUTS, 'workload', file), { flavour: 'zigzag' }));
}
