/** Small helpers shared by the repositories. */
import type Database from 'better-sqlite3';
import type { Db } from './database';

type Statement = Database.Statement<unknown[]>;
const statements = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement kept per connection: for statements run once per sweep point (compiling one costs more than running it). */
export function cachedStatement(db: Db, sql: string): Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}
export const nowIso = (): string => new Date().toISOString();

export function parseJsonColumn<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  return JSON.parse(text) as T;
}
