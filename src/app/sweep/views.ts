/** Sweep rows as the API returns them (src/shared/api-types.ts). */
import type { SweepDetail, SweepPointInfo, SweepSummary } from '../../shared/api-types';
import { axisLabel, type SweepDefinition } from '../../engine';
import type { SweepInfo, SweepPoint } from '../store';
import { paretoOfSweep } from './coordinator';

export function sweepSummary(s: SweepInfo): SweepSummary {
  return {
    id: s.id,
    projectId: s.projectId,
    name: s.name,
    status: s.status,
    total: s.total,
    done: s.done,
    invalid: s.invalid,
    failed: s.failed,
    engineVersion: s.engineVersion,
    modelFingerprint: s.modelFingerprint,
    createdAt: s.createdAt,
    finishedAt: s.finishedAt,
    error: s.error,
  };
}

export function sweepDetail(s: SweepInfo, points: readonly SweepPoint[]): SweepDetail {
  const definition = s.definition as SweepDefinition;
  return {
    sweep: sweepSummary(s),
    axes: definition.axes.map(axisLabel),
    points: points.map(sweepPointInfo),
    pareto: paretoOfSweep(points),
  };
}

export function sweepPointInfo(p: SweepPoint): SweepPointInfo {
  return {
    index: p.index,
    params: p.params,
    status: p.status,
    runId: p.runId,
    latencyCycles: p.latencyCycles,
    energyPj: p.energyPj,
    areaMm2: p.areaMm2,
    edp: p.edp,
    spread: p.seeds ? { latency: p.seeds.latency.spread, energy: p.seeds.energy.spread } : null,
    error: p.error,
  };
}
