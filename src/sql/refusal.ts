/**
 * Why a query cannot be represented as a QueryGraph. Every construct the graph cannot carry is
 * refused with one of these codes; nothing is dropped silently. Codes are stable: callers and
 * tallies branch on them.
 */
export const REFUSAL_CODES = [
  'not_a_select',
  'multiple_statements',
  'no_from_clause',
  'set_operation',
  'cte',
  'subquery',
  'lateral',
  'table_function',
  'unsupported_from_item',
  'outer_join',
  'join_using',
  'non_equi_join',
  'join_on_expression',
  'cross_product',
  'duplicate_alias',
  'unsupported_alias',
  'unknown_relation',
  'unqualified_column_ambiguous',
  'function_in_predicate',
  'expression_in_predicate',
  'column_vs_column_same_relation',
  'or_across_relations',
  'unsupported_operator',
  'unsupported_expression',
  'parameter',
  'window_function',
  'distinct',
  'unsupported_clause',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
  /** 0-based index into the SQL string (UTF-16 units), when the parser reported one. */
  readonly location?: number;
}

/** One line per code, for help texts and tally tables. */
export const REFUSAL_DESCRIPTIONS: Readonly<Record<RefusalCode, string>> = Object.freeze({
  not_a_select: 'not a SELECT (DML, DDL, VALUES, SELECT INTO, EXPLAIN, or empty)',
  multiple_statements: 'more than one statement',
  no_from_clause: 'SELECT without a FROM clause',
  set_operation: 'UNION / INTERSECT / EXCEPT',
  cte: 'WITH (common table expression)',
  subquery: 'subquery (in FROM, WHERE, the select list, ...)',
  lateral: 'LATERAL item in FROM',
  table_function: 'function or table function in FROM',
  unsupported_from_item: 'FROM item that is not a plain table (ONLY, TABLESAMPLE, column aliases, aliased join, ...)',
  outer_join: 'LEFT / RIGHT / FULL join',
  join_using: 'JOIN ... USING or NATURAL JOIN (column resolution needs a catalog)',
  non_equi_join: 'join condition other than column = column',
  join_on_expression: 'join condition over an expression rather than plain columns',
  cross_product: 'relations not connected by any condition (cross product)',
  duplicate_alias: 'the same alias twice (e.g. a self-join without aliases)',
  unsupported_alias: 'alias the sub-plan key cannot carry (contains whitespace)',
  unknown_relation: 'column qualified by a name that is not in FROM',
  unqualified_column_ambiguous: 'column without a relation prefix in a multi-relation query (no catalog to resolve it)',
  function_in_predicate: 'function call in a filter',
  expression_in_predicate: 'expression in a filter (arithmetic, cast of a column, non-constant list item, ...)',
  column_vs_column_same_relation: 'comparison of two columns of one relation',
  or_across_relations: 'OR whose branches touch more than one relation',
  unsupported_operator: 'operator other than = <> < <= > >=, [NOT] LIKE/ILIKE, [NOT] IN, [NOT] BETWEEN, IS [NOT] NULL',
  unsupported_expression: 'condition of another form (constant, bare boolean column, IS TRUE, CASE, ...)',
  parameter: 'parameter placeholder ($1): the query needs values before it can run (pg_stat_statements texts have them for constants)',
  window_function: 'window function',
  distinct: 'SELECT DISTINCT',
  unsupported_clause: 'clause the graph does not model (FOR UPDATE, ...)',
});
