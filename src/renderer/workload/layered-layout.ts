/**
 * A small layered (Sugiyama-style) layout for layer DAGs: rank = longest path from a source, then a few
 * sweeps of barycentre ordering within each rank to reduce crossings. Returns node centre positions.
 */
export interface DagEdge {
  readonly from: number;
  readonly to: number;
}

export function layeredLayout(nodeIds: readonly number[], edges: readonly DagEdge[], spacing = { x: 170, y: 80 }): Map<number, { x: number; y: number }> {
  const ids = new Set(nodeIds);
  const preds = new Map<number, number[]>(nodeIds.map((id) => [id, []]));
  const succs = new Map<number, number[]>(nodeIds.map((id) => [id, []]));
  for (const edge of edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to) || edge.from === edge.to) continue;
    preds.get(edge.to)!.push(edge.from);
    succs.get(edge.from)!.push(edge.to);
  }
  // Longest-path ranks via Kahn's order; nodes on cycles (should not happen in a DAG) keep rank 0.
  const rank = new Map<number, number>(nodeIds.map((id) => [id, 0]));
  const indegree = new Map(nodeIds.map((id) => [id, preds.get(id)!.length]));
  const queue = nodeIds.filter((id) => indegree.get(id) === 0);
  for (let head = 0; head < queue.length; head += 1) {
    const id = queue[head];
    for (const next of succs.get(id)!) {
      rank.set(next, Math.max(rank.get(next)!, rank.get(id)! + 1));
      indegree.set(next, indegree.get(next)! - 1);
      if (indegree.get(next) === 0) queue.push(next);
    }
  }
  const ranks: number[][] = [];
  for (const id of nodeIds) (ranks[rank.get(id)!] ??= []).push(id);
  const order = new Map<number, number>();
  const renumber = () => ranks.forEach((row) => row?.forEach((id, i) => order.set(id, i)));
  renumber();
  const barycentre = (id: number, neighbours: Map<number, number[]>) => {
    const list = neighbours.get(id)!;
    return list.length ? list.reduce((sum, n) => sum + order.get(n)!, 0) / list.length : order.get(id)!;
  };
  for (let sweep = 0; sweep < 4; sweep += 1) {
    const down = sweep % 2 === 0;
    const sequence = down ? ranks.map((_, i) => i) : ranks.map((_, i) => ranks.length - 1 - i);
    for (const r of sequence) {
      const row = ranks[r];
      if (!row) continue;
      const keys = new Map(row.map((id) => [id, barycentre(id, down ? preds : succs)]));
      row.sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
      row.forEach((id, i) => order.set(id, i));
    }
  }
  const positions = new Map<number, { x: number; y: number }>();
  ranks.forEach((row, r) => {
    if (!row) return;
    const width = (row.length - 1) * spacing.x;
    row.forEach((id, i) => positions.set(id, { x: i * spacing.x - width / 2, y: r * spacing.y }));
  });
  return positions;
}
