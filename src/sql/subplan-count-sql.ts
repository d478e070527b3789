import type { QueryGraph } from './query-graph.js';
import { renderJoin, renderPredicate, renderRelation } from './render-sql.js';
import { SubplanError } from './sql-errors.js';
import { subplanAliases } from './subplan-key.js';

/**
 * `SELECT COUNT(*) FROM <the sub-plan's relations> WHERE <its join edges> AND <its filters>`:
 * the true cardinality of sub-plan `key` of the graph. Relations, edges and filters keep the
 * graph's order; only edges with both ends inside the sub-plan are included.
 */
export function subplanCountSql(graph: QueryGraph, key: string): string {
  const wanted = subplanAliases(key);
  const members = new Set(wanted);
  const known = new Set(graph.relations.map((r) => r.alias));
  const unknown = wanted.filter((alias) => !known.has(alias));
  if (wanted.length === 0 || members.size !== wanted.length || unknown.length > 0) {
    const problem =
      wanted.length === 0
        ? 'it is empty'
        : unknown.length > 0
          ? `no relation has alias ${unknown.map((a) => `"${a}"`).join(', ')}`
          : 'it repeats an alias';
    throw new SubplanError('SQL_UNKNOWN_SUBPLAN', `sub-plan key "${key}" does not fit the query: ${problem}`, {
      context: { key, aliases: [...known] },
      hint: 'A key is space-separated aliases of the query, e.g. from enumerateSubplans().',
    });
  }
  const relations = graph.relations.filter((r) => members.has(r.alias));
  const conditions = graph.joins.filter((j) => members.has(j.left.alias) && members.has(j.right.alias)).map(renderJoin);
  for (const relation of relations) {
    for (const predicate of graph.predicates[relation.alias] ?? []) conditions.push(renderPredicate(relation.alias, predicate));
  }
  const from = relations.map(renderRelation).join(', ');
  return conditions.length === 0 ? `SELECT COUNT(*) FROM ${from}` : `SELECT COUNT(*) FROM ${from} WHERE ${conditions.join(' AND ')}`;
}
