import { createRequire } from 'node:module';

/**
 * The part of better-sqlite3 the results store uses, typed here because the package ships no
 * types and @types/better-sqlite3 is not a dependency. Loaded with `require` (it is CommonJS
 * with a native addon) only when a store is opened.
 */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): SqliteDatabase;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** Wraps `fn` so that each call runs in one transaction (nested calls become savepoints). */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): void;
}

export interface SqliteOptions {
  readonly readonly?: boolean;
  readonly fileMustExist?: boolean;
  /** How long a statement waits for another connection's lock before SQLITE_BUSY, in ms. */
  readonly timeout?: number;
}

type SqliteConstructor = new (filename: string, options?: SqliteOptions) => SqliteDatabase;

const require = createRequire(import.meta.url);

export function openSqlite(filename: string, options: SqliteOptions = {}): SqliteDatabase {
  // require() caches the module, so only the first store pays for loading the addon.
  const Database = require('better-sqlite3') as SqliteConstructor;
  return new Database(filename, options);
}
