import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildStudioApi, channels, CHANNEL_NAMES, EVENT_NAMES, parseRequest, ApiError, type StudioApi, type RunInfo, type Project } from '../../../src/shared/api';

describe('API contract', () => {
  it('has exactly one table entry per channel name', () => {
    expect(Object.keys(channels).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
  });

  it('types StudioApi as one grouped async function per channel', () => {
    expectTypeOf<StudioApi['projects']['list']>().returns.resolves.toEqualTypeOf<Project[]>();
    expectTypeOf<StudioApi['runs']['start']>().parameter(0).toHaveProperty('designId');
    expectTypeOf<StudioApi['runs']['cancel']>().returns.resolves.toEqualTypeOf<RunInfo>();
  });

  it('builds a nested API over an invoker and unwraps errors into ApiError', async () => {
    const calls: [string, unknown][] = [];
    const api = buildStudioApi(
      async (channel, request) => {
        calls.push([channel, request]);
        if (channel === 'projects.get') return { ok: false, error: { code: 'not_found', message: 'project 9 does not exist' } };
        return { ok: true, value: [] };
      },
      () => () => undefined,
    );
    await expect(api.projects.list()).resolves.toEqual([]);
    const failure = await api.projects.get({ projectId: 9 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('not_found');
    expect(calls.map((c) => c[0])).toEqual(['projects.list', 'projects.get']);
  });

  it('names the channel and the field in validation errors', () => {
    expect(() => parseRequest('runs.start', { projectId: 1, designId: -2, workloadId: 1, mappingId: 1 })).toThrow(/runs\.start: .*request\.designId/);
    expect(() => parseRequest('projects.create', { name: 'x', extra: 1 })).toThrow(/projects\.create/);
    expect(parseRequest('projects.list', undefined)).toBeUndefined();
    expect(parseRequest('workloads.import', { projectId: 1, name: 'w', format: 'onnx', onnx: new Uint8Array(4) })).toMatchObject({ format: 'onnx' });
  });
});
