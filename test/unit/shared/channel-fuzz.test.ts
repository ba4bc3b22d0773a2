import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudioServices, type StudioServices } from '../../../src/app/services';
import { engineBridge } from '../../../src/app/services/engine';
import { childProcessLauncher } from '../../../src/app/pipeline/launcher';
import { defaultWorkerEntry } from '../../../src/app/pipeline/worker-entry';
import { integrityCheck } from '../../../src/app/store';
import { channels, CHANNEL_NAMES } from '../../../src/shared/api';

let dir: string;
let services: StudioServices;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'studio-fuzz-'));
  services = createStudioServices({ dbPath: join(dir, 'w.sqlite'), engine: engineBridge, launcher: childProcessLauncher(defaultWorkerEntry()), seed: false });
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Payloads close to valid ones: right keys with wrong values, extra keys, wrong containers. */
const nearMiss = fc.oneof(
  fc.anything(),
  fc.dictionary(
    fc.constantFrom('projectId', 'designId', 'workloadId', 'mappingId', 'runId', 'runIds', 'name', 'json', 'yaml', 'format', 'onnx', 'accelerator', 'main', 'files', 'options', 'exampleId', 'tags', 'limit', 'status', 'extra'),
    fc.oneof(fc.integer({ min: -5, max: 0 }), fc.double(), fc.string(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }), fc.object()),
  ),
);

describe('every channel rejects malformed payloads with a clear error', () => {
  for (const channel of CHANNEL_NAMES) {
    it(channel, async () => {
      const schema = channels[channel].request;
      await fc.assert(
        fc.asyncProperty(
          nearMiss.filter((payload) => !schema.safeParse(payload).success),
          async (payload) => {
            const envelope = await services.dispatch(channel, payload);
            expect(envelope.ok).toBe(false);
            if (envelope.ok) return;
            expect(envelope.error.code).toBe('invalid_request');
            // The message names the channel and the offending part of the request.
            expect(envelope.error.message).toMatch(new RegExp(`^${channel.replace('.', '\\.')}: invalid request — request`));
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('rejects unknown channels and survives it all with an intact store', async () => {
    const envelope = await services.dispatch('projects.drop_all', {});
    expect(envelope).toEqual({ ok: false, error: { code: 'invalid_request', message: 'unknown channel "projects.drop_all"' } });
    expect(services.store.projects.list()).toEqual([]);
    expect(integrityCheck(services.store.db)).toBe('ok');
  });
});
