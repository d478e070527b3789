import { PilotError } from '../errors/index.js';
import { loadPgParser } from '../sql/pg-parser.js';

export class ReadOnlyViolation extends PilotError {}

/**
 * Refuses, before anything is sent, SQL that is not a single plain read: a SELECT (without
 * INTO or FOR UPDATE/SHARE), VALUES, SHOW, or EXPLAIN of those. The server-side guarantee is
 * the READ ONLY transaction; this check gives the clear message and catches multi-statements.
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

function writeReason(stmt: Record<string, unknown>): string | undefined {
  const [kind, body] = Object.entries(stmt)[0] ?? ['(empty)', {}];
  const node = body as Record<string, unknown>;
  if (kind === 'VariableShowStmt') return undefined;
  if (kind === 'ExplainStmt') return writeReason(node.query as Record<string, unknown>);
  if (kind !== 'SelectStmt') return `${kind.replace(/Stmt$/, '')} is not a read`;
  if (node.intoClause) return 'SELECT INTO creates a table';
  if (node.lockingClause) return 'FOR UPDATE/SHARE takes row locks';
  if (node.withClause && JSON.stringify(node.withClause).match(/"(InsertStmt|UpdateStmt|DeleteStmt|MergeStmt)"/)) return 'a WITH clause modifies data';
  return undefined;
}
