import { classifyStatement, type StatementVerdict } from '../dataset/log/classify-statement.js';
import { PilotError } from '../errors/index.js';
import { loadPgParser } from '../sql/pg-parser.js';

export class ReadOnlyViolation extends PilotError {}

/**
 * Refuses, before anything is sent, SQL that is not a single read: what passes the statement
 * classifier's `read-only` policy (src/dataset/log/classify-statement.ts, the one classifier
 * that also picks the queries of logs): a SELECT or VALUES without INTO, FOR UPDATE/SHARE or a
 * data-modifying WITH anywhere, SHOW, or EXPLAIN of those. The server-side guarantee is the
 * READ ONLY transaction; this check gives the clear message and catches multi-statements.
 */
export async function assertReadOnlySql(sql: string): Promise<void> {
  const parser = await loadPgParser();
  let tree: { stmts?: { stmt: Record<string, unknown> }[] };
  try {
    tree = parser.parse(sql) as typeof tree;
  } catch (error) {
    throw new ReadOnlyViolation('READ_ONLY_UNPARSABLE', `read-only mode: cannot parse the statement: ${(error as Error).message}`, { context: { sql } });
  }
  const verdict = classifyStatement(tree, { policy: 'read-only' });
  if (verdict.keep) return;
  if (verdict.reason === 'empty' || verdict.reason === 'multiple-statements') {
    throw new ReadOnlyViolation('READ_ONLY_MULTIPLE', `read-only mode runs exactly one statement, got ${tree.stmts?.length ?? 0}`, { context: { sql } });
  }
  throw new ReadOnlyViolation('READ_ONLY_VIOLATION', `read-only mode refuses this statement: ${refusal(verdict)}`, { context: { sql }, hint: 'production datasets are only ever read' });
}

/** Why a statement that does not pass is refused, in words. */
function refusal(verdict: Extract<StatementVerdict, { keep: false }>): string {
  switch (verdict.reason) {
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
