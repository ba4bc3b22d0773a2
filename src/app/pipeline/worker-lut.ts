import { openDatabase, type Db } from '../store/database';

/**
 * The cost LUT as the engine sees it inside a worker: reads go to the workspace file (read-only connection,
 * WAL lets it read while the host writes), new entries are buffered and shipped to the host, which is the
 * only writer.
 */
export class WorkerLut {
  private readonly db: Db | null;
  private readonly select: ((key: string) => { entry_json: string } | undefined) | null;
  private readonly known = new Map<string, unknown>();
  private pendingEntries: [string, unknown][] = [];
  private pendingHits = new Map<string, number>();
  hits = 0;
  misses = 0;

  /** `modelFingerprint`: only entries of this model are read (others are stale); undefined reads any. */
  constructor(dbPath: string | null, modelFingerprint?: string) {
    this.db = dbPath ? openDatabase(dbPath, { readonly: true }) : null;
    const statement =
      modelFingerprint === undefined
        ? this.db?.prepare('SELECT entry_json FROM lut_entries WHERE key = ?')
        : this.db?.prepare('SELECT entry_json FROM lut_entries WHERE key = ? AND model_fingerprint IS ?');
    this.select = statement
      ? (key) => (modelFingerprint === undefined ? statement.get(key) : statement.get(key, modelFingerprint)) as { entry_json: string } | undefined
      : null;
  }

  get(key: string): unknown {
    let entry = this.known.get(key);
    if (entry === undefined && this.select) {
      const row = this.select(key);
      if (row) {
        entry = JSON.parse(row.entry_json);
        this.known.set(key, entry);
      }
    }
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.pendingHits.set(key, (this.pendingHits.get(key) ?? 0) + 1);
    return entry;
  }

  set(key: string, entry: unknown): void {
    if (this.known.has(key)) return;
    this.known.set(key, entry);
    this.pendingEntries.push([key, entry]);
  }

  get pendingCount(): number {
    return this.pendingEntries.length + this.pendingHits.size;
  }

  /** Takes what has to be sent to the host since the last call. */
  drain(): { entries: [string, unknown][]; hits: [string, number][] } {
    const out = { entries: this.pendingEntries, hits: [...this.pendingHits] };
    this.pendingEntries = [];
    this.pendingHits = new Map();
    return out;
  }

  close(): void {
    this.db?.close();
  }
}
