/** The workload stage: SQL -> QueryGraph with the PostgreSQL parser, sub-plans, and COUNT(*) SQL for them. */
export { loadPgParser, KEYWORD_KINDS, type KeywordKind, type PgParser } from './pg-parser.js';
export { buildQueryGraph } from './build-query-graph.js';
export {
  COMPARISON_OPS,
  SELECT_KINDS,
  type ColumnOf,
  type ComparisonOp,
  type JoinEdge,
  type Literal,
  type Predicate,
  type PredicateKind,
  type QueryGraph,
  type QueryGraphResult,
  type Relation,
  type SelectKind,
  type SelectShape,
} from './query-graph.js';
export { REFUSAL_CODES, REFUSAL_DESCRIPTIONS, type Refusal, type RefusalCode } from './refusal.js';
export { compareBytes, subplanAliases, subplanKey } from './subplan-key.js';
export { enumerateSubplans, MAX_SUBPLAN_RELATIONS, type Subplan } from './enumerate-subplans.js';
export { subplanCountSql } from './subplan-count-sql.js';
export { renderLiteral, renderPredicate } from './render-sql.js';
export { quoteIdentifier } from './quote-identifier.js';
export { tallyQueries, type QueryTally, type ReasonCount, type TallyReason } from './tally-queries.js';
export { splitQueryLines } from './split-query-lines.js';
export { SqlParseError, SubplanError, SUBPLAN_ERROR_CODES, type SubplanErrorCode } from './sql-errors.js';
