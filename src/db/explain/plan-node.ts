/**
 * The typed plan tree that both EXPLAIN parsers (JSON and text) produce.
 *
 * Field names follow PostgreSQL's JSON keys ("Node Type" -> nodeType, "Plan Rows" -> planRows).
 * Text-format plans are normalised to the same shape: "Hash Left Join" becomes
 * `{nodeType: 'Hash Join', joinType: 'Left'}`, "Partial HashAggregate" becomes
 * `{nodeType: 'Aggregate', strategy: 'Hashed', partialMode: 'Partial'}`, so that one query's
 * JSON and text plans give equivalent trees.
 */
import type { CostFigures } from './cost-figures.js';

/** Node types that join two inputs. */
export const JOIN_NODE_TYPES = ['Nested Loop', 'Hash Join', 'Merge Join'] as const;
export type JoinNodeType = (typeof JOIN_NODE_TYPES)[number];

/** CustomScan providers registered by PG-Strom (v2 to v6; Dpu* since v5, GpuSort in v1/v2). */
export const PGSTROM_PROVIDERS = ['GpuScan', 'GpuJoin', 'GpuPreAgg', 'GpuSort', 'DpuScan', 'DpuJoin', 'DpuPreAgg'] as const;
export type PgStromProvider = (typeof PGSTROM_PROVIDERS)[number];

/** PostgreSQL's join types as EXPLAIN names them ("Join Type"). */
export const JOIN_TYPES = ['Inner', 'Left', 'Full', 'Right', 'Semi', 'Anti', 'Right Semi', 'Right Anti'] as const;
export type JoinType = (typeof JOIN_TYPES)[number];

/** "a -> b" row counts that PG-Strom prints for a scan qual or a join depth. */
export interface GpuRowFlow {
  /** Rows going in (before the qual or join). */
  in: number;
  /** Rows coming out. */
  out: number;
  /** Extra rows produced by the outer-join part (`exec: in+outer -> out`, v3 `...out+outer`). */
  outerJoinRows?: number;
}

/** A GPU qual with PG-Strom's planned and executed row counts, when printed. */
export interface GpuQuals {
  /** The deparsed expression, whitespace of wrapped lines collapsed. */
  expr: string;
  /** Planner's rows in/out (`[plan: a -> b]`, v5.0 `[rows: a -> b]`, v5.0 joins `[nrows: a -> b]`). */
  plan?: GpuRowFlow;
  /** Executed rows in/out (`exec: c -> d`), EXPLAIN ANALYZE only. */
  exec?: GpuRowFlow;
  /** Rows removed by the qual (v2/v3 `Rows Removed by GPU Filter` / `... by Outer Scan Filter`). */
  rowsRemoved?: number;
}

/**
 * One inner relation of a GpuJoin (or of a GpuPreAgg/GpuScan with joins pulled in), by depth.
 * v5+ prints `GPU Join Quals [n]`, `GPU Outer Hash [n]`, `GPU Inner Hash [n]`, `GPU GiST Join [n]`;
 * v2/v3 print `Depth n: GpuHashJoin (nrows a...b)` followed by `HashKeys:`, `JoinQuals:` lines.
 */
export interface GpuJoinDepth {
  depth: number;
  /** 'Hash', 'NestLoop' or 'GiST' when it can be told from the properties. */
  method?: GpuJoinMethod;
  /** 'Inner', 'Left', 'Right', 'Full', 'Semi', 'Anti' when printed. */
  joinType?: string;
  /** Join quals (v5+ `GPU ... Join Quals [n]`, v3 `JoinQuals:`). */
  quals?: string;
  /** Hash keys on the outer side (v5+ `GPU Outer Hash [n]`, v3 `HashKeys:`). */
  outerHash?: string;
  /** Hash keys on the inner side (v5+ `GPU Inner Hash [n]`). */
  innerHash?: string;
  /** GiST index condition (v5+ `GPU GiST Join [n]`, v3 `IndexFilter:`). */
  gistCond?: string;
  /** Planned rows in -> out of this depth. */
  plan?: GpuRowFlow;
  /** Executed rows in -> out of this depth (EXPLAIN ANALYZE). */
  exec?: GpuRowFlow;
}

export const GPU_JOIN_METHODS = ['Hash', 'NestLoop', 'GiST'] as const;
export type GpuJoinMethod = (typeof GPU_JOIN_METHODS)[number];

/** How PG-Strom reads storage: v5.2+ `Scan-Engine`, older `GPU-Direct SQL` / `GPUDirect SQL` / `NVMe-Strom`. */
export interface GpuScanEngine {
  /** 'GPU-Direct', 'VFS', or for older versions the property name ('NVMe-Strom', 'GPUDirect SQL', 'GPU-Direct SQL'). */
  engine: string;
  /** false only where the property says "disabled". */
  enabled: boolean;
  /** GPU device numbers, when printed (`with 2 GPUs <0,1>`, `with GPU0`, `(GPU-0)`, `(N=2,GPU0,1)`). */
  gpus?: number[];
  /** Execution counters (`direct=11395910, ntuples=1311339`, `vfs=6996`). */
  stats?: Record<string, number>;
}

/** The outer relation scanned inside a v2/v3 GpuJoin/GpuPreAgg (`Outer Scan: t0 (cost=...)`). */
export interface GpuOuterScan extends Omit<CostFigures, 'neverExecuted'> {
  /** Relation as printed (may be schema-qualified and followed by an alias). */
  relation: string;
}

/**
 * PG-Strom's own properties of a node. Typed fields are parsed views of entries of `raw`;
 * `raw` keeps every PG-Strom property exactly as given (key -> value), known or not.
 */
export interface GpuInfo {
  /** `GPU Projection` */
  projection?: string;
  /** `GPU Scan Quals` (v5+), `GPU Filter` (v2/v3 GpuScan) or `Outer Scan Filter` (v2/v3 GpuJoin/GpuPreAgg). */
  scanQuals?: GpuQuals;
  /** v2/v3 `Outer Scan`. */
  outerScan?: GpuOuterScan;
  /** Join depths in depth order; empty when the node joins nothing on the GPU. */
  joins: GpuJoinDepth[];
  /** `GPU Group Key` ('' when PG-Strom prints it empty: aggregation without grouping). */
  groupKey?: string;
  /** v2/v3 `Reduction` (Local, Global, NoGroup). */
  reduction?: string;
  /** v2/v3 `Combined GpuJoin: enabled`. */
  combinedGpuJoin?: boolean;
  /** v2/v3 `GPU Preference`. */
  preference?: string;
  /** Storage access: `Scan-Engine`, `GPU-Direct SQL`, `GPUDirect SQL`, `NVMe-Strom`. */
  scanEngine?: GpuScanEngine;
  /** `KVars-Slot` (VERBOSE + developer mode). */
  kvarsSlot?: string;
  /** `KVecs-Buffer` */
  kvecsBuffer?: string;
  /** Every `... OpCode` property by its name without the ` OpCode` suffix ('LoadVars', 'MoveVars', 'Partial Aggregation', ...). */
  opCodes: Record<string, string>;
  /** `Partial Aggregation OpCode` (also in opCodes). */
  partialAggregation?: string;
  /** `GPU-Sort keys` (v6). */
  sortKeys?: string;
  /** `GPU-Sort Limit` (v6), the number part. */
  sortLimit?: number;
  /** `Window-Rank Filter` (v6). */
  windowRankFilter?: string;
  /** Every PG-Strom property exactly as given, in order of appearance. */
  raw: Record<string, unknown>;
}

/** One plan node. */
export interface PlanNode {
  /** PostgreSQL's node type as JSON names it: 'Seq Scan', 'Hash Join', 'Aggregate', 'Custom Scan'... */
  nodeType: string;
  /** The custom scan provider ("Custom Plan Provider"): 'GpuJoin', 'GpuPreAgg'... */
  customProvider?: string;
  /** One field for featurizers: the provider for custom scans, else nodeType. */
  operator: string;
  /** "Parallel Aware": the text format's "Parallel " prefix. */
  parallelAware: boolean;
  /** Aggregate / SetOp strategy: 'Plain', 'Sorted', 'Hashed', 'Mixed'. */
  strategy?: string;
  /** Aggregate "Partial Mode": 'Simple', 'Partial', 'Finalize'. */
  partialMode?: string;
  /** ModifyTable "Operation": 'Insert', 'Update', 'Delete', 'Merge'. */
  operation?: string;
  relationName?: string;
  schema?: string;
  /** The alias (range-table name) the node scans under; for relations without an alias it equals the relation name. */
  alias?: string;
  indexName?: string;
  cteName?: string;
  functionName?: string;
  joinType?: string;
  /** 'Outer', 'Inner', 'Member', 'Subquery', 'InitPlan', 'SubPlan', 'child', 'children'. */
  parentRelationship?: string;
  /** "Subplan Name": 'InitPlan 1 (returns $0)', 'SubPlan 2', 'CTE name'. */
  subplanName?: string;
  /**
   * Planner's startup cost. NaN when the plan was printed with COSTS OFF (same for the next
   * three): test with Number.isNaN, never compare to 0.
   */
  startupCost: number;
  totalCost: number;
  planRows: number;
  planWidth: number;
  /** ms, per loop; absent without ANALYZE or with TIMING OFF; 0 for never-executed nodes when timing was on. */
  actualStartupTime?: number;
  actualTotalTime?: number;
  /** Rows per loop; absent without ANALYZE. */
  actualRows?: number;
  /** 0 for a node that was never executed. */
  actualLoops?: number;
  filter?: string;
  joinFilter?: string;
  hashCond?: string;
  mergeCond?: string;
  indexCond?: string;
  recheckCond?: string;
  /** PG-Strom properties, on PG-Strom custom scans and on any node that carries `GPU ...` properties. */
  gpu?: GpuInfo;
  /**
   * Every other property as given: JSON values unchanged; text values as strings, except values
   * that are a plain number, which become numbers. Text sub-lines (a worker's details, PG-Strom's
   * per-depth lines) are kept under their parent property, joined with '\n'.
   */
  extra: Record<string, unknown>;
  children: PlanNode[];
}

/** One trigger's statistics (EXPLAIN ANALYZE of a statement that fired triggers). */
export interface TriggerStats {
  name?: string;
  constraintName?: string;
  relation?: string;
  /** Total time in ms; absent with TIMING OFF. */
  timeMs?: number;
  calls: number;
}

/** A parsed EXPLAIN. */
export interface ExplainResult {
  root: PlanNode;
  planningTimeMs?: number;
  executionTimeMs?: number;
  triggers?: TriggerStats[];
  /** The JIT block as JSON shapes it: Functions, Options {name: boolean}, Timing {name: ms}. */
  jit?: Record<string, unknown>;
  /** Other top-level items as given: "Settings", "Planning" (buffers), "Query Identifier"... */
  extra: Record<string, unknown>;
}

/** True for PG-Strom's custom scan providers: the known list, or any name starting Gpu or Dpu. */
export function isPgStromProvider(provider: string | undefined): boolean {
  if (provider === undefined) return false;
  return (PGSTROM_PROVIDERS as readonly string[]).includes(provider) || /^(Gpu|Dpu)[A-Z]/.test(provider);
}

/** True for the node types that join two inputs (custom GPU joins are not included). */
export function isJoinNodeType(nodeType: string): nodeType is JoinNodeType {
  return (JOIN_NODE_TYPES as readonly string[]).includes(nodeType);
}
