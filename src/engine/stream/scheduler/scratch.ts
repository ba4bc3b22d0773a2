/**
 * Typed arrays reused from one schedule to the next (a GA evaluates hundreds of schedules of one problem): a
 * schedule takes them at its start, resets them, and gives them back when done. Only working state lives in
 * them, never anything an outcome refers to. One schedule runs at a time per thread, so one pool per thread.
 */
const floats = new Map<number, Float64Array[]>();
const bytes = new Map<number, Uint8Array[]>();
const KEEP = 16;

export function takeFloat64(length: number, fill: number): Float64Array {
  const a = floats.get(length)?.pop() ?? new Float64Array(length);
  a.fill(fill);
  return a;
}

export function takeUint8(length: number): Uint8Array {
  const a = bytes.get(length)?.pop();
  if (!a) return new Uint8Array(length);
  a.fill(0);
  return a;
}

export function give(a: Float64Array | Uint8Array): void {
  const pool: Map<number, (Float64Array | Uint8Array)[]> = a instanceof Float64Array ? floats : bytes;
  let list = pool.get(a.length);
  if (!list) pool.set(a.length, (list = []));
  if (list.length < KEEP) list.push(a);
}
