import { buildGpuInfo, isPgStromProperty } from './gpu-properties.js';
import { isPgStromProvider, type PlanNode } from './plan-node.js';

/** Expression properties with a typed field of their own, by their EXPLAIN name. */
export const NODE_EXPRESSION_FIELDS = {
  Filter: 'filter',
  'Join Filter': 'joinFilter',
  'Hash Cond': 'hashCond',
  'Merge Cond': 'mergeCond',
  'Index Cond': 'indexCond',
  'Recheck Cond': 'recheckCond',
} as const satisfies Record<string, keyof PlanNode>;
export type NodeExpressionKey = keyof typeof NODE_EXPRESSION_FIELDS;

export function isNodeExpressionKey(key: string): key is NodeExpressionKey {
  return Object.hasOwn(NODE_EXPRESSION_FIELDS, key);
}

/** A node with no figures or properties yet (costs NaN until set: COSTS OFF leaves them so). */
export function newPlanNode(nodeType: string): PlanNode {
  return {
    nodeType,
    operator: nodeType,
    parallelAware: false,
    startupCost: Number.NaN,
    totalCost: Number.NaN,
    planRows: Number.NaN,
    planWidth: Number.NaN,
    extra: {},
    children: [],
  };
}

/**
 * Collects the properties of one node: typed expression fields, PG-Strom properties (into
 * `gpuRaw`, turned into `node.gpu` by finishPlanNode), everything else into `extra`.
 * A key seen twice on the same node is kept as `key #2`, `key #3`...
 */
export class NodePropertySink {
  readonly gpuRaw: Record<string, unknown> = {};

  constructor(readonly node: PlanNode) {}

  add(key: string, value: unknown): void {
    const node = this.node;
    if (isPgStromProperty(key, isPgStromProvider(node.customProvider))) {
      this.gpuRaw[freeKey(this.gpuRaw, key)] = value;
    } else if (isNodeExpressionKey(key) && typeof value === 'string' && node[NODE_EXPRESSION_FIELDS[key]] === undefined) {
      node[NODE_EXPRESSION_FIELDS[key]] = value;
    } else {
      node.extra[freeKey(node.extra, key)] = value;
    }
  }

  /** Sets `operator` and builds `gpu` from the collected PG-Strom properties. */
  finish(): PlanNode {
    const node = this.node;
    node.operator = node.nodeType === 'Custom Scan' && node.customProvider !== undefined && node.customProvider !== ''
      ? node.customProvider
      : node.nodeType;
    if (Object.keys(this.gpuRaw).length > 0 || isPgStromProvider(node.customProvider)) {
      node.gpu = buildGpuInfo(this.gpuRaw);
    }
    return node;
  }
}

function freeKey(target: Record<string, unknown>, key: string): string {
  if (!Object.hasOwn(target, key)) return key;
  let n = 2;
  while (Object.hasOwn(target, `${key} #${n}`)) n += 1;
  return `${key} #${n}`;
}
