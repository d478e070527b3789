/**
 * The SQL parser as this module needs it: parse to a plain JSON tree, and fingerprint. A thin
 * view of the shared wrapper (src/sql/pg-parser.ts), so the classifier works on plain JSON and
 * tests can hand in a stub.
 */
import { loadPgParser } from '../../sql/pg-parser.js';

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

export async function loadStatementParser(): Promise<StatementParser> {
  const parser = await loadPgParser();
  return Object.freeze({
    parse: (sql: string) => parser.parse(sql) as unknown as ParseTree,
    fingerprint: (sql: string) => parser.fingerprint(sql),
  });
}
