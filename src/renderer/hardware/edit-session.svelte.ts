/**
 * One design being edited: its undo history, the selection, what the last engine edit brought along (notes) or
 * refused (issues), and the pinned what-if mapping as each design of the history brought it along.
 * Reactive like History: components reading its fields update when they change.
 */
import { untrack } from 'svelte';
import { exportMappingYaml, topologyConversionNotice, type DesignEdit } from '../../engine/browser';
import type { InputIssue } from '../../engine/errors';
import type { Accelerator } from '../../engine/hardware/types';
import type { Mapping } from '../../engine/mapping/types';
import { History } from '../lib/history.svelte';
import { applyEdit } from './design-edit';
import { keepExisting } from './selection';

export class EditSession {
  private readonly history: History<Accelerator>;
  /** Canvas element ids (`core-1`, `conn-0-1`, `bus-0`). */
  selected = $state<string[]>([]);
  /** What the last design edit brought along (engine's applyDesignEdit), and the conflicts it refused. */
  notes = $state.raw<readonly string[]>([]);
  issues = $state.raw<readonly InputIssue[]>([]);
  /** performance.now() of the last edit, undo or redo (the what-if panel reports edit → figures). */
  editedAt = $state(0);
  /** The pinned configuration's mapping as stored (null until loaded). */
  pinned = $state.raw<{ mappingId: number; mapping: Mapping } | null>(null);
  private mappingFor = new WeakMap<Accelerator, Mapping>();

  /** `onnotice` hears when an edit converts an older-format topology (what changed, in words). */
  constructor(
    initial: Accelerator,
    private readonly onnotice: (text: string) => void,
  ) {
    this.history = new History(initial);
  }

  get design(): Accelerator {
    return this.history.current;
  }

  get dirty(): boolean {
    return this.history.dirty;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /** Pushes an edited design; `select` replaces the selection, else what still exists stays selected. */
  edit(next: Accelerator, select?: string[], mapping?: Mapping): void {
    const design = this.design;
    if (next === design) return;
    const followed = mapping ?? this.mappingFor.get(design);
    if (followed) this.mappingFor.set(next, followed);
    this.editedAt = performance.now();
    this.issues = [];
    const rewrite = topologyConversionNotice(design, next);
    if (rewrite) this.onnotice(rewrite);
    this.history.push(next);
    this.selected = select ?? keepExisting(next, this.selected);
  }

  /** An edit through the engine (see applyEdit); a refused one pushes `fallback()` and keeps the engine's issues. */
  applyEdit(change: DesignEdit, fallback: () => Accelerator): void {
    const out = applyEdit(this.design, change, fallback, this.mappingFor.get(this.design) ?? this.pinned?.mapping);
    this.notes = out.notes;
    this.edit(out.accelerator, undefined, out.mapping);
    if (!out.accepted) this.issues = out.issues;
  }

  undo(): void {
    this.step(() => this.history.undo());
  }

  redo(): void {
    this.step(() => this.history.redo());
  }

  private step(move: () => Accelerator): void {
    this.editedAt = performance.now();
    this.issues = [];
    this.selected = keepExisting(move(), this.selected);
  }

  /** Starts over with another design: no history, selection, notes, issues or pinned mapping. */
  reset(next: Accelerator): void {
    this.history.reset(next);
    this.notes = [];
    this.issues = [];
    this.pinned = null;
    this.selected = [];
  }

  markSaved(): void {
    this.history.markSaved();
  }

  /** The pinned mapping as stored; it follows the current design from here on. */
  pinMapping(mappingId: number, mapping: Mapping): void {
    this.mappingFor = new WeakMap([[untrack(() => this.design), mapping]]);
    this.pinned = { mappingId, mapping };
  }

  /** The pinned mapping as the edits brought it along, as YAML; undefined while it is the stored one. */
  get followedMappingYaml(): string | undefined {
    const followed = this.mappingFor.get(this.design);
    return followed && this.pinned && followed !== this.pinned.mapping ? exportMappingYaml(followed) : undefined;
  }
}
