/**
 * The base of every SQLite query class: statements are prepared once per connection and cached by
 * their text (DESIGN.md: never prepare in a loop), with small typed helpers around them.
 */
import type Database from 'better-sqlite3';

export abstract class SqliteQueries {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(protected readonly db: Database.Database) {}

  protected stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
  protected get<T>(sql: string, ...params: unknown[]): T | null {
    return (this.stmt(sql).get(...params) as T | undefined) ?? null;
  }
  protected all<T>(sql: string, ...params: unknown[]): T[] {
    return this.stmt(sql).all(...params) as T[];
  }
  /** Runs a statement; returns the last inserted row id. */
  protected run(sql: string, ...params: unknown[]): number {
    return Number(this.stmt(sql).run(...params).lastInsertRowid);
  }
}
