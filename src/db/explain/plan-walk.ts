import { isJoinNodeType, isPgStromProvider, type GpuJoinMethod, type PlanNode } from './plan-node.js';

/** What a visitor learns about where it is. */
export interface PlanVisitContext {
  parent: PlanNode | undefined;
  /** 0 for the node walkPlan started at. */
  depth: number;
}

/** Return false to skip the node's children. */
export type PlanVisitor = (node: PlanNode, context: PlanVisitContext) => void | boolean;

/** Visits `root` and everything below it in pre-order (a node before its children, children in order). */
export function walkPlan(root: PlanNode, visit: PlanVisitor): void {
  const stack: { node: PlanNode; parent: PlanNode | undefined; depth: number }[] = [{ node: root, parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    if (visit(item.node, { parent: item.parent, depth: item.depth }) === false) continue;
    for (let i = item.node.children.length - 1; i >= 0; i -= 1) {
      const child = item.node.children[i];
      if (child !== undefined) stack.push({ node: child, parent: item.node, depth: item.depth + 1 });
    }
  }
}

/** Every node, pre-order. */
export function planNodes(root: PlanNode): PlanNode[] {
  const nodes: PlanNode[] = [];
  walkPlan(root, (node) => {
    nodes.push(node);
  });
  return nodes;
}

const GPU_JOIN_NAMES: Readonly<Record<GpuJoinMethod, string>> = {
  Hash: 'GpuHashJoin',
  NestLoop: 'GpuNestLoop',
  GiST: 'GpuGiSTJoin',
};

/**
 * The join methods of the plan, pre-order: 'Hash Join', 'Merge Join', 'Nested Loop' for
 * PostgreSQL's joins; for each join depth PG-Strom runs inside a custom scan, 'GpuHashJoin',
 * 'GpuNestLoop', 'GpuGiSTJoin' (or 'GpuJoin' when the method is not printed).
 */
export function joinMethods(root: PlanNode): string[] {
  const methods: string[] = [];
  walkPlan(root, (node) => {
    if (isJoinNodeType(node.nodeType)) methods.push(node.nodeType);
    for (const depth of node.gpu?.joins ?? []) {
      methods.push(depth.method !== undefined ? GPU_JOIN_NAMES[depth.method] : 'GpuJoin');
    }
  });
  return methods;
}

/**
 * A canonical string of the plan's structure, for deduplicating candidate plans: operators
 * (with Parallel, join type, aggregate strategy and partial mode, ModifyTable operation, scan
 * direction, PG-Strom join depths), relations / CTEs / functions / indexes with their aliases,
 * sub-plan names, and the children in order (so join order and inner/outer sides count).
 * Costs, rows, widths, timings, filters and the schema (printed only with VERBOSE) do not.
 * The JSON and the text format of the same plan give the same signature.
 *
 *   Aggregate[Plain](Hash Join[Inner](Seq Scan on "posts" "p", Hash(Seq Scan on "users" "u")))
 */
export function planSignature(root: PlanNode): string {
  const label = (node: PlanNode): string => {
    const attrs: string[] = [];
    if (node.joinType !== undefined) attrs.push(node.joinType);
    if (node.strategy !== undefined) attrs.push(node.strategy);
    if (node.partialMode !== undefined && node.partialMode !== 'Simple') attrs.push(node.partialMode);
    if (node.operation !== undefined) attrs.push(node.operation);
    if (node.extra['Scan Direction'] === 'Backward') attrs.push('Backward');
    const gpuJoins = node.gpu?.joins ?? [];
    if (gpuJoins.length > 0) attrs.push(`gpu:${gpuJoins.map((d) => `${d.method ?? '?'}${d.joinType !== undefined && d.joinType !== 'Inner' ? `/${d.joinType}` : ''}`).join(',')}`);

    let text = node.subplanName !== undefined ? `${JSON.stringify(node.subplanName)}: ` : '';
    text += `${node.parallelAware ? 'Parallel ' : ''}${node.operator}`;
    if (attrs.length > 0) text += `[${attrs.join(' ')}]`;
    if (node.indexName !== undefined) text += ` using ${JSON.stringify(node.indexName)}`;
    const object = node.relationName ?? node.cteName ?? node.functionName;
    if (object !== undefined) text += ` on ${JSON.stringify(object)}`;
    if (node.alias !== undefined) text += ` ${JSON.stringify(node.alias)}`;
    return text;
  };
  const build = (node: PlanNode): string => {
    const children = node.children.map(build);
    return children.length > 0 ? `${label(node)}(${children.join(', ')})` : label(node);
  };
  return build(root);
}

/**
 * The aliases of the relations the node's sub-plan joins, at the node's own query level:
 * base-relation scans (including PG-Strom custom scans on a relation), CTE, function, values
 * and subquery scans, by their alias. Sub-plans (InitPlan/SubPlan/CTE bodies) and the inside of
 * a Subquery Scan are other query levels and are not included. Sorted by UTF-8 byte order,
 * without duplicates.
 */
export function relationAliases(node: PlanNode): string[] {
  const aliases = new Set<string>();
  walkPlan(node, (n, { depth }) => {
    if (depth > 0 && (n.parentRelationship === 'InitPlan' || n.parentRelationship === 'SubPlan')) return false;
    if (n.alias !== undefined && n.nodeType !== 'ModifyTable') aliases.add(n.alias);
    if (n.nodeType === 'Subquery Scan' && n.alias !== undefined) return false;
    return true;
  });
  return [...aliases].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/** The sub-plan key of a node: its relation aliases (see relationAliases) joined by single spaces, e.g. "b p u". */
export function relationsUnder(node: PlanNode): string {
  return relationAliases(node).join(' ');
}

/** True when any node is a PG-Strom custom scan or carries PG-Strom (GPU) properties. */
export function hasGpuNodes(root: PlanNode): boolean {
  let found = false;
  walkPlan(root, (node) => {
    if (isPgStromProvider(node.customProvider) || node.gpu !== undefined) found = true;
    return !found;
  });
  return found;
}
