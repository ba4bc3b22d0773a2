/**
 * Where the tests find their inputs: the reference checkout `../shared/reference` beside this one (present in CI
 * too) and the repository's own fixtures. The one place these roots are spelled out.
 */
import { join, resolve } from 'node:path';

/** `../shared/reference`: the reference inputs and the ZigZag golden dumps. */
export const REFERENCE = resolve(import.meta.dirname, '../../../shared/reference');
/** The reference's input files: `stream/`, `stream-tutorial/`, `zigzag/`. */
export const INPUTS = join(REFERENCE, 'inputs');
export const ZIGZAG_INPUTS = join(INPUTS, 'zigzag');
/** The Stream tutorial (`lab1` … `lab3`). */
export const TUTORIAL = join(INPUTS, 'stream-tutorial');
/** Per-layer dumps of ZigZag's cost model, and their inputs in `inputs/`. */
export const ZIGZAG_GOLDEN = join(REFERENCE, 'zigzag-golden');
/** test/fixtures: the repository's own hand-made inputs. */
export const FIXTURES = resolve(import.meta.dirname, '../fixtures');
