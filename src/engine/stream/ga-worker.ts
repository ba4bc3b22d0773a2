/** Worker thread entry: rebuilds the allocation problem once, then schedules the genomes it receives. */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateGenome } from './allocation';
import { problemFromInit, type GaWorkerInit, type WorkerEvaluation } from './ga-pool';

const problem = problemFromInit(workerData as GaWorkerInit);

parentPort!.on('message', (msg: { id: number; genomes: number[][] }) => {
  try {
    const results: WorkerEvaluation[] = msg.genomes.map((g) => {
      const e = evaluateGenome(problem, g, false);
      return { latency: e.latency, energy: e.energy, feasible: e.feasible, ...(e.error !== undefined ? { error: e.error } : {}) };
    });
    parentPort!.postMessage({ id: msg.id, results });
  } catch (error) {
    parentPort!.postMessage({ id: msg.id, error: error instanceof Error ? error.message : String(error) });
  }
});
