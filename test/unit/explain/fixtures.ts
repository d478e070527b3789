import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseExplainJson, parseExplainText, planNodes, type ExplainResult, type PlanNode } from '../../../src/db/explain/index.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/explain/', import.meta.url));

/** A fixture file's text, by its path under test/fixtures/explain/ (e.g. 'pg15/bitmap-or.txt'). */
export function fixtureText(path: string): string {
  return readFileSync(`${FIXTURES}${path}`, 'utf8');
}

/** Parses a fixture with the parser its extension calls for. */
export function parseFixture(path: string): ExplainResult {
  const text = fixtureText(path);
  return path.endsWith('.json') ? parseExplainJson(text) : parseExplainText(text);
}

/** The node at a pre-order index. */
export function nodeAt(root: PlanNode, index: number): PlanNode {
  const node = planNodes(root)[index];
  if (node === undefined) throw new Error(`no node #${index}`);
  return node;
}

/** The first node (pre-order) matching the predicate. */
export function findNode(root: PlanNode, match: (n: PlanNode) => boolean): PlanNode {
  const node = planNodes(root).find(match);
  if (node === undefined) throw new Error('no matching node');
  return node;
}

/** The fields two parses of the same plan must agree on (timings excluded: they are two runs). */
export function structuralView(node: PlanNode): unknown {
  return {
    nodeType: node.nodeType,
    operator: node.operator,
    customProvider: node.customProvider,
    parallelAware: node.parallelAware,
    strategy: node.strategy,
    partialMode: node.partialMode,
    operation: node.operation,
    joinType: node.joinType,
    parentRelationship: node.parentRelationship,
    subplanName: node.subplanName,
    relationName: node.relationName,
    schema: node.schema,
    alias: node.alias,
    indexName: node.indexName,
    cteName: node.cteName,
    functionName: node.functionName,
    startupCost: node.startupCost,
    totalCost: node.totalCost,
    planRows: node.planRows,
    planWidth: node.planWidth,
    actualRows: node.actualRows,
    actualLoops: node.actualLoops,
    timed: node.actualTotalTime !== undefined,
    filter: node.filter,
    joinFilter: node.joinFilter,
    hashCond: node.hashCond,
    mergeCond: node.mergeCond,
    indexCond: node.indexCond,
    recheckCond: node.recheckCond,
    children: node.children.map(structuralView),
  };
}
