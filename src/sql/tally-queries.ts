import { buildQueryGraph } from './build-query-graph.js';
import type { PgParser } from './pg-parser.js';
import type { RefusalCode } from './refusal.js';
import { SqlParseError } from './sql-errors.js';

/** A refusal code, or `syntax_error` for text the PostgreSQL grammar rejects. */
export type TallyReason = RefusalCode | 'syntax_error';

export interface ReasonCount {
  readonly reason: TallyReason;
  /** Queries refused at least once for this reason. */
  readonly queries: number;
  /** Index (in the input) of the first such query, to look at an example. */
  readonly firstIndex: number;
}

export interface QueryTally {
  readonly total: number;
  readonly understood: number;
  readonly refused: number;
  /** Most frequent first; a query refused for several reasons counts under each. */
  readonly reasons: readonly ReasonCount[];
}

/** Builds the graph of every query and counts which were understood and why the others were refused. */
export function tallyQueries(queries: readonly string[], parser: PgParser): QueryTally {
  const counts = new Map<TallyReason, { queries: number; firstIndex: number }>();
  let understood = 0;
  queries.forEach((sql, index) => {
    const reasons = reasonsFor(sql, parser);
    if (reasons.size === 0) {
      understood++;
      return;
    }
    for (const reason of reasons) {
      const count = counts.get(reason);
      if (count === undefined) counts.set(reason, { queries: 1, firstIndex: index });
      else count.queries++;
    }
  });
  const reasons = [...counts].map(([reason, count]) => ({ reason, ...count }));
  reasons.sort((a, b) => b.queries - a.queries || (a.reason < b.reason ? -1 : 1));
  return { total: queries.length, understood, refused: queries.length - understood, reasons };
}

function reasonsFor(sql: string, parser: PgParser): Set<TallyReason> {
  try {
    const result = buildQueryGraph(sql, parser);
    return new Set(result.ok ? [] : result.refusals.map((r) => r.code));
  } catch (error) {
    if (error instanceof SqlParseError) return new Set(['syntax_error']);
    throw error;
  }
}
