/**
 * The one statement classifier of the project: decides from the parse tree whether a statement
 * passes, under one of two policies (CLASSIFY_POLICIES), and why not.
 *
 * It lives in the dataset stage, beside the log extractor, because its two callers sit in two
 * stages: the log extractor (dataset) and the interactor's read-only guard
 * (src/db/read-only-guard.ts); a stage imports only from itself and the stages to its left, so
 * the leftmost of them is the one place both may import. It reads the parser's plain JSON tree
 * and imports no parser.
 */
import type { ParseTree } from './statement-parser.js';
import type { StatementSkipReason } from './skip-reasons.js';

/**
 * - `workload` (the log and pg_stat_statements extractors: queries worth replaying): a single
 *   SELECT (or VALUES, or WITH of those) that neither writes (INTO, data-modifying WITH), nor
 *   locks rows (FOR UPDATE/SHARE), nor calls a function with side effects.
 * - `read-only` (the interactor's guard for production datasets: what may be sent at all): the
 *   same SELECTs, calls of any function allowed (the READ ONLY transaction the guard runs them
 *   in refuses the writes, and sleeps or advisory locks are no writes), and also SHOW, and
 *   EXPLAIN of a statement that passes.
 */
export const CLASSIFY_POLICIES = ['workload', 'read-only'] as const;
export type ClassifyPolicy = (typeof CLASSIFY_POLICIES)[number];

export interface ClassifyOptions {
  /** Default `workload`. */
  readonly policy?: ClassifyPolicy;
}

export type StatementVerdict =
  | { readonly keep: true; readonly kind: string }
  | { readonly keep: false; readonly kind: string; readonly reason: StatementSkipReason };

/** Functions whose call makes a SELECT a write, a lock, a wait or a server action. */
const SIDE_EFFECT_FUNCTIONS: ReadonlySet<string> = new Set([
  'nextval', 'setval', 'set_config', 'txid_current', 'pg_current_xact_id',
  'pg_advisory_lock', 'pg_advisory_lock_shared', 'pg_advisory_xact_lock', 'pg_advisory_xact_lock_shared',
  'pg_try_advisory_lock', 'pg_try_advisory_lock_shared', 'pg_try_advisory_xact_lock', 'pg_try_advisory_xact_lock_shared',
  'pg_advisory_unlock', 'pg_advisory_unlock_shared', 'pg_advisory_unlock_all',
  'pg_sleep', 'pg_sleep_for', 'pg_sleep_until', 'pg_notify',
  'pg_terminate_backend', 'pg_cancel_backend', 'pg_reload_conf', 'pg_rotate_logfile', 'pg_switch_wal',
  'pg_create_restore_point', 'pg_stat_reset', 'pg_stat_reset_shared', 'pg_stat_statements_reset',
  'lo_import', 'lo_export', 'lo_unlink', 'lo_create', 'lo_creat', 'lo_put', 'lo_from_bytea',
  'pg_logical_emit_message', 'pg_create_logical_replication_slot', 'pg_create_physical_replication_slot', 'pg_drop_replication_slot',
  'dblink_exec',
]);

const DML: ReadonlySet<string> = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const DDL: ReadonlySet<string> = new Set([
  'IndexStmt', 'ViewStmt', 'RenameStmt', 'TruncateStmt', 'CommentStmt', 'GrantStmt', 'GrantRoleStmt', 'RuleStmt', 'DefineStmt',
  'CompositeTypeStmt', 'SecLabelStmt', 'ReassignOwnedStmt', 'ImportForeignSchemaStmt',
]);
const SESSION: ReadonlySet<string> = new Set(['VariableSetStmt', 'VariableShowStmt', 'DiscardStmt', 'ConstraintsSetStmt']);
const PREPARED: ReadonlySet<string> = new Set(['PrepareStmt', 'ExecuteStmt', 'DeallocateStmt']);

/** The verdict on a whole text: exactly one statement, and that one passing. */
export function classifyStatement(tree: ParseTree, options: ClassifyOptions = {}): StatementVerdict {
  const stmts = tree.stmts ?? [];
  if (stmts.length === 0) return { keep: false, kind: '(empty)', reason: 'empty' };
  if (stmts.length > 1) return { keep: false, kind: '(multiple)', reason: 'multiple-statements' };
  return classifyStatementNode(stmts[0]!.stmt ?? {}, options);
}

/**
 * The verdict on one statement node (`{ SelectStmt: {...} }`, as in `stmts[i].stmt`). `kind`
 * is the node's type; an EXPLAIN that does not pass has the verdict of its statement.
 */
export function classifyStatementNode(stmt: Readonly<Record<string, unknown>>, options: ClassifyOptions = {}): StatementVerdict {
  const policy = options.policy ?? 'workload';
  const [kind, body] = Object.entries(stmt)[0] ?? ['(empty)', undefined];
  if (kind === 'SelectStmt') {
    const reason = selectProblem(body, policy);
    return reason ? { keep: false, kind, reason } : { keep: true, kind };
  }
  if (policy === 'read-only') {
    if (kind === 'VariableShowStmt') return { keep: true, kind };
    if (kind === 'ExplainStmt') {
      const explained = classifyStatementNode((body as { query?: Record<string, unknown> }).query ?? {}, options);
      return explained.keep ? { keep: true, kind } : explained;
    }
  }
  return { keep: false, kind, reason: nonSelectReason(kind) };
}

function nonSelectReason(kind: string): StatementSkipReason {
  if (kind === 'ExplainStmt') return 'explain';
  if (DML.has(kind)) return 'dml';
  if (kind === 'TransactionStmt') return 'transaction';
  if (SESSION.has(kind)) return 'session-setting';
  if (PREPARED.has(kind)) return 'prepared-statement';
  if (kind === 'CopyStmt') return 'copy';
  if (kind === 'CreateTableAsStmt') return 'select-into';
  if (/^(Create|Alter|Drop)/.test(kind) || DDL.has(kind)) return 'ddl';
  return 'other-utility';
}

/** The first reason this SELECT does not pass, looking through the whole tree. */
function selectProblem(select: unknown, policy: ClassifyPolicy): StatementSkipReason | undefined {
  const functionsMatter = policy === 'workload';
  let found: StatementSkipReason | undefined;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    // for...in visits the keys in the order Object.entries would, without an array per node.
    const record = node as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (key === 'intoClause') found = 'select-into';
      else if (key === 'lockingClause') found = 'locking-clause';
      else if (DML.has(key)) found = 'modifying-cte';
      else if (key === 'FuncCall' && functionsMatter && SIDE_EFFECT_FUNCTIONS.has(functionName(value))) found = 'side-effect-function';
      else if (value !== null && typeof value === 'object') visit(value);
      if (found) return;
    }
  };
  visit(select);
  return found;
}

function functionName(call: unknown): string {
  const parts = (call as { funcname?: { String?: { sval?: string } }[] }).funcname ?? [];
  return parts[parts.length - 1]?.String?.sval ?? '';
}
