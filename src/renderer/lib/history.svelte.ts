/**
 * Undo/redo over immutable snapshots. Each edit pushes the new document; undo and redo move a cursor.
 * Snapshots share structure (the editor's operations copy only what they change), so keeping many is cheap.
 * Reactive: a component reading `current`, `dirty`, `canUndo` or `canRedo` updates when they change.
 */
export class History<T> {
  private states = $state.raw<T[]>([]);
  private cursor = $state(0);
  private savedCursor = $state(0);

  constructor(
    initial: T,
    private readonly limit = 200,
  ) {
    this.states = [initial];
  }

  get current(): T {
    return this.states[this.cursor];
  }

  get canUndo(): boolean {
    return this.cursor > 0;
  }

  get canRedo(): boolean {
    return this.cursor < this.states.length - 1;
  }

  /** True when the current state differs from the one last marked saved. */
  get dirty(): boolean {
    return this.cursor !== this.savedCursor;
  }

  push(state: T): T {
    if (state === this.current) return state;
    this.states = [...this.states.slice(0, this.cursor + 1), state];
    if (this.states.length > this.limit) {
      const drop = this.states.length - this.limit;
      this.states = this.states.slice(drop);
      this.savedCursor -= drop;
    }
    this.cursor = this.states.length - 1;
    return state;
  }

  undo(): T {
    if (this.canUndo) this.cursor -= 1;
    return this.current;
  }

  redo(): T {
    if (this.canRedo) this.cursor += 1;
    return this.current;
  }

  markSaved(): void {
    this.savedCursor = this.cursor;
  }

  /** Forgets all history: the given state becomes the only (saved) one. */
  reset(state: T): void {
    this.states = [state];
    this.cursor = 0;
    this.savedCursor = 0;
  }
}
