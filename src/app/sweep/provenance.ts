/** This build's provenance: Stream Studio's version and the model fingerprint of its cost model and scheduler. */
import packageJson from '../../../package.json';
import { modelFingerprint } from '../../engine';
import type { Provenance } from './protocol';

export const ENGINE_VERSION: string = packageJson.version;

let cached: Promise<Provenance> | undefined;
let resolved: Provenance | undefined;

export function provenance(): Promise<Provenance> {
  cached ??= modelFingerprint().then((modelFingerprint) => (resolved = { engineVersion: ENGINE_VERSION, modelFingerprint }));
  return cached;
}

/** The provenance when it has been computed already (hosts start computing it at start-up). */
export function provenanceIfReady(): Provenance | undefined {
  return resolved;
}

/** Why a worker of provenance `mine` must refuse a job of `theirs`, or undefined when they match. */
export function provenanceMismatch(mine: Provenance, theirs: Provenance): string | undefined {
  if (mine.engineVersion === theirs.engineVersion && mine.modelFingerprint === theirs.modelFingerprint) return undefined;
  return (
    `this worker runs Stream Studio ${mine.engineVersion} (model ${mine.modelFingerprint}) but the coordinator runs ` +
    `${theirs.engineVersion} (model ${theirs.modelFingerprint}); refusing the job: run the same version of Stream Studio on every machine`
  );
}
