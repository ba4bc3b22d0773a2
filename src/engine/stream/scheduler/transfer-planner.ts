/**
 * Transfer planning on links: moves a tensor between cores over its route in the earliest window where every
 * link has enough bandwidth for the whole transfer (joining an earlier multicast when allowed), and reserves
 * off-chip bandwidth for the whole run of a CN that streams operands.
 */
import type { HardwareView } from '../hardware-view';
import type { ScheduleLedger } from './ledger';
import { LinkState, ReservationLog, earliestCommonStart, intersectWindows, type Window } from './link-state';
import { ScheduleError } from './memory-manager';
import type { Residency } from './residency';
import type { TensorRegistry } from './tensor-registry';
import type { SchedulerFeatures, TransferCause } from './types';

/** A set of tensor objects (the inputs of the CN being scheduled, which must not be evicted for one another). */
export interface TensorSet {
  has(t: number): boolean;
}

export const NO_TENSORS: TensorSet = { has: () => false };

/** Makes room for a tensor in a core's memory for operand `k` (an index into MEMORY_OPERANDS); returns from when it fits. */
export interface SpaceMaker {
  makeSpace(t: number, core: number, k: number, time: number, avoid: TensorSet): number;
}

/** How a transfer is made; one value may serve every transfer of a CN. Made by `transferHow` (one object shape). */
export interface TransferHow {
  /** Tensors that must not be evicted to make room (the other inputs of the CN). */
  avoid: TensorSet;
  /** Send from this core's copy; -1: from the memory that has held the tensor longest. */
  sender: number;
  /** Share of each link's bandwidth the transfer takes. */
  fraction: number;
  /** Energy bucket; undefined: 'offchip' or 'core_to_core' by sender. */
  cause: TransferCause | undefined;
}

export function transferHow(how: Partial<TransferHow> = {}): TransferHow {
  return { avoid: how.avoid ?? NO_TENSORS, sender: how.sender ?? -1, fraction: how.fraction ?? 1, cause: how.cause };
}

/** What a CN streams from or to off-chip over one link while it runs. */
export interface OffchipStream {
  readonly tensor: number;
  /** Bits/cycle. */
  readonly bw: number;
  readonly toOffchip: boolean;
}

interface Multicast {
  readonly mem: number;
  readonly start: number;
  readonly end: number;
  readonly links: Set<number>;
}

const PLAIN: Readonly<TransferHow> = transferHow();

export class TransferPlanner {
  readonly links: LinkState[];
  private readonly offchip: number;
  /** Event starts of every link (see ReservationLog). */
  private readonly log = new ReservationLog();
  /** Multicast: earlier transfers per tensor equality class that later receivers may join. */
  private readonly sent = new Map<number, Multicast[]>();

  constructor(
    private readonly hw: HardwareView,
    private readonly features: SchedulerFeatures,
    private readonly tensors: TensorRegistry,
    private readonly residency: Residency,
    private readonly ledger: ScheduleLedger,
    private readonly space: SpaceMaker,
    /** Core per CN (a tensor's producer core decides whether a sender keeps its copy). */
    private readonly cores: Int32Array,
  ) {
    // A loop, not map(): the array's elements kind must not depend on whether this constructor is optimised.
    this.links = new Array<LinkState>(hw.links.length);
    for (let l = 0; l < hw.links.length; l++) this.links[l] = new LinkState(hw.links[l].bandwidth, features.carriedWindowsFirst, this.log, l);
    this.offchip = hw.offchipCoreId;
    this.unitEnergy = new Float64Array(hw.links.length);
    this.linkBw = new Float64Array(hw.links.length);
    for (let l = 0; l < hw.links.length; l++) {
      this.unitEnergy[l] = hw.links[l].unitEnergyCost;
      this.linkBw[l] = hw.links[l].bandwidth;
    }
  }

  /** Per link: energy per unit of transfer (hw.links[l].unitEnergyCost), read on every reservation. */
  private readonly unitEnergy: Float64Array;
  /** Per link: its bandwidth in bits/cycle. */
  private readonly linkBw: Float64Array;

  /**
   * Moves tensor `t` to `receiver`'s memory for operand `k` (an index into MEMORY_OPERANDS), no earlier than
   * `earliest`; returns when it is available there.
   */
  transfer(t: number, receiver: number, k: number, earliest: number, how: Readonly<TransferHow> = PLAIN): number {
    if (this.residency.onCore(t, receiver)) return earliest;
    const avoid = how.avoid;
    const fraction = how.fraction;
    const size = this.tensors.size(t);
    const eq = this.tensors.eq(t);
    const sourceMem = this.residency.sourceMemory(t, how.sender);
    const from = Math.max(earliest, this.residency.memory(sourceMem).availableSince(eq));
    const ready = this.space.makeSpace(t, receiver, k, from, avoid);
    const senderCore = this.hw.firstCoreOf[sourceMem];
    const route = this.hw.route(senderCore, receiver);
    let startT: number;
    let duration: number;
    const bws = this.bandwidths(route, fraction);
    const receiverMem = this.residency.memOfIndex(receiver, k);
    let joined: Multicast | undefined;
    if (route.length === 0) {
      startT = ready;
      duration = 0;
    } else {
      let minBw = bws[0];
      for (let i = 1; i < route.length; i++) if (bws[i] < minBw) minBw = bws[i];
      duration = Math.ceil(size / minBw);
      const own = !this.features.carriedWindowsFirst && duration > 0 ? this.firstWindow(route, bws, ready, duration) : this.commonWindow(route, bws, ready, duration, t);
      if (this.features.multicast) joined = this.joinableTransfer(eq, sourceMem, route, bws, ready, duration);
      if (joined && joined.start > own) joined = undefined;
      startT = joined ? joined.start : own;
    }
    const endT = startT + duration;
    this.residency.store(t, receiver, k, startT, endT);
    let linkEnergy = 0;
    let newEverywhere = true;
    for (let i = 0; i < route.length; i++) {
      const l = route[i];
      if (joined?.links.has(l)) continue;
      if (this.links[l].reserve(t, startT, endT, bws[i])) {
        const unit = this.unitEnergy[l];
        const e = this.features.linkEnergyPerBit ? size * unit : duration * unit * fraction;
        linkEnergy += e;
        this.ledger.linkEvent(l, size, e);
      } else newEverywhere = false;
    }
    if (newEverywhere && route.length > 0) this.ledger.eventEnds(endT);
    // A receiver joining a multicast only pays its own write: the sender read happened once.
    const memoryEnergy = joined
      ? this.hw.writeEnergy(size, receiverMem)
      : this.features.transferMemoryEnergy === 'level'
        ? this.hw.levelTransferEnergy(size, sourceMem, receiverMem)
        : this.hw.transferMemoryEnergy(size, sourceMem, receiverMem);
    if (joined) for (const l of route) joined.links.add(l);
    else if (this.features.multicast && route.length > 0) {
      const list = this.sent.get(eq) ?? [];
      list.push({ mem: sourceMem, start: startT, end: endT, links: new Set(route) });
      this.sent.set(eq, list);
    }
    const cause: TransferCause = how.cause ?? (senderCore === this.offchip ? 'offchip' : 'core_to_core');
    this.ledger.transferCost(cause, linkEnergy, memoryEnergy);
    if (senderCore !== this.offchip && this.senderDrops(t, senderCore, sourceMem)) this.residency.free(t, senderCore, this.tensors.opIndex(t), endT);
    if (this.ledger.record) {
      this.ledger.add({ tensor: t, from: senderCore, to: receiver, links: route, start: startT, end: endT, bits: size, linkEnergy, memoryEnergy, cause });
    }
    return endT;
  }

  /** Whether a core that sent a tensor on drops its own copy (see `SchedulerFeatures.senderDrop`). */
  private senderDrops(t: number, senderCore: number, mem: number): boolean {
    if (this.features.senderDrop === 'no-priority-here') return !this.tensors.hasNonZeroPriorityIn(t, mem);
    const notOnProducer = senderCore !== this.cores[this.tensors.originCn(t)];
    return notOnProducer && this.tensors.instancePriority(t, mem, this.residency) === 0;
  }

  /**
   * An earlier transfer of the same data from the same memory that this receiver can join: it starts no earlier
   * than the receiver is ready, lasts as long, and every link of this route it did not use is free meanwhile.
   */
  private joinableTransfer(eq: number, mem: number, route: readonly number[], bws: Float64Array, ready: number, duration: number): Multicast | undefined {
    for (const prev of this.sent.get(eq) ?? []) {
      if (prev.mem !== mem || prev.start < ready || prev.end - prev.start !== duration) continue;
      const free = route.every((l, i) => {
        if (prev.links.has(l)) return true;
        const w = this.links[l].idleWindows(Math.min(bws[i], this.links[l].bandwidth), duration, prev.start);
        return w.length > 0 && w[0][0] === prev.start;
      });
      if (free) return prev;
    }
    return undefined;
  }

  private bwScratch = new Float64Array(4);
  /**
   * The bandwidth a transfer takes on each link of the route, in a scratch array shared by all transfers: read it
   * before the next call.
   */
  private bandwidths(route: readonly number[], fraction: number): Float64Array {
    if (route.length > this.bwScratch.length) this.bwScratch = new Float64Array(route.length * 2);
    for (let i = 0; i < route.length; i++) this.bwScratch[i] = Math.ceil(fraction * this.linkBw[route[i]]);
    return this.bwScratch;
  }

  /** Scratch links and bandwidths of a route for `earliestCommonStart` (filled per call). */
  private readonly routeLinks: LinkState[] = [];
  private routeBws = new Float64Array(4);

  /** `commonWindow` without carried windows, for a positive duration (see `earliestCommonStart`). */
  private firstWindow(route: readonly number[], bws: Float64Array, earliest: number, duration: number): number {
    let start: number;
    if (route.length === 1) {
      const one = this.links[route[0]];
      start = one.firstIdleStart(Math.min(bws[0], this.linkBw[route[0]]), duration, earliest);
    } else {
      if (route.length > this.routeBws.length) this.routeBws = new Float64Array(route.length * 2);
      const links = this.routeLinks;
      const linkBws = this.routeBws;
      for (let i = 0; i < route.length; i++) {
        links[i] = this.links[route[i]];
        linkBws[i] = Math.min(bws[i], this.linkBw[route[i]]);
      }
      start = earliestCommonStart(links, linkBws, route.length, earliest, duration);
    }
    if (Number.isNaN(start)) throw new ScheduleError('no idle window on the route');
    return start;
  }

  /** A link's candidate windows (see `SchedulerFeatures.carriedWindowsFirst`). */
  private linkWindows(link: number, bw: number, duration: number, earliest: number, tensors: readonly number[]): Window[] {
    const idle = this.links[link].idleWindows(bw, duration, earliest);
    if (!this.features.carriedWindowsFirst) return idle;
    return [...this.links[link].carriedWindows(tensors, duration, earliest), ...idle];
  }

  /** Earliest start ≥ `earliest` at which every link of the route has its bandwidth free for `duration` cycles. */
  private commonWindow(route: readonly number[], bws: Float64Array, earliest: number, duration: number, tensor: number): number {
    let windows: Window[] = [];
    for (let i = 0; i < route.length; i++) {
      const l = route[i];
      const w = this.linkWindows(l, Math.min(bws[i], this.links[l].bandwidth), duration, earliest, [tensor]);
      windows = i === 0 ? w : intersectWindows(windows, w).filter((p) => p[1] - p[0] >= duration);
    }
    if (windows.length === 0) throw new ScheduleError('no idle window on the route');
    return windows[0][0];
  }

  /**
   * Reserves off-chip bandwidth on every link of `perLink` for `duration` cycles from the earliest time ≥ `t`
   * where all have room; returns that start.
   */
  blockOffchip(perLink: ReadonlyMap<number, readonly OffchipStream[]>, core: number, t: number, duration: number): number {
    const perTotal = this.features.blockPerLinkTotal;
    let windows: Window[] = [];
    let first = true;
    for (const [l, list] of perLink) {
      const total = list.reduce((s, x) => s + x.bw, 0);
      const bwLimit = this.links[l].bandwidth;
      let w: Window[];
      if (perTotal) {
        w = this.linkWindows(l, Math.min(total, bwLimit), duration, t, list.map((x) => x.tensor));
      } else {
        const required = total > bwLimit ? list.reduce((s, x) => s + Math.floor((bwLimit / total) * x.bw), 0) : total;
        w = this.links[l].idleWindows(required, duration, t);
      }
      windows = first ? w : intersectWindows(windows, w).filter((p) => p[1] - p[0] >= duration);
      first = false;
    }
    if (windows.length === 0) throw new ScheduleError('no idle window to stream operands from off-chip');
    const start = windows[0][0];
    const end = start + duration;
    for (const [l, list] of perLink) {
      if (perTotal) {
        const total = list.reduce((s, x) => s + x.bw, 0);
        if (this.links[l].reserve(list[0].tensor, start, end, Math.ceil(total))) this.blocked(l, list[0], core, start, end, total * duration);
      } else {
        for (const x of list) if (this.links[l].reserve(x.tensor, start, end, x.bw)) this.blocked(l, x, core, start, end, x.bw * duration);
      }
    }
    return start;
  }

  private blocked(link: number, x: OffchipStream, core: number, start: number, end: number, bits: number): void {
    this.ledger.eventEnds(end);
    this.ledger.linkEvent(link, bits, 0);
    if (this.ledger.record) {
      this.ledger.add({ tensor: x.tensor, from: x.toOffchip ? core : this.offchip, to: x.toOffchip ? this.offchip : core, links: [link], start, end, bits, linkEnergy: 0, memoryEnergy: 0, cause: 'block' });
    }
  }

  dispose(): void {
    for (const l of this.links) l.dispose();
    this.log.dispose();
  }

  busyCycles(): number[] {
    return this.links.map((l) => l.busyCycles());
  }
}
