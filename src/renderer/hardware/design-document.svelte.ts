/**
 * The stored design the editor has open (none for a new design): opening another (asking before unsaved edits
 * are dropped), saving, exporting it as Stream YAML and importing YAML files as a new design of the project.
 */
import type { InputIssue } from '../../engine/errors';
import type { HardwareDesign, SourceFile } from '../../shared/api';
import type { AppState } from '../stores/app.svelte';
import { emptyDesign } from './design';
import { saveRefusal } from './design-checks';
import { editableDesign, exportDesign, fetchDesign, importDesignFiles, nextDesignName, storeDesign } from './design-files';
import type { EditSession } from './edit-session.svelte';

export interface DocumentHooks {
  /** After the session started over with the design opened (or a new one). */
  opened: () => void;
  /** After the design was stored under `designId`. */
  saved: (designId: number) => void;
  /** Whether unsaved edits may be dropped to open another design. */
  discard: () => boolean;
}

export class DesignDocument {
  /** The design as stored (null for a new design). */
  loaded = $state.raw<HardwareDesign | null>(null);
  id = $state<number | null>(null);
  saving = $state(false);
  /** The toast of the last refused save, while it may still be showing. */
  private refusalToast: number | null = null;

  /** `appOf` gives the app state (a getter, as a component's prop is read). */
  constructor(
    private readonly appOf: () => AppState,
    private readonly session: EditSession,
    private readonly hooks: DocumentHooks,
  ) {}

  private get app(): AppState {
    return this.appOf();
  }

  /** Edits not stored yet (a new design counts as unsaved). */
  get unsaved(): boolean {
    return this.session.dirty || this.id === null;
  }

  /** Whether the app asks for another design than the one open (or a new one while a stored one is open). */
  isOther(designId: number | null): boolean {
    return designId !== this.id || (designId === null && this.loaded !== null);
  }

  async open(designId: number | null): Promise<void> {
    if (this.session.dirty && !this.hooks.discard()) {
      this.app.openDesignId = this.id;
      return;
    }
    if (designId === null) {
      this.loaded = null;
      this.id = null;
      this.session.reset(emptyDesign(nextDesignName(this.app.detail?.designs.map((d) => d.name) ?? [])));
    } else {
      const fetched = await fetchDesign(this.app, designId);
      if (!fetched) return;
      this.loaded = fetched;
      this.id = designId;
      this.session.reset(editableDesign(fetched));
    }
    this.hooks.opened();
  }

  /** Stores the design as edited, refused while it has `issues`; whether it was stored. */
  async save(issues: readonly InputIssue[]): Promise<boolean> {
    const project = this.app.projectId;
    if (project === null || this.saving) return false;
    const refusal = saveRefusal(issues);
    if (refusal) {
      this.refusalToast = this.app.error(refusal);
      return false;
    }
    this.saving = true;
    try {
      const saved = await storeDesign(this.app, project, this.id, this.session.design);
      if (!saved) return false;
      this.loaded = saved;
      this.id = saved.id;
      this.app.openDesignId = saved.id;
      this.hooks.saved(saved.id);
      this.session.markSaved();
      this.app.info(`Saved design “${saved.name}”`);
      await this.app.refresh();
      return true;
    } finally {
      this.saving = false;
    }
  }

  /** Takes back a refused save's "Fix N problems" toast once the design has no problems left. */
  checked(issues: readonly InputIssue[]): void {
    if (this.refusalToast === null || saveRefusal(issues) !== null) return;
    this.app.dismiss(this.refusalToast);
    this.refusalToast = null;
  }

  /** The design's Stream YAML files, saving it first when it has unsaved edits. */
  async exportYaml(issues: readonly InputIssue[]): Promise<{ main: string; files: SourceFile[] } | null> {
    if (this.unsaved && !(await this.save(issues))) return null;
    return exportDesign(this.app, this.id!);
  }

  /** Imports the picked files as a new design and asks the app to open it. */
  async importYaml(picked: readonly File[]): Promise<void> {
    const project = this.app.projectId;
    if (!picked.length || project === null) return;
    const id = await importDesignFiles(this.app, project, picked);
    if (id !== null) this.app.openDesignId = id;
  }
}
