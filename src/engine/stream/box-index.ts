/**
 * A small spatial index over axis-aligned integer boxes (inclusive bounds), used to find which consumer tiles
 * read data a producer tile writes. Boxes are bucketed on the axis that separates them best; a query visits
 * only the buckets its range overlaps and then checks every axis.
 */
export interface Box {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

const TARGET_PER_BUCKET = 2;

export class BoxIndex {
  private readonly boxes: readonly Box[];
  private readonly axis: number;
  private readonly origin: number;
  private readonly bucketWidth: number;
  private readonly buckets: number[][];
  private readonly stamp: Uint32Array;
  private queryId = 0;

  constructor(boxes: readonly Box[]) {
    this.boxes = boxes;
    this.stamp = new Uint32Array(boxes.length);
    const dims = boxes[0]?.lo.length ?? 0;
    let bestAxis = 0;
    let bestDistinct = -1;
    for (let a = 0; a < dims; a++) {
      const distinct = new Set(boxes.map((b) => b.lo[a])).size;
      if (distinct > bestDistinct) {
        bestDistinct = distinct;
        bestAxis = a;
      }
    }
    this.axis = bestAxis;
    let min = Infinity;
    let max = -Infinity;
    for (const b of boxes) {
      if (dims === 0) break;
      min = Math.min(min, b.lo[bestAxis]);
      max = Math.max(max, b.hi[bestAxis]);
    }
    if (!Number.isFinite(min)) {
      min = 0;
      max = 0;
    }
    this.origin = min;
    const nBuckets = Math.max(1, Math.ceil(boxes.length / TARGET_PER_BUCKET));
    this.bucketWidth = Math.max(1, Math.ceil((max - min + 1) / nBuckets));
    this.buckets = Array.from({ length: nBuckets }, () => []);
    boxes.forEach((b, i) => {
      if (dims === 0) {
        this.buckets[0].push(i);
        return;
      }
      const [first, last] = this.bucketRange(b.lo[bestAxis], b.hi[bestAxis]);
      for (let k = first; k <= last; k++) this.buckets[k].push(i);
    });
  }

  private bucketRange(lo: number, hi: number): [number, number] {
    const n = this.buckets.length;
    const first = Math.min(n - 1, Math.max(0, Math.floor((lo - this.origin) / this.bucketWidth)));
    const last = Math.min(n - 1, Math.max(0, Math.floor((hi - this.origin) / this.bucketWidth)));
    return [first, last];
  }

  /** Indices (ascending) of the boxes intersecting `query` on every axis. */
  intersecting(query: Box): number[] {
    const hits: number[] = [];
    if (this.boxes.length === 0) return hits;
    this.queryId++;
    const dims = query.lo.length;
    const [first, last] = dims === 0 ? [0, 0] : this.bucketRange(query.lo[this.axis], query.hi[this.axis]);
    for (let k = first; k <= last; k++) {
      for (const i of this.buckets[k]) {
        if (this.stamp[i] === this.queryId) continue;
        this.stamp[i] = this.queryId;
        const b = this.boxes[i];
        let overlaps = true;
        for (let a = 0; a < dims; a++) {
          if (b.lo[a] > query.hi[a] || b.hi[a] < query.lo[a]) {
            overlaps = false;
            break;
          }
        }
        if (overlaps) hits.push(i);
      }
    }
    return hits.sort((x, y) => x - y);
  }
}
