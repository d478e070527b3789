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
