import type { FuncCall, Node, SelectStmt } from './pg-parser.js';
import type { SelectKind, SelectShape } from './query-graph.js';
import type { Refusal } from './refusal.js';
import { walkNodes } from './walk-nodes.js';

/** Built-in aggregates recognised by name; without a catalog, user-defined ones look like plain functions. */
export const AGGREGATE_FUNCTIONS = [
  'any_value', 'array_agg', 'avg', 'bit_and', 'bit_or', 'bit_xor', 'bool_and', 'bool_or', 'corr',
  'count', 'covar_pop', 'covar_samp', 'every', 'json_agg', 'json_object_agg', 'jsonb_agg',
  'jsonb_object_agg', 'max', 'min', 'mode', 'percentile_cont', 'percentile_disc', 'range_agg',
  'range_intersect_agg', 'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept', 'regr_r2',
  'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy', 'stddev', 'stddev_pop', 'stddev_samp',
  'string_agg', 'sum', 'var_pop', 'var_samp', 'variance', 'xmlagg',
] as const;

const AGGREGATES: ReadonlySet<string> = new Set(AGGREGATE_FUNCTIONS);

/**
 * Reads what the query does with the joined rows (select list, GROUP BY, HAVING, ORDER BY,
 * LIMIT). None of it changes a sub-plan, but subqueries and window functions there are refused.
 */
export function readSelectShape(
  select: SelectStmt,
  locate: (location: number | undefined) => number | undefined,
): { shape: SelectShape; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const { targetList = [], groupClause, havingClause, sortClause, limitCount, limitOffset } = select;
  let aggregates = 0;
  walkNodes([targetList, groupClause, havingClause, sortClause, limitCount, limitOffset], (type, body) => {
    if (type === 'SubLink') {
      refusals.push({ code: 'subquery', message: 'subquery outside FROM and WHERE', location: locate(body.location as number | undefined) });
      return false;
    }
    if (type !== 'FuncCall') return true;
    const call = body as FuncCall;
    if (call.over !== undefined) {
      refusals.push({ code: 'window_function', message: `window function ${functionName(call)}() OVER (...)`, location: locate(call.location) });
    } else if (isAggregate(call)) aggregates++;
    return true;
  });
  const kind: SelectKind = isCountStar(targetList) ? 'count_star' : aggregates > 0 ? 'aggregate' : 'rows';
  return {
    shape: {
      kind,
      groupBy: (groupClause?.length ?? 0) > 0,
      having: havingClause !== undefined,
      orderBy: (sortClause?.length ?? 0) > 0,
      limit: limitCount !== undefined || limitOffset !== undefined,
    },
    refusals,
  };
}

function isCountStar(targets: readonly Node[]): boolean {
  if (targets.length !== 1) return false;
  const target = targets[0] as Node;
  const value = 'ResTarget' in target ? target.ResTarget.val : undefined;
  if (value === undefined || !('FuncCall' in value)) return false;
  const call = value.FuncCall;
  return functionName(call) === 'count' && call.agg_star === true && call.over === undefined && call.agg_filter === undefined;
}

function isAggregate(call: FuncCall): boolean {
  if (call.agg_star === true || call.agg_distinct === true || call.agg_filter !== undefined || call.agg_within_group === true) return true;
  if ((call.agg_order?.length ?? 0) > 0) return true;
  return AGGREGATES.has(functionName(call));
}

/** The unqualified function name (`pg_catalog.count` -> `count`). */
function functionName(call: FuncCall): string {
  const last = call.funcname?.at(-1);
  return last !== undefined && 'String' in last ? (last.String.sval ?? '') : '';
}
