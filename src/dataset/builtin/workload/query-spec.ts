import type { BuiltinTableName } from '../schema.js';
import { aliasOf, type JoinEdge } from './join-graph.js';

export const COMPARISON_OPS = ['=', '>=', '<='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

export interface Predicate {
  readonly table: BuiltinTableName;
  readonly column: string;
  readonly op: ComparisonOp;
  readonly value: number;
}

export const AGGREGATE_FUNCTIONS = ['MIN', 'MAX', 'SUM'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** What the query returns; every form aggregates the rows of the same join. */
export type SelectSpec =
  | { readonly kind: 'count' }
  | { readonly kind: 'group-count'; readonly table: BuiltinTableName; readonly column: string; readonly bucket: number | null }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFunction; readonly table: BuiltinTableName; readonly column: string };

/** One generated query: its tables in the order they joined the tree, one edge per table after the first. */
export interface QuerySpec {
  readonly tables: readonly BuiltinTableName[];
  readonly joins: readonly JoinEdge[];
  readonly predicates: readonly Predicate[];
  readonly select: SelectSpec;
}

function ref(table: BuiltinTableName, column: string): string {
  return `${aliasOf(table)}.${column}`;
}

/** STATS-CEB style: comma joins, short aliases, join conditions first, then filters; one line. */
export function renderQuery(spec: QuerySpec): string {
  const from = spec.tables.map((t) => `${t} AS ${aliasOf(t)}`).join(', ');
  const conditions = [
    ...spec.joins.map((j) => `${ref(j.left.table, j.left.column)} = ${ref(j.right.table, j.right.column)}`),
    ...spec.predicates.map((p) => `${ref(p.table, p.column)} ${p.op} ${p.value}`),
  ];
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const s = spec.select;
  switch (s.kind) {
    case 'count':
      return `SELECT COUNT(*) FROM ${from}${where};`;
    case 'group-count': {
      const key = s.bucket === null ? ref(s.table, s.column) : `${ref(s.table, s.column)} / ${s.bucket}`;
      return `SELECT ${key}, COUNT(*) FROM ${from}${where} GROUP BY 1;`;
    }
    case 'aggregate':
      return `SELECT ${s.fn}(${ref(s.table, s.column)}) FROM ${from}${where};`;
  }
}
