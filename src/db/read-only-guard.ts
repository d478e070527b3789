import { classifyStatementNode } from '../dataset/log/classify-statement.js';
import { PilotError } from '../errors/index.js';
import { loadPgParser } from '../sql/pg-parser.js';

export class ReadOnlyViolation extends PilotError {}

/**
 * Refuses, before anything is sent, SQL that is not a single plain read: a SELECT (without
 * INTO or FOR UPDATE/SHARE anywhere, nor a data-modifying WITH), VALUES, SHOW, or EXPLAIN of
 * those. The server-side guarantee is the READ ONLY transaction; this check gives the clear
 * message and catches multi-statements. What a read is comes from the statement classifier
 * that also picks the queries of logs (src/dataset/log/classify-statement.ts).
 */
export async function assertReadOnlySql(sql: string): Promise<void> {
  const parser = await loadPgParser();
  let tree: { stmts?: { stmt: Record<string, unknown> }[] };
  try {
    tree = parser.parse(sql) as typeof tree;
  } catch (error) {
    throw new ReadOnlyViolation('READ_ONLY_UNPARSABLE', `read-only mode: cannot parse the statement: ${(error as Error).message}`, { context: { sql } });
  }
  const stmts = tree.stmts ?? [];
  if (stmts.length !== 1) {
    throw new ReadOnlyViolation('READ_ONLY_MULTIPLE', `read-only mode runs exactly one statement, got ${stmts.length}`, { context: { sql } });
  }
  const why = writeReason(stmts[0]!.stmt);
  if (why) throw new ReadOnlyViolation('READ_ONLY_VIOLATION', `read-only mode refuses this statement: ${why}`, { context: { sql }, hint: 'production datasets are only ever read' });
}

/** Why a statement is refused, or undefined for a read. */
function writeReason(stmt: Record<string, unknown>): string | undefined {
  const verdict = classifyStatementNode(stmt);
  if (verdict.keep) return undefined;
  // Reads the log extractor skips only because they are no workload queries.
  if (verdict.kind === 'VariableShowStmt') return undefined;
  if (verdict.kind === 'ExplainStmt') return writeReason((stmt.ExplainStmt as { query: Record<string, unknown> }).query);
  switch (verdict.reason) {
    // Not all writes (pg_sleep, advisory locks); nextval and the like fail in the READ ONLY transaction.
    case 'side-effect-function':
      return undefined;
    case 'select-into':
      if (verdict.kind === 'SelectStmt') return 'SELECT INTO creates a table';
      break;
    case 'locking-clause':
      return 'FOR UPDATE/SHARE takes row locks';
    case 'modifying-cte':
      return 'a WITH clause modifies data';
  }
  return `${verdict.kind.replace(/Stmt$/, '')} is not a read`;
}
