/** The run dashboard's "Export run file" downloads the exported folder as a zip, or shows why it cannot. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { RunFileZip, RunInfo, StudioApi } from '../../../src/shared/api';
import RunDashboard from '../../../src/renderer/components/runs/RunDashboard.svelte';
import { readZip, writeZip } from '../../../src/shared/zip';
import { sampleResult } from '../charts/fixture';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const run = { id: 7, name: 'a run', designName: 'quad', workloadName: 'resnet18', mappingName: 'm', notes: '', tags: [] } as unknown as RunInfo;
const exported: RunFileZip = {
  fileName: 'run-7.zip',
  zip: writeZip([
    { path: 'run-7/run.yaml', bytes: new TextEncoder().encode('accelerator: hardware/quad.yaml\n') },
    { path: 'run-7/workload/resnet18.onnx', bytes: new Uint8Array([8, 7, 0, 255]) },
  ]),
};

function withApi(exportRunFile: () => Promise<RunFileZip>): StudioApi {
  return { runs: { exportRunFile, annotate: async () => run } } as unknown as StudioApi;
}

describe('RunDashboard: Export run file', () => {
  it('downloads run-N.zip holding run.yaml and the inputs under one folder', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => (blobs.push(blob), 'blob:x');
    URL.revokeObjectURL = () => undefined;
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    render(RunDashboard, { run, result: sampleResult({}), api: withApi(async () => exported) });
    await fireEvent.click(screen.getByTestId('export-run-file'));
    await waitFor(() => expect(names).toEqual(['run-7.zip']));
    const bytes = await new Promise<ArrayBuffer>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.readAsArrayBuffer(blobs[0]!);
    });
    expect(blobs[0]!.type).toBe('application/zip');
    const entries = readZip(new Uint8Array(bytes));
    expect(entries.map((e) => e.path)).toEqual(['run-7/run.yaml', 'run-7/workload/resnet18.onnx']);
    expect(new TextDecoder().decode(entries[0]!.bytes)).toBe('accelerator: hardware/quad.yaml\n');
    expect([...entries[1]!.bytes]).toEqual([8, 7, 0, 255]);
  });

  it('shows the reason when the run cannot be exported', async () => {
    render(RunDashboard, { run, result: sampleResult({}), api: withApi(async () => Promise.reject(new Error('run 7 cannot be exported as a run file: its design "quad" was edited since the run'))) });
    await fireEvent.click(screen.getByTestId('export-run-file'));
    await waitFor(() => expect(screen.getByTestId('export-run-file-error').textContent).toMatch(/design "quad" was edited since the run/));
  });
});
