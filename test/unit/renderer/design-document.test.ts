/**
 * The hardware editor's checks, layout storage and design lifecycle (open, save, export, import) against a fake
 * app, split out of HardwareEditor.svelte.
 */
import { describe, expect, it, vi } from 'vitest';
import type { InputIssue } from '../../../src/engine/errors';
import type { Accelerator } from '../../../src/engine/hardware/types';
import type { HardwareDesign } from '../../../src/shared/api';
import type { AppState } from '../../../src/renderer/stores/app.svelte';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addCore, connect, emptyDesign } from '../../../src/renderer/hardware/design';
import { designChecks, saveRefusal, whatIfBlockReason, withEditIssues } from '../../../src/renderer/hardware/design-checks';
import { DesignDocument, type DocumentHooks } from '../../../src/renderer/hardware/design-document.svelte';
import { editableDesign, nextDesignName } from '../../../src/renderer/hardware/design-files';
import { EditSession } from '../../../src/renderer/hardware/edit-session.svelte';
import { layoutKey, loadLayout, saveLayout } from '../../../src/renderer/hardware/layout-store';

/** tpu_like and simd, linked to each other and to the off-chip core: a valid design. */
function validDesign(name = 'two-core'): Accelerator {
  let d = emptyDesign(name);
  d = addCore(d, templateById('tpu_like')!).design;
  d = addCore(d, templateById('simd')!).design;
  d = connect(d, 0, 1, { bandwidth: 64, unitEnergyCost: 1 });
  d = connect(d, 0, 2, { bandwidth: 64, unitEnergyCost: 1 });
  return connect(d, 1, 2, { bandwidth: 64, unitEnergyCost: 1 });
}

const issue = (field: string): InputIssue => ({ file: '<editor>', field, expected: 'something else' });

describe('design checks', () => {
  it('validates, prices and measures the design with the engine', () => {
    const ok = designChecks(validDesign());
    expect(ok.issues).toEqual([]);
    expect(ok.priced.ok).toBe(true);
    expect(ok.area!.total).toBeGreaterThan(0);
    const lonely = addCore(emptyDesign('d'), templateById('simd')!).design;
    expect(designChecks(lonely).issues.map((i) => i.expected).join('\n')).toContain('the off-chip core');
  });

  it('lists a refused edit’s issues after the validator’s', () => {
    const a = [issue('a')];
    expect(withEditIssues(a, [])).toBe(a);
    expect(withEditIssues(a, [issue('b')]).map((i) => i.field)).toEqual(['a', 'b']);
  });

  it('says why the what-if waits, most fundamental reason first', () => {
    const valid = designChecks(validDesign());
    expect(whatIfBlockReason(valid, [], false)).toBe('');
    expect(whatIfBlockReason(valid, [], true)).toBe('loading the pinned mapping');
    expect(whatIfBlockReason({ ...valid, priced: { ok: false, issues: [issue('m')] } }, [], true)).toMatch(/no CACTI costs/);
    expect(whatIfBlockReason(valid, [issue('x')], true)).toMatch(/^the last edit conflicts/);
    expect(whatIfBlockReason({ ...valid, issues: [issue('x')] }, [issue('y')], true)).toBe('1 problem in the design (see Validation)');
    expect(whatIfBlockReason({ ...valid, issues: [issue('x'), issue('y')] }, [], false)).toBe('2 problems in the design (see Validation)');
  });

  it('refuses to save with problems, naming how many', () => {
    expect(saveRefusal([])).toBeNull();
    expect(saveRefusal([issue('a')])).toBe('Fix 1 problem before saving (see the Validation list).');
    expect(saveRefusal([issue('a'), issue('b')])).toBe('Fix 2 problems before saving (see the Validation list).');
  });
});

describe('layout storage and design names', () => {
  it('keeps node positions per design and reads nothing from an unreadable entry', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    saveLayout(storage, 4, { 'core-0': { x: 1, y: 2 } });
    expect(loadLayout(storage, 4)).toEqual({ 'core-0': { x: 1, y: 2 } });
    expect(loadLayout(storage, 5)).toEqual({});
    store.set(layoutKey(null), '{not json');
    expect(loadLayout(storage, null)).toEqual({});
    expect(layoutKey(null)).toBe('stream-studio.layout.new');
  });

  it('names a new design with the first free number', () => {
    expect(nextDesignName([])).toBe('design 1');
    expect(nextDesignName(['design 1', 'design 3', 'other'])).toBe('design 2');
  });

  it('revives a stored design’s unbounded bandwidths (null over JSON)', () => {
    const d = validDesign();
    const core = d.cores[2]!;
    const level = core.memories[0]!;
    const port = { ...level.instance.ports[0]!, bandwidthMax: null as unknown as number };
    const stored = { ...d, cores: d.cores.map((c, i) => (i === 2 ? { ...c, memories: [{ ...level, instance: { ...level.instance, ports: [port] } }, ...c.memories.slice(1)] } : c)) };
    const opened = editableDesign({ accelerator: stored } as unknown as HardwareDesign);
    expect(opened.cores[2]!.memories[0]!.instance.ports[0]!.bandwidthMax).toBe(Infinity);
    expect(opened.links.length).toBe(d.links.length);
  });
});

/** An app with an in-memory design store: the API calls the document makes, and the toasts it shows. */
function fakeApp(stored: Accelerator) {
  const saved: HardwareDesign = { id: 11, name: stored.name, accelerator: stored } as unknown as HardwareDesign;
  const api = {
    designs: {
      get: vi.fn(async () => saved),
      create: vi.fn(async ({ name }: { name: string }) => ({ ...saved, id: 12, name })),
      update: vi.fn(async ({ designId }: { designId: number }) => ({ ...saved, id: designId })),
      exportYaml: vi.fn(async () => ({ main: 'd.yaml', files: [{ path: 'd.yaml', text: 'name: d' }] })),
    },
  };
  const toasts: string[] = [];
  const app = {
    api,
    projectId: 1 as number | null,
    openDesignId: null as number | null,
    detail: { designs: [{ id: 11, name: 'design 1' }] },
    attempt: async <T,>(action: () => Promise<T>) => action(),
    info: (text: string) => toasts.push(text),
    // Toast ids are positions in `toasts`; a dismissed toast's text is replaced by "dismissed".
    error: (text: string) => toasts.push(`error: ${text}`) - 1,
    dismiss: (id: number) => void (toasts[id] = 'dismissed'),
    refresh: vi.fn(async () => {}),
  };
  return { app, api, toasts };
}

function documentFor(stored: Accelerator, discard = true) {
  const { app, api, toasts } = fakeApp(stored);
  const session = new EditSession(emptyDesign('new design'), () => {});
  const hooks: DocumentHooks = { opened: vi.fn(), saved: vi.fn(), discard: vi.fn(() => discard) };
  const doc = new DesignDocument(() => app as unknown as AppState, session, hooks);
  return { app, api, toasts, session, hooks, doc };
}

describe('design document', () => {
  it('opens a stored design into the session, and a new one with a free name', async () => {
    const { session, hooks, doc } = documentFor(validDesign('stored'));
    expect(doc.isOther(null)).toBe(false);
    expect(doc.isOther(11)).toBe(true);
    await doc.open(11);
    expect(doc.id).toBe(11);
    expect(session.design.name).toBe('stored');
    expect(hooks.opened).toHaveBeenCalledTimes(1);
    expect(doc.unsaved).toBe(false);
    expect(doc.isOther(null)).toBe(true);
    await doc.open(null);
    expect(doc.id).toBeNull();
    expect(doc.loaded).toBeNull();
    expect(session.design.name).toBe('design 2');
    expect(doc.unsaved).toBe(true);
  });

  it('keeps unsaved edits when the user declines to drop them, and tells the app which design stays open', async () => {
    const { app, session, hooks, doc } = documentFor(validDesign('stored'), false);
    await doc.open(11);
    session.edit({ ...session.design, name: 'edited' });
    app.openDesignId = null;
    await doc.open(null);
    expect(hooks.discard).toHaveBeenCalledTimes(1);
    expect(session.design.name).toBe('edited');
    expect(app.openDesignId).toBe(11);
  });

  it('refuses to save a design with problems, creates a new one and updates a stored one', async () => {
    const { app, api, toasts, session, hooks, doc } = documentFor(validDesign('stored'));
    await doc.open(null);
    expect(await doc.save([issue('x')])).toBe(false);
    expect(toasts).toContain('error: Fix 1 problem before saving (see the Validation list).');
    expect(api.designs.create).not.toHaveBeenCalled();

    session.edit(validDesign('fresh'));
    expect(await doc.save([])).toBe(true);
    expect(api.designs.create).toHaveBeenCalledWith(expect.objectContaining({ projectId: 1, name: 'fresh' }));
    expect(doc.id).toBe(12);
    expect(app.openDesignId).toBe(12);
    expect(hooks.saved).toHaveBeenCalledWith(12);
    expect(session.dirty).toBe(false);
    expect(doc.saving).toBe(false);
    expect(toasts).toContain('Saved design “fresh”');

    session.edit({ ...session.design, name: 'renamed' });
    expect(await doc.save([])).toBe(true);
    expect(api.designs.update).toHaveBeenCalledWith(expect.objectContaining({ designId: 12 }));
    expect(api.designs.create).toHaveBeenCalledTimes(1);
  });

  it('takes back a refused save\'s toast once the design has no problems left, not before', async () => {
    const { toasts, doc } = documentFor(validDesign('stored'));
    await doc.open(null);
    expect(await doc.save([issue('x'), issue('y')])).toBe(false);
    const refusal = 'error: Fix 2 problems before saving (see the Validation list).';
    expect(toasts).toContain(refusal);
    doc.checked([issue('x')]);
    expect(toasts).toContain(refusal);
    doc.checked([]);
    expect(toasts).not.toContain(refusal);
    expect(toasts).toContain('dismissed');
  });

  it('saves unsaved edits before exporting, and exports nothing when the save is refused', async () => {
    const { api, session, doc } = documentFor(validDesign('stored'));
    await doc.open(11);
    expect(await doc.exportYaml([])).toEqual({ main: 'd.yaml', files: [{ path: 'd.yaml', text: 'name: d' }] });
    expect(api.designs.update).not.toHaveBeenCalled();
    session.edit({ ...session.design, name: 'edited' });
    expect(await doc.exportYaml([issue('x')])).toBeNull();
    expect(api.designs.exportYaml).toHaveBeenCalledTimes(1);
    expect(await doc.exportYaml([])).not.toBeNull();
    expect(api.designs.update).toHaveBeenCalledTimes(1);
    expect(api.designs.exportYaml).toHaveBeenLastCalledWith({ designId: 11 });
  });
});
