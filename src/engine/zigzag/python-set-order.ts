/**
 * The iteration order of CPython sets of ZigZag 3.8.0's dimension objects, for `compat: "reference"`.
 *
 * ZigZag resolves some choices with "an arbitrary element" of a Python set: which array dimension loses a
 * layer dimension's unrolling when the mapping unrolls it beyond the layer size (`set(...).pop()`), which layer
 * dimension an over-full array dimension drops first (`next(iter(set))`). The element depends on the set's hash
 * table, and ZigZag's `LayerDim` / `OADimension` hash is deterministic: `sha512(pickle(name)) XOR
 * sha512(pickle(class))` as a Python int, reduced by CPython's integer hash (mod 2^61 − 1). We reproduce the
 * pickle bytes (protocol 4, the default of Python 3.8–3.13), SHA-512 and CPython's set table (open addressing
 * with linear probes and perturbation, resized at 3/5 fill) to obtain the same order.
 */

export type PyDimClass = 'LayerDim' | 'OADimension';

const MASK64 = (1n << 64n) - 1n;
const K512 = [
  '428a2f98d728ae22', '7137449123ef65cd', 'b5c0fbcfec4d3b2f', 'e9b5dba58189dbbc', '3956c25bf348b538', '59f111f1b605d019',
  '923f82a4af194f9b', 'ab1c5ed5da6d8118', 'd807aa98a3030242', '12835b0145706fbe', '243185be4ee4b28c', '550c7dc3d5ffb4e2',
  '72be5d74f27b896f', '80deb1fe3b1696b1', '9bdc06a725c71235', 'c19bf174cf692694', 'e49b69c19ef14ad2', 'efbe4786384f25e3',
  '0fc19dc68b8cd5b5', '240ca1cc77ac9c65', '2de92c6f592b0275', '4a7484aa6ea6e483', '5cb0a9dcbd41fbd4', '76f988da831153b5',
  '983e5152ee66dfab', 'a831c66d2db43210', 'b00327c898fb213f', 'bf597fc7beef0ee4', 'c6e00bf33da88fc2', 'd5a79147930aa725',
  '06ca6351e003826f', '142929670a0e6e70', '27b70a8546d22ffc', '2e1b21385c26c926', '4d2c6dfc5ac42aed', '53380d139d95b3df',
  '650a73548baf63de', '766a0abb3c77b2a8', '81c2c92e47edaee6', '92722c851482353b', 'a2bfe8a14cf10364', 'a81a664bbc423001',
  'c24b8b70d0f89791', 'c76c51a30654be30', 'd192e819d6ef5218', 'd69906245565a910', 'f40e35855771202a', '106aa07032bbd1b8',
  '19a4c116b8d2d0c8', '1e376c085141ab53', '2748774cdf8eeb99', '34b0bcb5e19b48a8', '391c0cb3c5c95a63', '4ed8aa4ae3418acb',
  '5b9cca4f7763e373', '682e6ff3d6b2b8a3', '748f82ee5defb2fc', '78a5636f43172f60', '84c87814a1f0ab72', '8cc702081a6439ec',
  '90befffa23631e28', 'a4506cebde82bde9', 'bef9a3f7b2c67915', 'c67178f2e372532b', 'ca273eceea26619c', 'd186b8c721c0c207',
  'eada7dd6cde0eb1e', 'f57d4f7fee6ed178', '06f067aa72176fba', '0a637dc5a2c898a6', '113f9804bef90dae', '1b710b35131c471b',
  '28db77f523047d84', '32caab7b40c72493', '3c9ebe0a15c9bebc', '431d67c49c100d4c', '4cc5d4becb3e42b6', '597f299cfc657e2a',
  '5fcb6fab3ad6faec', '6c44198c4a475817',
].map((h) => BigInt(`0x${h}`));
const H512 = ['6a09e667f3bcc908', 'bb67ae8584caa73b', '3c6ef372fe94f82b', 'a54ff53a5f1d36f1', '510e527fade682d1', '9b05688c2b3e6c1f', '1f83d9abfb41bd6b', '5be0cd19137e2179'].map(
  (h) => BigInt(`0x${h}`),
);

const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & MASK64;

/** SHA-512 of a byte string, as an unsigned 512-bit integer (big-endian, as Python's `int(hexdigest, 16)`). */
export function sha512(bytes: readonly number[]): bigint {
  const bitLength = BigInt(bytes.length) * 8n;
  const msg = [...bytes, 0x80];
  while (msg.length % 128 !== 112) msg.push(0);
  for (let i = 15; i >= 0; i--) msg.push(Number((bitLength >> BigInt(8 * i)) & 0xffn));
  const h = [...H512];
  const w: bigint[] = new Array<bigint>(80);
  for (let block = 0; block < msg.length; block += 128) {
    for (let t = 0; t < 16; t++) {
      let v = 0n;
      for (let b = 0; b < 8; b++) v = (v << 8n) | BigInt(msg[block + t * 8 + b]!);
      w[t] = v;
    }
    for (let t = 16; t < 80; t++) {
      const s0 = rotr(w[t - 15]!, 1n) ^ rotr(w[t - 15]!, 8n) ^ (w[t - 15]! >> 7n);
      const s1 = rotr(w[t - 2]!, 19n) ^ rotr(w[t - 2]!, 61n) ^ (w[t - 2]! >> 6n);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) & MASK64;
    }
    let [a, b, c, d, e, f, g, hh] = h as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    for (let t = 0; t < 80; t++) {
      const s1 = rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n);
      const ch = (e & f) ^ (~e & MASK64 & g);
      const t1 = (hh + s1 + ch + K512[t]! + w[t]!) & MASK64;
      const s0 = rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) & MASK64;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) & MASK64;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) & MASK64;
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => (h[i] = (h[i]! + v) & MASK64));
  }
  return h.reduce((acc, v) => (acc << 64n) | v, 0n);
}

function utf8(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

function le(value: number, width: number): number[] {
  return Array.from({ length: width }, (_, i) => Math.floor(value / 2 ** (8 * i)) % 256);
}

/** A `str` opcode followed by MEMOIZE. */
function pickledString(text: string): number[] {
  const data = utf8(text);
  const head = data.length < 256 ? [0x8c, data.length] : [0x58, ...le(data.length, 4)];
  return [...head, ...data, 0x94];
}

/** `pickle.dumps(obj)` with protocol 4 for a frame of opcodes (PROTO, FRAME, body, STOP). */
function pickled(body: readonly number[]): number[] {
  const frame = [...body, 0x2e];
  return [0x80, 4, 0x95, ...le(frame.length, 8), ...frame];
}

const PY_HASH_MODULUS = (1n << 61n) - 1n;
const hashCache = new Map<string, bigint>();

/** Python's `hash()` of a ZigZag `LayerDim` / `OADimension` with this name (a LayerDim's name is upper-cased). */
export function pyDimHash(cls: PyDimClass, name: string): bigint {
  const key = `${cls}:${name}`;
  let h = hashCache.get(key);
  if (h === undefined) {
    const own = cls === 'LayerDim' ? name.toUpperCase() : name;
    const ofName = sha512(pickled(pickledString(own)));
    const ofClass = sha512(pickled([...pickledString('zigzag.datatypes'), ...pickledString(cls), 0x93, 0x94]));
    h = (ofName ^ ofClass) % PY_HASH_MODULUS;
    hashCache.set(key, h);
  }
  return h;
}

const LINEAR_PROBES = 9;
const PERTURB_SHIFT = 5n;

/** Slot of a hash in a CPython set table (insertion into an empty slot; no deletions happen here). */
function insertSlot(table: readonly (number | undefined)[], hash: bigint): number {
  const mask = BigInt(table.length - 1);
  let perturb = hash;
  let i = hash & mask;
  for (;;) {
    const probes = i + BigInt(LINEAR_PROBES) <= mask ? LINEAR_PROBES : 0;
    for (let j = 0; j <= probes; j++) if (table[Number(i) + j] === undefined) return Number(i) + j;
    perturb >>= PERTURB_SHIFT;
    i = (i * 5n + 1n + perturb) & mask;
  }
}

/**
 * The order in which CPython iterates a set built by adding `hashes` in this order (indices into `hashes`;
 * equal hashes are one element, the first kept). `set.pop()` of a fresh set returns the first of them.
 */
export function pySetOrder(hashes: readonly bigint[]): number[] {
  let table: (number | undefined)[] = new Array<number | undefined>(8).fill(undefined);
  let used = 0;
  const seen = new Set<bigint>();
  hashes.forEach((hash, index) => {
    if (seen.has(hash)) return;
    seen.add(hash);
    table[insertSlot(table, hash)] = index;
    used++;
    if (used * 5 >= (table.length - 1) * 3) {
      const minUsed = used > 50000 ? used * 2 : used * 4;
      let size = 8;
      while (size <= minUsed) size *= 2;
      const old = table;
      table = new Array<number | undefined>(size).fill(undefined);
      for (const entry of old) if (entry !== undefined) table[insertSlot(table, hashes[entry]!)] = entry;
    }
  });
  return table.filter((e): e is number => e !== undefined);
}

/** `names` in the iteration order of a Python set of those dimension objects, built in the given order. */
export function pySetOrderOfNames(cls: PyDimClass, names: readonly string[]): string[] {
  return pySetOrder(names.map((n) => pyDimHash(cls, n))).map((i) => names[i]!);
}
