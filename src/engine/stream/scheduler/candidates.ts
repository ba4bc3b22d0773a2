/**
 * Ready CNs and which one is scheduled next: by scheduling-order position ('order', a heap), or within the stack
 * of the first in order by when its producers end ('latency') or by deepest layer ('memory').
 */
import type { CnGraph } from '../cn-graph';
import type { SchedulerFeatures } from './types';

export interface ReadyCn {
  readonly cn: number;
  /** When the last producer of the CN ends. */
  readonly predsEnd: number;
}

export interface CandidatePool {
  readonly size: number;
  push(cn: number, predsEnd: number): void;
  /** Removes and returns the CN to schedule next; its producers' end is then `poppedPredsEnd`. */
  pop(): number;
  /** When the last producer of the CN `pop` returned ends. */
  readonly poppedPredsEnd: number;
}

export function candidatePool(mode: SchedulerFeatures['candidateSelection'], priority: Int32Array, graph: CnGraph): CandidatePool {
  return mode === 'order' ? new CandidateHeap(priority) : new StackCandidates(mode, priority, graph);
}

/** Ready CNs by scheduling-order position (lowest first), in arrays sized for every CN at once. */
class CandidateHeap implements CandidatePool {
  private readonly cns: Int32Array;
  private readonly ends: Float64Array;
  size = 0;
  poppedPredsEnd = 0;
  constructor(private readonly priority: Int32Array) {
    this.cns = new Int32Array(priority.length);
    this.ends = new Float64Array(priority.length);
  }
  push(cn: number, predsEnd: number): void {
    const { cns, ends, priority } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (priority[cns[parent]] <= priority[cn]) break;
      cns[i] = cns[parent];
      ends[i] = ends[parent];
      i = parent;
    }
    cns[i] = cn;
    ends[i] = predsEnd;
  }
  pop(): number {
    const { cns, ends, priority } = this;
    const top = cns[0];
    this.poppedPredsEnd = ends[0];
    const n = --this.size;
    const lastCn = cns[n];
    const lastEnd = ends[n];
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && priority[cns[r]] < priority[cns[l]] ? r : l;
        if (priority[cns[c]] >= priority[lastCn]) break;
        cns[i] = cns[c];
        ends[i] = ends[c];
        i = c;
      }
      cns[i] = lastCn;
      ends[i] = lastEnd;
    }
    return top;
  }
}

/** 'latency' / 'memory': the choice is made among the ready CNs of the stack of the first one in order. */
class StackCandidates implements CandidatePool {
  private readonly list: ReadyCn[] = [];
  poppedPredsEnd = 0;
  constructor(
    private readonly mode: 'latency' | 'memory',
    private readonly priority: Int32Array,
    private readonly graph: CnGraph,
  ) {}
  get size(): number {
    return this.list.length;
  }
  push(cn: number, predsEnd: number): void {
    this.list.push({ cn, predsEnd });
  }
  pop(): number {
    const pick = this.pick();
    const chosen = this.list[pick];
    this.list.splice(pick, 1);
    this.poppedPredsEnd = chosen.predsEnd;
    return chosen.cn;
  }
  private pick(): number {
    const { list, priority: prio, graph: g } = this;
    let best = 0;
    for (let i = 1; i < list.length; i++) if (prio[list[i].cn] < prio[list[best].cn]) best = i;
    const stackOf = (cn: number) => g.plans.get(g.nodes[cn].layerId)!.stackIndex;
    const stack = stackOf(list[best].cn);
    let chosen = best;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (stackOf(c.cn) !== stack) continue;
      const cur = list[chosen];
      const better =
        this.mode === 'latency'
          ? c.predsEnd < cur.predsEnd || (c.predsEnd === cur.predsEnd && prio[c.cn] < prio[cur.cn])
          : g.nodes[c.cn].layerId > g.nodes[cur.cn].layerId || (g.nodes[c.cn].layerId === g.nodes[cur.cn].layerId && prio[c.cn] < prio[cur.cn]);
      if (better) chosen = i;
    }
    return chosen;
  }
}
