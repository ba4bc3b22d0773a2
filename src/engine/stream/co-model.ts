/**
 * Constraint-optimised allocation: the model (docs/allocation-co.md).
 *
 * Per layer stack, one steady-state iteration is modelled: every task (a layer, or one inter-core group of a layer
 * split along K) runs 1/N of its work, where N is the number of tiles the stack advances by. Each task gets one
 * core and one time slot; a core runs at most one task per slot; a consumer's slot follows its producers'; the
 * weights a core holds for the stack fit its weight memory. A slot lasts as long as its slowest task; the
 * iteration latency is the sum of the slots. Iterations overlap by the idle time every core has before its first
 * and after its last task, so the objective is the steady-state latency N·latency − (N−1)·minimal idle.
 * This module is pure: it builds the CPLEX-LP text the solver reads, reads the solution back, and evaluates the
 * same objective for a given allocation (brute-force checks).
 */

export interface CoTask {
  /** Gene index in the allocation problem, or -1 for a task whose core is fixed. */
  readonly gene: number;
  readonly layerId: number;
  readonly label: string;
  /** Cycles per steady-state iteration on each allowed core (core id → cycles). */
  readonly latency: ReadonlyMap<number, number>;
  /** Weight bits the task keeps on its core. */
  readonly weightBits: number;
}

export interface CoInstance {
  readonly tasks: readonly CoTask[];
  /** Cores of the model (every core some task may use), with their weight capacity in bits (Infinity: unlimited). */
  readonly cores: readonly { readonly id: number; readonly capacityBits: number }[];
  /** Task index pairs [producer, consumer]. */
  readonly deps: readonly (readonly [number, number])[];
  /** Steady-state iterations N ≥ 1. */
  readonly iterations: number;
  /**
   * Data a consumer receives from a producer on another core, per iteration: cycles on the route for every
   * (producer core, consumer core) pair "a,b" with a ≠ b; a pair missing is unreachable. Absent: transfers are
   * not modelled (the reference's model).
   */
  readonly transfers?: readonly CoTransfer[];
}

export interface CoTransfer {
  readonly from: number;
  readonly to: number;
  readonly cycles: ReadonlyMap<string, number>;
}

export interface CoAssignment {
  /** Core id per task. */
  readonly core: readonly number[];
  /** Slot per task (0-based). */
  readonly slot: readonly number[];
}

/** Longest-path depth (from sources) and height (to sinks) of every task in the dependency DAG. */
function depthHeight(inst: CoInstance): { depth: number[]; height: number[] } {
  const n = inst.tasks.length;
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (const [p, c] of inst.deps) {
    preds[c].push(p);
    succs[p].push(c);
  }
  const order = topoOrder(n, preds, succs);
  const depth = new Array<number>(n).fill(0);
  for (const t of order) for (const p of preds[t]) depth[t] = Math.max(depth[t], depth[p] + 1);
  const height = new Array<number>(n).fill(0);
  for (const t of [...order].reverse()) for (const s of succs[t]) height[t] = Math.max(height[t], height[s] + 1);
  return { depth, height };
}

function topoOrder(n: number, preds: number[][], succs: number[][]): number[] {
  const indeg = preds.map((p) => p.length);
  const queue = [...Array(n).keys()].filter((i) => indeg[i] === 0);
  const order: number[] = [];
  while (queue.length > 0) {
    const t = queue.shift()!;
    order.push(t);
    for (const s of succs[t]) if (--indeg[s] === 0) queue.push(s);
  }
  if (order.length !== n) throw new Error('constraint optimisation: the task dependencies have a cycle');
  return order;
}

/** A lower-level description of the MILP: column names in order, plus the LP text. */
export interface CoModel {
  readonly lp: string;
  readonly variables: number;
  readonly constraints: number;
  /** x-variable name → [task, core, slot]. */
  readonly xVars: ReadonlyMap<string, readonly [number, number, number]>;
  readonly slots: number;
}

const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(15));

/** Builds the MILP of one instance in CPLEX LP format. */
export function buildCoModel(inst: CoInstance): CoModel {
  const T = inst.tasks.length;
  const S = T;
  const N = inst.iterations;
  const { depth, height } = depthHeight(inst);
  const cores = inst.cores;
  const xVars = new Map<string, readonly [number, number, number]>();
  const byTaskSlot: string[][][] = Array.from({ length: T }, () => Array.from({ length: S }, () => []));
  const byCoreSlot: { name: string; t: number }[][][] = cores.map(() => Array.from({ length: S }, () => []));
  const byTask: { name: string; s: number; c: number }[][] = Array.from({ length: T }, () => []);
  let maxLat = 0;
  inst.tasks.forEach((task, t) => {
    for (let s = depth[t]; s <= S - 1 - height[t]; s++) {
      cores.forEach((core, ci) => {
        const lat = task.latency.get(core.id);
        if (lat === undefined) return;
        maxLat = Math.max(maxLat, lat);
        const name = `x_${t}_${ci}_${s}`;
        xVars.set(name, [t, core.id, s]);
        byTaskSlot[t][s].push(name);
        byCoreSlot[ci][s].push({ name, t });
        byTask[t].push({ name, s, c: ci });
      });
    }
  });
  const transfers = inst.transfers ?? [];
  const incoming: number[][] = Array.from({ length: T }, () => []); // transfer indices into each task
  transfers.forEach((e, k) => incoming[e.to].push(k));
  const maxCycles = transfers.map((e) => Math.max(0, ...e.cycles.values()));
  const waitBound = incoming.map((ks) => ks.reduce((acc, k) => acc + maxCycles[k], 0));
  maxLat += Math.max(0, ...waitBound);
  const rows: string[] = [];
  const term = (coef: number, name: string): string => `${coef < 0 ? '-' : '+'} ${num(Math.abs(coef))} ${name}`;
  const sum = (terms: string[]): string => (terms.length === 0 ? '0 dummy' : terms.join(' '));
  let r = 0;
  const row = (expr: string[], sense: string, rhs: number) => rows.push(` c${r++}: ${sum(expr)} ${sense} ${num(rhs)}`);
  // Each task: one core, one slot.
  for (let t = 0; t < T; t++) row(byTask[t].map((v) => term(1, v.name)), '=', 1);
  // One task per core and slot; slot latency covers every task in it.
  cores.forEach((_, ci) => {
    for (let s = 0; s < S; s++) {
      const vs = byCoreSlot[ci][s];
      if (vs.length > 1) row(vs.map((v) => term(1, v.name)), '<=', 1);
      if (vs.length > 0) row([term(1, `L_${s}`), ...vs.map((v) => term(-inst.tasks[v.t].latency.get(cores[ci].id)!, v.name))], '>=', 0);
    }
  });
  // Transfers: k_e ≥ cycles(a,b) when the producer runs on a and the consumer on b ≠ a (X = Σ_s x); the consumer's
  // slot lasts its latency plus the transfers it waits for.
  const onCore = (t: number, core: number) => byTask[t].filter((v) => cores[v.c].id === core);
  transfers.forEach((e, k) => {
    const from = [...inst.tasks[e.from].latency.keys()];
    const to = [...inst.tasks[e.to].latency.keys()];
    for (const a of from) {
      for (const b of to) {
        if (a === b) continue;
        const cyc = e.cycles.get(`${a},${b}`);
        const pair = [...onCore(e.from, a), ...onCore(e.to, b)];
        if (cyc === undefined) row(pair.map((v) => term(1, v.name)), '<=', 1);
        else if (cyc > 0) row([term(1, `k_${k}`), ...pair.map((v) => term(-cyc, v.name))], '>=', -cyc);
      }
    }
  });
  for (let q = 0; q < T; q++) {
    if (incoming[q].length === 0) continue;
    for (let s = 0; s < S; s++) {
      const vs = byTaskSlot[q][s];
      if (vs.length === 0) continue;
      const lat = (name: string) => inst.tasks[q].latency.get(xVars.get(name)![1])!;
      row([term(1, `L_${s}`), ...vs.map((n) => term(-lat(n) - waitBound[q], n)), ...incoming[q].map((k) => term(-1, `k_${k}`))], '>=', -waitBound[q]);
    }
  }
  // Dependencies: consumer slot ≥ producer slot + 1.
  for (const [p, c] of inst.deps) row([...byTask[c].map((v) => term(v.s, v.name)), ...byTask[p].map((v) => term(-v.s, v.name))], '>=', 1);
  // Weight capacity per core.
  cores.forEach((core, ci) => {
    if (!Number.isFinite(core.capacityBits)) return;
    const terms = inst.tasks.flatMap((task, t) => (task.weightBits > 0 ? byTask[t].filter((v) => v.c === ci).map((v) => term(task.weightBits, v.name)) : []));
    if (terms.length > 0) row(terms, '<=', core.capacityBits);
  });
  // Slots are used from the first on (removes the symmetry of empty slots in between).
  for (let s = 0; s + 1 < S; s++) {
    const now = byTaskSlot.flatMap((ts) => ts[s]);
    const next = byTaskSlot.flatMap((ts) => ts[s + 1]);
    if (next.length > 0) row([...next.map((n) => term(1, n)), ...now.map((n) => term(-T, n))], '<=', 0);
  }
  // Idle before the first and after the last task of every core; m ≤ idle of every core.
  const binaries = [...xVars.keys()];
  cores.forEach((_, ci) => {
    for (let s = 0; s < S; s++) {
      const occ = byCoreSlot[ci][s].map((v) => term(1, v.name));
      const bs = `bs_${ci}_${s}`;
      const be = `be_${ci}_${s}`;
      const z = `z_${ci}_${s}`;
      binaries.push(bs, be);
      if (s > 0) row([term(1, bs), term(-1, `bs_${ci}_${s - 1}`)], '<=', 0);
      if (s + 1 < S) row([term(1, be), term(-1, `be_${ci}_${s + 1}`)], '<=', 0);
      row([term(1, bs), ...occ], '<=', 1);
      row([term(1, be), ...occ], '<=', 1);
      row([term(1, bs), term(1, be)], '<=', 1);
      row([term(1, z), term(-1, `L_${s}`)], '<=', 0);
      row([term(1, z), term(-maxLat, bs), term(-maxLat, be)], '<=', 0);
    }
    row([term(1, 'm'), ...Array.from({ length: S }, (_, s) => term(-1, `z_${ci}_${s}`))], '<=', 0);
    // Valid cut: a core is idle at most for the latency minus its own busy time (tightens the relaxation).
    const busy = byCoreSlot[ci].flatMap((vs) => vs.map((v) => term(inst.tasks[v.t].latency.get(cores[ci].id)!, v.name)));
    row([term(1, 'm'), ...busy, ...Array.from({ length: S }, (_, s) => term(-1, `L_${s}`))], '<=', 0);
  });
  // Interchangeable cores (same latency for every task, same capacity): the k-th task that may use a class of
  // such cores takes one of its first k+1, which removes the relabelling symmetry.
  const signature = (ci: number) => JSON.stringify([cores[ci].capacityBits, inst.tasks.map((t) => t.latency.get(cores[ci].id) ?? null)]);
  const classes = new Map<string, number[]>();
  cores.forEach((_, ci) => (classes.get(signature(ci)) ?? classes.set(signature(ci), []).get(signature(ci))!).push(ci));
  // With transfers, swapping two members must also keep every route's cycles.
  const swapKeepsTransfers = (ca: number, cb: number): boolean => {
    const [ia, ib] = [cores[ca].id, cores[cb].id];
    const swap = (c: string) => (c === String(ia) ? String(ib) : c === String(ib) ? String(ia) : c);
    return transfers.every((e) => [...e.cycles].every(([pair, cyc]) => e.cycles.get(pair.split(',').map(swap).join(',')) === cyc));
  };
  for (const members of classes.values()) {
    if (members.length < 2) continue;
    if (!members.every((ca, i) => members.slice(i + 1).every((cb) => swapKeepsTransfers(ca, cb)))) continue;
    let k = 0;
    for (let t = 0; t < T; t++) {
      const forbidden = byTask[t].filter((v) => members.indexOf(v.c) > k);
      if (byTask[t].some((v) => members.includes(v.c))) k++;
      if (forbidden.length > 0) row(forbidden.map((v) => term(1, v.name)), '=', 0);
    }
  }
  const objective = [...Array.from({ length: S }, (_, s) => term(N, `L_${s}`)), ...(N > 1 ? [term(-(N - 1), 'm')] : [])];
  const bounds = [
    ...Array.from({ length: S }, (_, s) => ` 0 <= L_${s} <= ${num(maxLat)}`),
    ` 0 <= m <= ${num(maxLat * S)}`,
    ...transfers.map((_, k) => ` 0 <= k_${k} <= ${num(maxCycles[k])}`),
  ];
  const continuous = S + 1 + cores.length * S + transfers.length;
  const lp = ['Minimize', ` obj: ${sum(objective)}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'Binaries', ` ${binaries.join(' ')}`, 'End', ''].join('\n');
  return { lp, variables: binaries.length + continuous, constraints: rows.length, xVars, slots: S };
}

/** Reads core and slot per task from the solver's column values (rounded). */
export function readAssignment(model: CoModel, value: (name: string) => number | undefined, tasks: number): CoAssignment {
  const core = new Array<number>(tasks).fill(-1);
  const slot = new Array<number>(tasks).fill(-1);
  for (const [name, [t, c, s]] of model.xVars) {
    if ((value(name) ?? 0) > 0.5) {
      core[t] = c;
      slot[t] = s;
    }
  }
  if (core.some((c) => c < 0)) throw new Error('constraint optimisation: the solver returned a solution that leaves a task unassigned');
  return { core, slot };
}

/** The model's objective for one assignment, or null when it breaks a constraint. */
export function coObjective(inst: CoInstance, a: CoAssignment): number | null {
  const T = inst.tasks.length;
  const used = new Set<string>();
  const weights = new Map<number, number>();
  for (let t = 0; t < T; t++) {
    const lat = inst.tasks[t].latency.get(a.core[t]);
    if (lat === undefined) return null;
    const key = `${a.core[t]}/${a.slot[t]}`;
    if (used.has(key)) return null;
    used.add(key);
    weights.set(a.core[t], (weights.get(a.core[t]) ?? 0) + inst.tasks[t].weightBits);
  }
  for (const core of inst.cores) if ((weights.get(core.id) ?? 0) > core.capacityBits) return null;
  for (const [p, c] of inst.deps) if (a.slot[c] < a.slot[p] + 1) return null;
  const S = Math.max(...a.slot) + 1;
  const L = new Array<number>(S).fill(0);
  const wait = new Array<number>(T).fill(0);
  for (const e of inst.transfers ?? []) {
    if (a.core[e.from] === a.core[e.to]) continue;
    const cyc = e.cycles.get(`${a.core[e.from]},${a.core[e.to]}`);
    if (cyc === undefined) return null;
    wait[e.to] += cyc;
  }
  for (let t = 0; t < T; t++) L[a.slot[t]] = Math.max(L[a.slot[t]], inst.tasks[t].latency.get(a.core[t])! + wait[t]);
  const latency = L.reduce((x, y) => x + y, 0);
  let minIdle = Infinity;
  for (const core of inst.cores) {
    const slots = a.slot.filter((_, t) => a.core[t] === core.id);
    if (slots.length === 0) {
      minIdle = Math.min(minIdle, latency);
      continue;
    }
    const first = Math.min(...slots);
    const last = Math.max(...slots);
    let idle = 0;
    for (let s = 0; s < S; s++) if (s < first || s > last) idle += L[s];
    minIdle = Math.min(minIdle, idle);
  }
  const N = inst.iterations;
  return N * latency - (N - 1) * minIdle;
}

/** Exhaustive minimum of {@link coObjective} (tests; tiny instances only). */
export function bruteForceCo(inst: CoInstance): { objective: number; assignment: CoAssignment } | null {
  const T = inst.tasks.length;
  const core = new Array<number>(T).fill(-1);
  const slot = new Array<number>(T).fill(-1);
  let best: { objective: number; assignment: CoAssignment } | null = null;
  const coreChoices = inst.tasks.map((task) => inst.cores.map((c) => c.id).filter((id) => task.latency.has(id)));
  const visit = (t: number) => {
    if (t === T) {
      const obj = coObjective(inst, { core, slot });
      if (obj !== null && (!best || obj < best.objective)) best = { objective: obj, assignment: { core: [...core], slot: [...slot] } };
      return;
    }
    for (const c of coreChoices[t]) {
      core[t] = c;
      for (let s = 0; s < T; s++) {
        slot[t] = s;
        if (clashes(t)) continue;
        visit(t + 1);
      }
    }
    core[t] = -1;
    slot[t] = -1;
  };
  const clashes = (t: number): boolean => {
    for (let u = 0; u < t; u++) if (core[u] === core[t] && slot[u] === slot[t]) return true;
    for (const [p, c] of inst.deps) if ((p === t || c === t) && slot[p] >= 0 && slot[c] >= 0 && slot[c] < slot[p] + 1) return true;
    return false;
  };
  visit(0);
  return best;
}
