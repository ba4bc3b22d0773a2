/**
 * Result assembly: the energy totals, per-link figures and (when recorded) every transfer of one schedule, and
 * the outcome built from them at the end.
 */
import type { EnergyTotals, ScheduleOutcome, TransferCause, TransferRecord } from './types';

const CAUSES: readonly TransferCause[] = ['offchip', 'offchip_write', 'core_to_core', 'eviction', 'sink', 'block'];

function causeIndex(cause: TransferCause): number {
  switch (cause) {
    case 'offchip':
      return 0;
    case 'offchip_write':
      return 1;
    case 'core_to_core':
      return 2;
    case 'eviction':
      return 3;
    case 'sink':
      return 4;
    case 'block':
      return 5;
  }
}

export class ScheduleLedger {
  cnOnChip = 0;
  cnMac = 0;
  cnOffChip = 0;
  /** Link and memory energy per transfer cause, indexed like CAUSES. */
  private readonly linkByCause = new Float64Array(CAUSES.length);
  private readonly memoryByCause = new Float64Array(CAUSES.length);
  readonly transfers: TransferRecord[] = [];
  readonly linkBits: number[];
  readonly linkEnergy: number[];
  /** End of the last link event (transfers and blocking count toward the latency). */
  eventsEnd = 0;

  constructor(
    nLinks: number,
    /** Keep per-transfer records (for results); off for GA fitness evaluations. */
    readonly record: boolean,
  ) {
    this.linkBits = new Array<number>(nLinks).fill(0);
    this.linkEnergy = new Array<number>(nLinks).fill(0);
  }

  linkEvent(link: number, bits: number, energy: number): void {
    this.linkEnergy[link] += energy;
    this.linkBits[link] += bits;
  }

  eventEnds(end: number): void {
    if (end > this.eventsEnd) this.eventsEnd = end;
  }

  transferCost(cause: TransferCause, linkEnergy: number, memoryEnergy: number): void {
    const c = causeIndex(cause);
    this.linkByCause[c] += linkEnergy;
    this.memoryByCause[c] += memoryEnergy;
  }

  cnCost(onChip: number, mac: number, offChip: number): void {
    this.cnOnChip += onChip;
    this.cnMac += mac;
    this.cnOffChip += offChip;
  }

  /** The energy totals as the outcome reports them. */
  totals(): EnergyTotals {
    const linkByCause = {} as Record<TransferCause, number>;
    const memoryByCause = {} as Record<TransferCause, number>;
    CAUSES.forEach((cause, c) => {
      linkByCause[cause] = this.linkByCause[c];
      memoryByCause[cause] = this.memoryByCause[c];
    });
    return { cnOnChip: this.cnOnChip, cnMac: this.cnMac, cnOffChip: this.cnOffChip, linkByCause, memoryByCause };
  }

  add(record: TransferRecord): void {
    this.transfers.push(record);
  }
}

export interface OutcomeParts {
  readonly ledger: ScheduleLedger;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Empty unless the schedule keeps its traces (records). */
  readonly memoryTraces: ScheduleOutcome['memoryTraces'];
  readonly linkBusyCycles: readonly number[];
  readonly tensorInfo: ScheduleOutcome['tensorInfo'];
  readonly cellsResident: Uint8Array;
}

export function assembleOutcome(parts: OutcomeParts): ScheduleOutcome {
  const { ledger, start, end } = parts;
  let latency = ledger.eventsEnd;
  for (let i = 0; i < end.length; i++) latency = Math.max(latency, end[i]);
  const t = ledger.totals();
  let energy = t.cnOnChip + t.cnOffChip;
  for (const c of CAUSES) energy += t.linkByCause[c] + t.memoryByCause[c];
  // A plain object of one shape: a getter in the literal (the traces were built on first read) gave every outcome
  // its own hidden class, ~40 KB of maps in old space per schedule, collected only by full GCs.
  return {
    latency,
    energy,
    totals: t,
    start,
    end,
    transfers: ledger.transfers,
    memoryTraces: parts.memoryTraces,
    linkBusyCycles: parts.linkBusyCycles,
    linkBits: ledger.linkBits,
    linkEnergy: ledger.linkEnergy,
    tensorInfo: parts.tensorInfo,
    cellsResident: parts.cellsResident,
  };
}
