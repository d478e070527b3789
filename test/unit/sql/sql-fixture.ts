import assert from 'node:assert/strict';
import { buildQueryGraph, loadPgParser, type PgParser, type QueryGraph, type Refusal, type RefusalCode } from '../../../src/sql/index.js';

/** The parser, loaded once per process by loadPgParser's own memo. */
export function parser(): Promise<PgParser> {
  return loadPgParser();
}

/** The graph of `sql`, failing the test with the refusals when it is refused. */
export function graphOf(p: PgParser, sql: string): QueryGraph {
  const result = buildQueryGraph(sql, p);
  if (!result.ok) assert.fail(`refused: ${JSON.stringify(result.refusals)}`);
  return result.graph;
}

/** The refusals of `sql`, failing the test when it is understood. */
export function refusalsOf(p: PgParser, sql: string): readonly Refusal[] {
  const result = buildQueryGraph(sql, p);
  if (result.ok) assert.fail(`understood: ${JSON.stringify(result.graph)}`);
  return result.refusals;
}

/** The distinct refusal codes of `sql`, sorted. */
export function refusalCodes(p: PgParser, sql: string): RefusalCode[] {
  return [...new Set(refusalsOf(p, sql).map((r) => r.code))].sort();
}
