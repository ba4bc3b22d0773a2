import { CactiRepository } from './cacti';
import { openDatabase, schemaVersion, type Db } from './database';
import { DesignRepository } from './designs';
import { LutRepository } from './lut';
import { MappingRepository } from './mappings';
import { ProjectRepository } from './projects';
import { RunRepository } from './runs';
import { SweepRepository } from './sweeps';
import { WorkloadRepository } from './workloads';

export * from './database';
export { metricsOf } from './runs';
export { packRunResult, type PackedArtifact } from './compress';
export { storedCactiRuns } from './cacti';
export type { Provenance } from './lut';
export type { SweepInfo, SweepPoint, PointStatus, SweepStatus, SeedSummary, PointOutcome } from './sweeps';

/** One workspace file and its repositories. */
export class Store {
  readonly projects: ProjectRepository;
  readonly designs: DesignRepository;
  readonly workloads: WorkloadRepository;
  readonly mappings: MappingRepository;
  readonly runs: RunRepository;
  readonly lut: LutRepository;
  readonly sweeps: SweepRepository;
  readonly cacti: CactiRepository;

  constructor(
    readonly db: Db,
    readonly path: string,
  ) {
    this.projects = new ProjectRepository(db);
    this.designs = new DesignRepository(db);
    this.workloads = new WorkloadRepository(db);
    this.mappings = new MappingRepository(db);
    this.runs = new RunRepository(db);
    this.lut = new LutRepository(db);
    this.sweeps = new SweepRepository(db);
    this.cacti = new CactiRepository(db);
  }

  static open(path: string): Store {
    return new Store(openDatabase(path), path);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
