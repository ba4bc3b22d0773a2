import type { Project, ProjectDetail, RunInfo, StudioApi, ExampleInfo, PipelineProgress } from '../../shared/api';
import { errorText } from '../lib/studio';
import { defaultSweepDraft, newAxis, type SweepDraft } from '../lib/sweep-form';

export type Tab = 'overview' | 'hardware' | 'workload' | 'runs' | 'compare' | 'explore';

export const TABS: readonly { id: Tab; label: string; key: string }[] = [
  { id: 'overview', label: 'Project', key: '1' },
  { id: 'hardware', label: 'Hardware', key: '2' },
  { id: 'workload', label: 'Workload', key: '3' },
  { id: 'runs', label: 'Runs', key: '4' },
  { id: 'compare', label: 'Compare', key: '5' },
  { id: 'explore', label: 'Explore', key: '6' },
];

export interface Toast {
  readonly id: number;
  readonly kind: 'info' | 'error';
  readonly text: string;
}

const COMPARISONS_KEY = 'stream-studio.comparisons';

/** A run configuration pinned to a hardware design for the editor's live what-if. */
export interface WhatIfPin {
  readonly projectId: number;
  readonly designId: number;
  readonly workloadId: number;
  readonly mappingId: number;
  readonly options: Readonly<Record<string, unknown>>;
  /** How the pin is shown, e.g. "resnet18 · tpu_like_quad_core_resnet18_fixed_split · lbl". */
  readonly label: string;
  /** A finished run whose allocation every evaluation takes, fixed (instead of the options' search per edit). */
  readonly allocationRunId?: number;
}

export interface SavedComparison {
  readonly name: string;
  readonly runIds: readonly number[];
}

/**
 * The renderer's shared state: the API, the project list, the open project and what each tab shows. Lists
 * are re-fetched when the host reports a change (`workspace.changed`, run events), so every window and the
 * CLI see the same workspace.
 */
export class AppState {
  readonly api: StudioApi;
  projects = $state<Project[]>([]);
  examples = $state<ExampleInfo[]>([]);
  projectId = $state<number | null>(null);
  detail = $state<ProjectDetail | null>(null);
  tab = $state<Tab>('overview');
  /** Run shown in the dashboard of the Runs tab. */
  openRunId = $state<number | null>(null);
  /** Design open in the hardware editor. */
  openDesignId = $state<number | null>(null);
  openWorkloadId = $state<number | null>(null);
  /** Runs picked for comparison (any project). */
  compareIds = $state<number[]>([]);
  /** Live progress per running run. */
  progress = $state<Record<number, PipelineProgress>>({});
  /** Layer stacks chosen in the workload view, offered to the run setup. */
  layerStacks = $state<number[][]>([]);
  /** Set by the workload view's "fused run" button: the run setup takes the stacks over once. */
  stacksRequested = $state(false);
  /** The sweep being set up (Explore tab); the hardware editor adds axes to it. */
  sweepDraft = $state<SweepDraft>(defaultSweepDraft());
  /** Whether the Explore tab shows the sweep setup (else the open sweep). */
  sweepSetupOpen = $state(false);
  /** Sweep shown in the Explore tab. */
  openSweepId = $state<number | null>(null);
  toasts = $state<Toast[]>([]);
  connected = $state(false);
  savedComparisons = $state<SavedComparison[]>([]);
  /** The configuration pinned for the live what-if (evaluated on every valid edit of its design). */
  whatIfPin = $state.raw<WhatIfPin | null>(null);
  private toastSeq = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: StudioApi) {
    this.api = api;
    this.savedComparisons = loadComparisons();
  }

  async start(): Promise<void> {
    this.api.on('workspace.changed', () => this.scheduleRefresh());
    this.api.on('run.status', (event) => {
      if (event.run.projectId === this.projectId) this.scheduleRefresh();
    });
    this.api.on('run.progress', (event) => {
      this.progress = { ...this.progress, [event.runId]: event.progress };
    });
    this.api.on('run.finished', () => this.scheduleRefresh());
    try {
      await this.refreshProjects();
      this.examples = await this.api.examples.list();
      this.connected = true;
      if (this.projectId === null && this.projects.length > 0) await this.openProject(this.projects[0].id);
    } catch (error) {
      this.error(`Cannot reach the Stream Studio host: ${errorText(error)}`);
    }
  }

  /** Coalesces bursts of change events into one refresh. */
  scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, 150);
  }

  async refresh(): Promise<void> {
    try {
      await this.refreshProjects();
      if (this.projectId !== null) await this.loadDetail(this.projectId);
    } catch (error) {
      this.error(errorText(error));
    }
  }

  async refreshProjects(): Promise<void> {
    this.projects = await this.api.projects.list();
  }

  async loadDetail(projectId: number): Promise<void> {
    const detail = await this.api.projects.get({ projectId });
    if (this.projectId === projectId) this.detail = detail;
  }

  async openProject(projectId: number): Promise<void> {
    const switching = this.projectId !== projectId;
    if (switching) {
      this.projectId = projectId;
      this.detail = null;
      this.openRunId = null;
      this.openDesignId = null;
      this.openWorkloadId = null;
      this.layerStacks = [];
      this.whatIfPin = null;
      this.openSweepId = null;
      this.sweepDraft = defaultSweepDraft();
    }
    try {
      await this.loadDetail(projectId);
      // The hardware editor opens the project's first design rather than a blank one (New design still gives one).
      const first = this.detail?.designs[0];
      if (switching && first && this.projectId === projectId && this.openDesignId === null) this.openDesignId = first.id;
    } catch (error) {
      this.error(errorText(error));
    }
  }

  async createFromExample(exampleId: string): Promise<Project | null> {
    return this.attempt(async () => {
      const project = await this.api.examples.createProject({ exampleId });
      await this.refreshProjects();
      await this.openProject(project.id);
      this.tab = 'overview';
      this.info(`Created project “${project.name}”`);
      return project;
    });
  }

  async createProject(name: string): Promise<Project | null> {
    return this.attempt(async () => {
      const project = await this.api.projects.create({ name });
      await this.refreshProjects();
      await this.openProject(project.id);
      this.tab = 'overview';
      return project;
    });
  }

  /** Runs an API action, reporting failures as an error toast; null on failure. */
  async attempt<T>(action: () => Promise<T>): Promise<T | null> {
    try {
      return await action();
    } catch (error) {
      this.error(errorText(error));
      return null;
    }
  }

  info(text: string): void {
    this.push('info', text);
  }

  /** Shows an error toast; returns its id (to dismiss it early once it no longer holds). */
  error(text: string): number {
    return this.push('error', text);
  }

  private push(kind: Toast['kind'], text: string): number {
    const toast = { id: ++this.toastSeq, kind, text };
    this.toasts = [...this.toasts, toast];
    setTimeout(() => this.dismiss(toast.id), kind === 'error' ? 12_000 : 4_000);
    return toast.id;
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  /** Pins a run configuration to its design and opens that design in the hardware editor. */
  pinWhatIf(pin: WhatIfPin): void {
    this.whatIfPin = pin;
    this.openDesignId = pin.designId;
    this.tab = 'hardware';
  }

  /**
   * The pin of a run (its design, workload, mapping and options; with `storedAllocation`, also the allocation it
   * found, fixed); null when one of its inputs was deleted.
   */
  runPin(run: RunInfo, storedAllocation = false): WhatIfPin | null {
    if (run.designId === null || run.workloadId === null || run.mappingId === null) return null;
    const base = { projectId: run.projectId, designId: run.designId, workloadId: run.workloadId, mappingId: run.mappingId, options: run.options };
    return storedAllocation ? { ...base, allocationRunId: run.id, label: `run “${run.name}”, its allocation fixed` } : { ...base, label: `run “${run.name}”` };
  }

  /**
   * Adds an axis to the sweep setup (from the hardware editor's "+ sweep axis" beside a field: `path` built by the
   * engine's field-path builders). The design the field belongs to becomes the sweep's base when it is saved.
   */
  addSweepAxis(kind: 'field' | 'option', target: string, current?: number, designId?: number | null): void {
    const draft = this.sweepDraft;
    if (draft.axes.some((a) => a.kind === kind && a.target === target)) {
      this.info(`${target} is already an axis of the sweep setup (Explore tab)`);
      return;
    }
    draft.axes.push(newAxis(kind, target, current));
    if (designId != null) draft.base.designId = designId;
    this.info(`Added sweep axis ${target} (Explore tab → sweep setup)`);
  }

  showSweep(sweepId: number): void {
    this.openSweepId = sweepId;
    this.sweepSetupOpen = false;
    this.tab = 'explore';
  }

  showRun(run: RunInfo | number): void {
    this.openRunId = typeof run === 'number' ? run : run.id;
    this.tab = 'runs';
  }

  toggleCompare(runId: number): void {
    this.compareIds = this.compareIds.includes(runId) ? this.compareIds.filter((id) => id !== runId) : [...this.compareIds, runId].slice(-8);
  }

  saveComparison(name: string): void {
    const entry = { name, runIds: [...this.compareIds] };
    this.savedComparisons = [...this.savedComparisons.filter((c) => c.name !== name), entry];
    storeComparisons(this.savedComparisons);
  }

  forgetComparison(name: string): void {
    this.savedComparisons = this.savedComparisons.filter((c) => c.name !== name);
    storeComparisons(this.savedComparisons);
  }
}

function loadComparisons(): SavedComparison[] {
  try {
    const raw = globalThis.localStorage?.getItem(COMPARISONS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as SavedComparison[]).filter((c) => typeof c?.name === 'string' && Array.isArray(c.runIds)) : [];
  } catch {
    return [];
  }
}

function storeComparisons(list: readonly SavedComparison[]): void {
  try {
    globalThis.localStorage?.setItem(COMPARISONS_KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: comparisons then last for this session only.
  }
}
