/**
 * EXPLAIN output -> typed plan tree (PostgreSQL and PG-Strom).
 *
 * - parseExplainJson: `EXPLAIN (FORMAT JSON, ...)` as node-postgres returns it.
 * - parseExplainText: the default text format (what PG-Strom's manual and bug reports show).
 * - plan-walk helpers: walkPlan, planNodes, joinMethods, planSignature, relationsUnder, hasGpuNodes.
 * Both parsers give the same tree for the same plan; errors are ExplainParseError
 * (code EXPLAIN_PARSE_ERROR) with the line (text) or path (JSON).
 */
export {
  GPU_JOIN_METHODS,
  JOIN_NODE_TYPES,
  JOIN_TYPES,
  PGSTROM_PROVIDERS,
  isJoinNodeType,
  isPgStromProvider,
  type ExplainResult,
  type GpuInfo,
  type GpuJoinDepth,
  type GpuJoinMethod,
  type GpuOuterScan,
  type GpuQuals,
  type GpuRowFlow,
  type GpuScanEngine,
  type JoinNodeType,
  type JoinType,
  type PgStromProvider,
  type PlanNode,
  type TriggerStats,
} from './plan-node.js';
export { EXPLAIN_FORMATS, ExplainParseError, type ExplainFormat } from './explain-parse-error.js';
export { parseExplainJson } from './parse-explain-json.js';
export { parseExplainText } from './parse-explain-text.js';
export {
  hasGpuNodes,
  joinMethods,
  planNodes,
  planSignature,
  relationAliases,
  relationsUnder,
  walkPlan,
  type PlanVisitContext,
  type PlanVisitor,
} from './plan-walk.js';
