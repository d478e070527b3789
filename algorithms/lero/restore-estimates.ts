/**
 * A candidate's plan carries the row estimates that forced it: the injected (scaled) rows of the
 * pushed sub-plans and, above them, joins estimated from those scaled inputs. Featurized as they
 * are, the same plan would look different depending on which scaling found it, and every
 * candidate but the default would carry deliberately wrong rows. This puts the planner's own
 * (unhinted) estimates back.
 */
import { isJoinNodeType, relationsUnder, type PlanNode } from '../../src/db/explain/index.js';
import type { SubplanEstimate } from '../../src/db/interactor.js';

/** Nodes that output their only child's rows unchanged. */
const PASS_THROUGH = new Set(['Hash', 'Sort', 'Incremental Sort', 'Materialize', 'Gather', 'Gather Merge']);

/**
 * A copy of `root` where every join node gets the planner's own estimate for its sub-plan (a
 * join relation's rows do not depend on the path that built it), and a Hash, Sort or
 * Materialize that passed its child's rows on passes the restored ones. Scans keep theirs (base
 * relations are never scaled, and a parameterized inner scan's rows are per loop), and so do
 * other nodes (an Aggregate's rows are its groups). `root` is not changed.
 */
export function restoreEstimates(root: PlanNode, estimates: readonly SubplanEstimate[]): PlanNode {
  const planner = new Map(estimates.filter((e) => e.level === 1).map((e) => [e.key, clampRows(e.plannerRows)]));
  const visit = (node: PlanNode): PlanNode => {
    const children = node.children.map(visit);
    let planRows = node.planRows;
    if (isJoinNodeType(node.nodeType)) {
      planRows = planner.get(relationsUnder(node)) ?? planRows;
    } else if (PASS_THROUGH.has(node.nodeType) && children.length === 1 && node.planRows === node.children[0]!.planRows) {
      planRows = children[0]!.planRows;
    }
    return { ...node, planRows, children };
  };
  return visit(root);
}

/** PostgreSQL's clamp_row_est: rounded, at least 1. */
function clampRows(rows: number): number {
  return rows <= 1 ? 1 : Math.round(rows);
}
