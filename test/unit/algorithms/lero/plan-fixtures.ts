/** Hand-built EXPLAIN (FORMAT JSON) plans for Lero's unit tests, parsed by the real parser. */
import { parseExplainJson, type PlanNode } from '../../../../src/db/explain/index.js';

export interface NodeSpec {
  readonly type: string;
  readonly rows?: number;
  readonly width?: number;
  readonly table?: string;
  readonly alias?: string;
  readonly children?: readonly NodeSpec[];
}

function toJson(spec: NodeSpec, parent: string | undefined): Record<string, unknown> {
  return {
    'Node Type': spec.type,
    ...(parent !== undefined ? { 'Parent Relationship': parent } : {}),
    'Parallel Aware': false,
    'Startup Cost': 0,
    'Total Cost': 100,
    'Plan Rows': spec.rows ?? 100,
    'Plan Width': spec.width ?? 8,
    ...(spec.table !== undefined ? { 'Relation Name': spec.table, Alias: spec.alias ?? spec.table } : {}),
    ...(spec.children !== undefined && spec.children.length > 0
      ? { Plans: spec.children.map((c, i) => toJson(c, spec.children!.length === 2 ? (i === 0 ? 'Outer' : 'Inner') : 'Member')) }
      : {}),
  };
}

export function plan(spec: NodeSpec): PlanNode {
  return parseExplainJson([{ Plan: toJson(spec, undefined) }]).root;
}

export const scan = (table: string, alias: string, rows = 1000, type = 'Seq Scan'): NodeSpec => ({ type, table, alias, rows, width: 4 });

/** Aggregate(join(join(a, b), c)) over posts p, users u, comments c: join methods and rows are parameters. */
export function threeWayPlan(outer: string, inner: string, rows = 5000): PlanNode {
  return plan({
    type: 'Aggregate',
    rows: 1,
    width: 8,
    children: [
      {
        type: outer,
        rows,
        width: 0,
        children: [
          { type: inner, rows: rows / 10, width: 0, children: [scan('posts', 'p', 9000), scan('users', 'u', 4000, 'Index Scan')] },
          outer === 'Hash Join' ? { type: 'Hash', rows: 100, width: 4, children: [scan('comments', 'c', 100)] } : scan('comments', 'c', 100, 'Index Only Scan'),
        ],
      },
    ],
  });
}
