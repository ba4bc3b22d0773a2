import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import CorePanel from '../../../src/renderer/components/hardware/CorePanel.svelte';
import LinkPanel from '../../../src/renderer/components/hardware/LinkPanel.svelte';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addCore, connect, connections, emptyDesign } from '../../../src/renderer/hardware/design';
import { resolveFieldPath } from '../../../src/engine/browser';

afterEach(() => cleanup());

function design() {
  let d = emptyDesign('d');
  d = addCore(d, templateById('tpu_like')!).design;
  d = addCore(d, templateById('simd')!).design;
  return connect(d, 0, 1, { bandwidth: 64, unitEnergyCost: 0 });
}

describe('"+ sweep axis" in the hardware editor', () => {
  it('gives the sweep path of a memory size and an array dimension, which resolve on the design to the shown value', async () => {
    const d = design();
    const onaxis = vi.fn<(path: string, current: number) => void>();
    render(CorePanel, { core: d.cores[0]!, index: 0, issues: [], onchange: () => {}, onaxis });
    await fireEvent.click(screen.getByLabelText('Sweep axis sram_2MB size'));
    await fireEvent.click(screen.getByLabelText('Sweep axis D1 size'));
    expect(onaxis.mock.calls.map((c) => c[0])).toEqual(['cores[0].memories[sram_2MB].size_bits', 'cores[0].array.dimensions.D1']);
    for (const [path, current] of onaxis.mock.calls) {
      const leaves = resolveFieldPath(d, path);
      expect(leaves.ok && leaves.value.map((l) => l.value)).toEqual([current]);
    }
  });

  it("gives this link's bandwidth (both directions) or every link's", async () => {
    const d = design();
    const onaxis = vi.fn<(path: string, current: number) => void>();
    render(LinkPanel, { design: d, connection: connections(d)[0]!, issues: [], onchange: () => {}, onremove: () => {}, onaxis });
    await fireEvent.click(screen.getByTestId('axis-link-bandwidth'));
    await fireEvent.click(screen.getByTestId('axis-links-bandwidth'));
    const [[one, bw], [all]] = onaxis.mock.calls as [[string, number], [string, number]];
    expect(bw).toBe(64);
    const leaves = resolveFieldPath(d, one);
    expect(leaves.ok && leaves.value.map((l) => l.value)).toEqual([64, 64]);
    expect(all).toBe('links[*].bandwidth');
  });

  it('shows no axis buttons where the panel is used without a sweep', () => {
    const d = design();
    render(CorePanel, { core: d.cores[0]!, index: 0, issues: [], onchange: () => {} });
    expect(screen.queryByLabelText('Sweep axis sram_2MB size')).toBeNull();
  });
});
