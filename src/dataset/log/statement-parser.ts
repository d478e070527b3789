/**
 * The SQL parser as this module needs it: PostgreSQL's own grammar (libpg_query compiled to
 * WASM), synchronous once loaded. A local adapter over `@libpg-query/parser` until the shared
 * wrapper `src/sql/pg-parser.ts` lands; swapping it is a change to this file only.
 */
import { fingerprintSync, loadModule, parseSync } from '@libpg-query/parser';

/** The parse tree as plain JSON: `{ stmts: [{ stmt: { SelectStmt: {...} } }] }`. */
export interface ParseTree {
  readonly stmts?: readonly { readonly stmt?: Readonly<Record<string, unknown>> }[];
}

export interface StatementParser {
  /** Throws on SQL that does not parse. */
  parse(sql: string): ParseTree;
  /** libpg_query's fingerprint: equal for statements that differ only in constants. */
  fingerprint(sql: string): string;
}

let loading: Promise<StatementParser> | undefined;

export function loadStatementParser(): Promise<StatementParser> {
  // The WASM module is process-wide; loading it once is the point, not hidden state.
  loading ??= loadModule().then(() =>
    Object.freeze({
      parse: (sql: string) => parseSync(sql) as unknown as ParseTree,
      fingerprint: (sql: string) => fingerprintSync(sql),
    }),
  );
  return loading;
}
