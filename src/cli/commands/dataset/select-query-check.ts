import type { QueryCheck } from '../../../dataset/import/read-workload-input.js';
import { loadPgParser, SqlParseError, type PgParser } from '../../../sql/index.js';

/**
 * The import's query check, with the real PostgreSQL parser: a workload entry must parse, be one
 * statement, and be a SELECT that writes nothing (no SELECT INTO).
 */
export function selectQueryCheck(parser: PgParser): QueryCheck {
  return (sql) => {
    let stmts;
    try {
      stmts = parser.parse(sql).stmts ?? [];
    } catch (error) {
      if (error instanceof SqlParseError) return `does not parse: ${error.message}`;
      throw error;
    }
    if (stmts.length !== 1) return `holds ${stmts.length} statements; a workload entry is one query`;
    const stmt = stmts[0]!.stmt;
    if (stmt === undefined || !('SelectStmt' in stmt)) return `not a SELECT (${Object.keys(stmt ?? {})[0] ?? 'empty'}); workloads hold read-only queries`;
    if (stmt.SelectStmt.intoClause) return 'SELECT INTO creates a table; workloads hold read-only queries';
    return undefined;
  };
}

export async function loadSelectQueryCheck(): Promise<{ parser: PgParser; check: QueryCheck }> {
  const parser = await loadPgParser();
  return { parser, check: selectQueryCheck(parser) };
}
