/** Collection of training data: true cardinalities of sub-plans, cached in the results store. */
export {
  collectTrueCardinalities,
  type CollectionResult,
  type CollectionStats,
  type CollectOptions,
  type SubplanCardinality,
} from './collect-true-cardinalities.js';
export type { CardinalityOracle } from '../dataset/builtin/subplan-cardinality-oracle.js';
export { canonicalCountSql, canonicalGraph, countSqlHash } from './canonical-count-sql.js';
