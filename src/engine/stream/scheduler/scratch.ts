/**
 * Typed arrays reused from one schedule to the next (a GA evaluates hundreds of schedules of one problem): a
 * schedule takes them at its start, resets them, and gives them back when done. Only working state lives in
 * them, never anything an outcome refers to. One schedule runs at a time per thread, so one pool per thread.
 */
const ints = new Map<number, Int32Array[]>();
const KEEP = 16;

export function takeInt32(length: number, fill: number): Int32Array {
  const a = ints.get(length)?.pop() ?? new Int32Array(length);
  a.fill(fill);
  return a;
}

export function give(a: Int32Array): void {
  let list = ints.get(a.length);
  if (!list) ints.set(a.length, (list = []));
  if (list.length < KEEP) list.push(a);
}

/** A copy of `a` in a new array of the same type, `factor` times as long (the rest zeros). */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, factor = 2): T {
  const b = new (a.constructor as new (length: number) => T)(a.length * factor);
  b.set(a);
  return b;
}
