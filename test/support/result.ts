import type { Result } from '../../src/engine/errors';

/** The value of a successful `Result`; otherwise throws with every issue, so a failing test shows why. */
export function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got issues:\n${JSON.stringify(r.issues, null, 2)}`);
  return r.value;
}
