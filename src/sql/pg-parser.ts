/**
 * The one place that touches the parser package. We use `@libpg-query/parser` (the PostgreSQL 17
 * grammar compiled to WASM), not `pg-query-parser`, which parses a 2015 PostgreSQL 9.5 grammar.
 */
import type { ParseResult } from '@libpg-query/parser';
import { SqlParseError } from './sql-errors.js';
import { lineAndColumn, sourceLocator } from './source-locations.js';

export type {
  A_Const,
  A_Expr,
  BoolExpr,
  ColumnRef,
  FuncCall,
  JoinExpr,
  Node,
  NullTest,
  ParseResult,
  RangeVar,
  SelectStmt,
  TypeName,
} from '@libpg-query/parser';

/** How PostgreSQL's scanner classes a word; reserved and type/function-name keywords need quotes as identifiers. */
export const KEYWORD_KINDS = ['none', 'unreserved', 'col_name', 'type_func_name', 'reserved'] as const;
export type KeywordKind = (typeof KEYWORD_KINDS)[number];

export interface PgParser {
  /** Parse tree of every statement in `sql`; throws SqlParseError (code SQL_PARSE_ERROR) on bad syntax. */
  parse(sql: string): ParseResult;
  /** libpg_query fingerprint: equal for queries that differ only in constants and formatting. */
  fingerprint(sql: string): string;
  /** The SQL with constants replaced by $n placeholders. */
  normalize(sql: string): string;
  /** SQL text for a parse tree. */
  deparse(tree: ParseResult): string;
  /** Keyword class of a single word, as PostgreSQL's scanner sees it (`none` when not a keyword). */
  keywordKind(word: string): KeywordKind;
}

type ParserModule = typeof import('@libpg-query/parser');

let moduleLoad: Promise<ParserModule> | undefined;

/** Loads the WASM parser once per process (memoized) and returns a typed facade over it. */
export async function loadPgParser(): Promise<PgParser> {
  moduleLoad ??= import('@libpg-query/parser').then(async (mod) => {
    await mod.loadModule();
    return mod;
  });
  let mod: ParserModule;
  try {
    mod = await moduleLoad;
  } catch (error) {
    moduleLoad = undefined; // let a later call retry a failed load
    throw error;
  }
  return facade(mod);
}

function facade(mod: ParserModule): PgParser {
  return Object.freeze({
    // The package throws a plain Error for blank text; a blank or comment-only text has no statements.
    parse: (sql: string) => (sql.trim() === '' ? { stmts: [] } : withParseErrors(sql, () => mod.parseSync(sql))),
    fingerprint: (sql: string) => withParseErrors(sql, () => mod.fingerprintSync(sql)),
    normalize: (sql: string) => withParseErrors(sql, () => mod.normalizeSync(sql)),
    deparse: (tree: ParseResult) => mod.deparseSync(tree),
    keywordKind: (word: string): KeywordKind => {
      const tokens = mod.scanSync(word).tokens;
      const only = tokens.length === 1 ? tokens[0] : undefined;
      if (only === undefined || only.text !== word) return 'none';
      return KEYWORD_KINDS[only.keywordKind] ?? 'none';
    },
  });
}

function withParseErrors<T>(sql: string, run: () => T): T {
  if (sql.trim() === '') throw new SqlParseError('query is empty', { position: 0, line: 1, column: 1, sql });
  try {
    return run();
  } catch (error) {
    if (isSqlError(error)) {
      const position = sourceLocator(sql).fromCodePointIndex(error.sqlDetails.cursorPosition);
      throw new SqlParseError(error.sqlDetails.message, { position, ...lineAndColumn(sql, position), sql }, error);
    }
    throw error;
  }
}

interface SqlErrorLike {
  sqlDetails: { message: string; cursorPosition: number };
}

function isSqlError(error: unknown): error is SqlErrorLike {
  const details = (error as { sqlDetails?: unknown } | null)?.sqlDetails as SqlErrorLike['sqlDetails'] | undefined;
  return typeof details?.message === 'string' && typeof details.cursorPosition === 'number';
}
