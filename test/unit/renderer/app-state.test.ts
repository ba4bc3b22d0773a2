import { describe, expect, it } from 'vitest';
import type { ProjectDetail, StudioApi } from '../../../src/shared/api';
import { AppState } from '../../../src/renderer/stores/app.svelte';

const stamp = '2026-01-01T00:00:00.000Z';
const project = (id: number, designIds: number[]) =>
  ({
    project: { id, name: `p${id}`, description: '', tags: [], notes: '', createdAt: stamp, updatedAt: stamp, counts: { designs: designIds.length, workloads: 0, mappings: 0, runs: 0 } },
    designs: designIds.map((d) => ({ id: d, projectId: id, name: `d${d}`, origin: 'example', coreCount: 3, linkCount: 2, contentHash: 'h', createdAt: stamp, updatedAt: stamp })),
    workloads: [],
    mappings: [],
    runs: [],
  }) as unknown as ProjectDetail;

/** A stand-in for the host with two projects: 1 with designs 11 and 12, 2 with none. */
function app(): AppState {
  const details = new Map([
    [1, project(1, [11, 12])],
    [2, project(2, [])],
  ]);
  const api = { projects: { list: async () => [...details.values()].map((d) => d.project), get: async ({ projectId }: { projectId: number }) => details.get(projectId)! }, on: () => () => {} } as unknown as StudioApi;
  return new AppState(api);
}

describe('AppState: the design the hardware editor opens', () => {
  it("is the project's first design when a project is opened, and none for a project without designs", async () => {
    const state = app();
    await state.openProject(1);
    expect(state.openDesignId).toBe(11);
    await state.openProject(2);
    expect(state.openDesignId).toBeNull();
  });

  it('stays what the user chose (another design, or a new one) when the project is refreshed', async () => {
    const state = app();
    await state.openProject(1);
    state.openDesignId = 12;
    await state.refresh();
    expect(state.openDesignId).toBe(12);
    state.openDesignId = null; // "New design"
    await state.openProject(1);
    await state.refresh();
    expect(state.openDesignId).toBeNull();
  });
});
