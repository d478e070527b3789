import type { Refusal } from './refusal.js';

/** A table in FROM. `alias` is what PostgreSQL stores in rte->eref->aliasname: the alias, else the table name. */
export interface Relation {
  readonly alias: string;
  readonly table: string;
  readonly schema?: string;
}

export interface ColumnOf {
  readonly alias: string;
  readonly column: string;
}

/** An equi-join edge, oriented so that `left` sorts before `right` (alias, then column, byte order). */
export interface JoinEdge {
  readonly left: ColumnOf;
  readonly right: ColumnOf;
  readonly op: '=';
}

export const COMPARISON_OPS = ['=', '<>', '<', '<=', '>', '>='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/**
 * A constant. Numbers keep the exact source text (`text`) because a JS number cannot hold every
 * numeric literal; `typed` is a cast of a constant, e.g. `'2014-01-01'::timestamp`, with the SQL
 * spelling of the type (`timestamp`, `varchar(10)`, `text[]`).
 */
export type Literal =
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'bit_string'; readonly value: string }
  | { readonly kind: 'typed'; readonly type: string; readonly value: Literal };

/**
 * A filter on one relation. The column is always on the left: `5 < p.score` is stored as
 * `score > 5`. An OR whose branches all touch one relation is kept as `or`: any arm (a
 * conjunction of predicates) may hold; ORs across relations are refused instead.
 */
export type Predicate =
  | { readonly kind: 'comparison'; readonly column: string; readonly op: ComparisonOp; readonly value: Literal }
  | {
      readonly kind: 'between';
      readonly column: string;
      readonly negated: boolean;
      readonly symmetric: boolean;
      readonly low: Literal;
      readonly high: Literal;
    }
  | { readonly kind: 'in'; readonly column: string; readonly negated: boolean; readonly values: readonly Literal[] }
  | {
      readonly kind: 'like';
      readonly column: string;
      readonly negated: boolean;
      readonly caseInsensitive: boolean;
      readonly pattern: Literal;
      readonly escape?: Literal;
    }
  | { readonly kind: 'null_test'; readonly column: string; readonly negated: boolean }
  | { readonly kind: 'or'; readonly arms: readonly (readonly Predicate[])[] };

export type PredicateKind = Predicate['kind'];

export const SELECT_KINDS = ['count_star', 'aggregate', 'rows'] as const;
/** `count_star`: the list is exactly `count(*)`; `aggregate`: it calls an aggregate; `rows`: neither. */
export type SelectKind = (typeof SELECT_KINDS)[number];

/** What happens after the joins; none of it changes a sub-plan's cardinality. */
export interface SelectShape {
  readonly kind: SelectKind;
  readonly groupBy: boolean;
  readonly having: boolean;
  readonly orderBy: boolean;
  readonly limit: boolean;
}

export interface QueryGraph {
  /** The SQL text the graph was built from, unchanged. */
  readonly sql: string;
  /** In FROM order. */
  readonly relations: readonly Relation[];
  /** Deduplicated, in order of appearance. */
  readonly joins: readonly JoinEdge[];
  /** Every alias has an entry (possibly empty), in order of appearance. */
  readonly predicates: Readonly<Record<string, readonly Predicate[]>>;
  readonly select: SelectShape;
}

export type QueryGraphResult =
  | { readonly ok: true; readonly graph: QueryGraph }
  | { readonly ok: false; readonly refusals: readonly Refusal[] };
