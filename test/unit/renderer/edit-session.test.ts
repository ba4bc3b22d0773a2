/**
 * The hardware editor's edit session (undo history, selection, engine edit notes/issues, the pinned mapping
 * followed through edits) and the engine edit's result handling, split out of HardwareEditor.svelte.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMappingYaml, type DesignEdit } from '../../../src/engine/browser';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import type { Mapping } from '../../../src/engine/mapping/types';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addBus, addCore, connect, emptyDesign, replaceCore } from '../../../src/renderer/hardware/design';
import { applyEdit, editedField } from '../../../src/renderer/hardware/design-edit';
import { EditSession } from '../../../src/renderer/hardware/edit-session.svelte';
import { connectionEdgeId, coreNodeId } from '../../../src/renderer/hardware/graph';
import { expectOk } from '../../support/result';

const EXAMPLES = join(__dirname, '../../../resources/inputs/stream/examples/');
const quad = () => expectOk(loadAcceleratorFile(join(EXAMPLES, 'hardware', 'tpu_like_quad_core.yaml')));
/** The example's mapping with every entry unrolling K 32 over D1 (the tpu_like cores' 32-wide dimension). */
function quadMapping(): Mapping {
  const stored = expectOk(loadMappingFile(join(EXAMPLES, 'mapping', 'tpu_like_quad_core.yaml')));
  return { ...stored, entries: stored.entries.map((entry) => ({ ...entry, spatialMapping: { D1: [{ loopDim: 'K', factor: 32 }] } })) };
}

function twoCores() {
  let d = emptyDesign('d');
  d = addCore(d, templateById('tpu_like')!).design;
  d = addCore(d, templateById('simd')!).design;
  return connect(d, 0, 1, { bandwidth: 64, unitEnergyCost: 0 });
}

const dimension = (coreId: number, size: number, name = 'D1'): DesignEdit => ({ kind: 'array-dimension', coreId, dimension: name, size });

describe('engine edit results', () => {
  it('names the field an edit changed, where a refusal is shown', () => {
    const d = twoCores();
    const core = d.cores[0]!;
    const memory = core.memories[core.memories.length - 1]!.instance;
    const m = core.memories.length - 1;
    expect(editedField(d, dimension(0, 4, core.operationalArray.dimensions[1]!.name))).toBe('cores[0].operationalArray.dimensions[1].size');
    expect(editedField(d, { kind: 'memory-size', coreId: 0, memory: memory.name, sizeBits: 8 })).toBe(`cores[0].memories[${m}].instance.sizeBits`);
    const readPort = memory.ports.findIndex((p) => p.type !== 'write');
    const writePort = memory.ports.findIndex((p) => p.type !== 'read');
    expect(editedField(d, { kind: 'memory-width', coreId: 0, memory: memory.name, port: 'read', bits: 8 })).toBe(`cores[0].memories[${m}].instance.ports[${readPort}].bandwidthMax`);
    expect(editedField(d, { kind: 'memory-width', coreId: 0, memory: memory.name, port: 'write', bits: 8 })).toBe(`cores[0].memories[${m}].instance.ports[${writePort}].bandwidthMax`);
    expect(editedField(d, { kind: 'memory-ports', coreId: 0, memory: memory.name, readPorts: 1, writePorts: 1, readWritePorts: 0 })).toBe(`cores[0].memories[${m}]`);
  });

  it('takes the engine’s edit with its notes, or the fallback with the engine’s issues at the field edited', () => {
    const d = twoCores();
    const core = d.cores[0]!;
    const accepted = applyEdit(d, dimension(0, 8), () => {
      throw new Error('no fallback for an accepted edit');
    });
    expect(accepted.accepted).toBe(true);
    expect(accepted.accelerator.cores[0]!.operationalArray.dimensions[0]!.size).toBe(8);
    expect(accepted.issues).toEqual([]);

    const fallback = replaceCore(d, { ...core, name: 'plain change' });
    const refused = applyEdit(d, dimension(0, 0), () => fallback);
    expect(refused.accepted).toBe(false);
    expect(refused.accelerator).toBe(fallback);
    expect(refused.notes).toEqual([]);
    expect(refused.issues.length).toBeGreaterThan(0);
    expect(refused.issues.every((i) => i.field === 'cores[0].operationalArray.dimensions[0].size')).toBe(true);
    expect(refused.issues[0]!.expected).toMatch(/positive whole number/);
  });
});

describe('edit session', () => {
  it('undoes and redoes edits, tracks unsaved changes and keeps only selected elements that still exist', () => {
    const d = twoCores();
    const session = new EditSession(d, () => {});
    expect(session.dirty).toBe(false);
    const added = addCore(d, templateById('pooling')!);
    session.edit(added.design, [coreNodeId(added.id)]);
    expect(session.design).toBe(added.design);
    expect(session.selected).toEqual([coreNodeId(added.id)]);
    expect(session.dirty).toBe(true);
    session.selected = [coreNodeId(3), coreNodeId(1)];
    session.undo();
    expect(session.design).toBe(d);
    expect(session.selected).toEqual([coreNodeId(1)]);
    expect(session.canRedo).toBe(true);
    session.redo();
    expect(session.design).toBe(added.design);
    session.markSaved();
    expect(session.dirty).toBe(false);

    // Without a new selection, what still exists stays selected.
    session.selected = [coreNodeId(0), connectionEdgeId('0-1')];
    session.edit({ ...session.design, name: 'renamed' });
    expect(session.selected).toEqual([coreNodeId(0), connectionEdgeId('0-1')]);
    // Pushing the same design is no edit.
    const at = session.editedAt;
    session.edit(session.design, []);
    expect(session.selected).toEqual([coreNodeId(0), connectionEdgeId('0-1')]);
    expect(session.editedAt).toBe(at);
  });

  it('keeps a refused engine edit’s issues until the next edit or undo, and an accepted edit’s notes', () => {
    const d = twoCores();
    const session = new EditSession(d, () => {});
    session.applyEdit(dimension(0, 0), () => replaceCore(d, { ...d.cores[0]!, name: 'plain' }));
    expect(session.design.cores[0]!.name).toBe('plain');
    expect(session.issues.map((i) => i.field)).toContain('cores[0].operationalArray.dimensions[0].size');
    expect(session.notes).toEqual([]);
    session.undo();
    expect(session.issues).toEqual([]);

    session.reset(quad());
    session.applyEdit(dimension(0, 16), () => {
      throw new Error('no fallback for an accepted edit');
    });
    expect(session.issues).toEqual([]);
    expect(session.notes).toContain('core tpu_like dataflows D1: K 32 → K 16');
    session.applyEdit(dimension(0, 0), () => replaceCore(session.design, { ...session.design.cores[0]!, name: 'again' }));
    expect(session.issues.length).toBeGreaterThan(0);
    session.edit({ ...session.design, name: 'next' });
    expect(session.issues).toEqual([]);
  });

  it('says when an edit converts an older-format topology', () => {
    const notices: string[] = [];
    const q = quad();
    expect(q.topology.format).toBe('stream-pairs');
    const session = new EditSession(q, (text) => notices.push(text));
    session.edit({ ...q, name: 'renamed' });
    expect(notices).toEqual([]);
    session.edit(addBus(session.design, [0, 1]).design);
    expect(session.design.topology.format).toBe('stream-typed');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/stream-pairs topology format cannot express this edit/);
  });

  it('brings the pinned mapping along array-dimension edits and back with undo; a reset forgets it', () => {
    const q = quad();
    const session = new EditSession(q, () => {});
    const mapping = quadMapping();
    session.pinMapping(7, mapping);
    expect(session.pinned?.mappingId).toBe(7);
    expect(session.followedMappingYaml).toBeUndefined();

    session.applyEdit(dimension(0, 16), () => q);
    const yaml = session.followedMappingYaml;
    expect(yaml).toBeDefined();
    const followed = expectOk(parseMappingYaml(yaml!, 'followed.yaml'));
    expect(followed.entries[0]!.spatialMapping?.D1).toEqual([{ loopDim: 'K', factor: 16 }]);
    // A later unrelated edit keeps the followed mapping; undoing back to the pinned design restores the stored one.
    session.edit({ ...session.design, name: 'renamed' });
    expect(session.followedMappingYaml).toBe(yaml);
    session.undo();
    session.undo();
    expect(session.followedMappingYaml).toBeUndefined();

    session.selected = [coreNodeId(0)];
    session.reset(twoCores());
    expect(session.pinned).toBeNull();
    expect(session.selected).toEqual([]);
    expect(session.canUndo).toBe(false);
    expect(session.dirty).toBe(false);
  });
});
