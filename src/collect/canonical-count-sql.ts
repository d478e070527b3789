import { createHash } from 'node:crypto';
import { compareBytes, renderLiteral, renderPredicate, subplanCountSql, type Literal, type Predicate, type QueryGraph } from '../sql/index.js';
import { renderJoin } from '../sql/render-sql.js';

/**
 * The graph with everything whose order does not change a count put in one order: relations by
 * alias, join edges and each relation's filters by their SQL text (duplicates dropped), the arms
 * of an OR and the values of an IN list too. Two queries that write the same sub-plan with
 * their conditions in another order then give the same count SQL. Aliases are kept: they are
 * how sub-plan keys name relations.
 */
export function canonicalGraph(graph: QueryGraph): QueryGraph {
  const relations = [...graph.relations].sort((a, b) => compareBytes(a.alias, b.alias));
  const joins = sortedUnique(graph.joins, renderJoin);
  const predicates: Record<string, readonly Predicate[]> = {};
  for (const { alias } of relations) {
    predicates[alias] = sortedUnique((graph.predicates[alias] ?? []).map(canonicalPredicate), (p) => renderPredicate(alias, p));
  }
  return { ...graph, relations, joins, predicates };
}

/** `SELECT COUNT(*)` of sub-plan `key` in canonical form; give it a graph from `canonicalGraph`. */
export function canonicalCountSql(canonical: QueryGraph, key: string): string {
  return subplanCountSql(canonical, key);
}

/** The cache key of a count: SHA-1 (hex) of its canonical SQL. */
export function countSqlHash(sql: string): string {
  return createHash('sha1').update(sql).digest('hex');
}

function canonicalPredicate(predicate: Predicate): Predicate {
  switch (predicate.kind) {
    case 'in':
      return { ...predicate, values: sortedUnique(predicate.values, (v: Literal) => renderLiteral(v)) };
    case 'or': {
      // Render arms with a placeholder alias: only their order is decided here.
      const arms = predicate.arms.map((arm) => sortedUnique(arm.map(canonicalPredicate), (p) => renderPredicate('_', p)));
      return { kind: 'or', arms: sortedUnique(arms, (arm) => arm.map((p) => renderPredicate('_', p)).join(' AND ')) };
    }
    default:
      return predicate;
  }
}

function sortedUnique<T>(items: readonly T[], text: (item: T) => string): T[] {
  const byText = new Map<string, T>();
  for (const item of items) {
    const t = text(item);
    if (!byText.has(t)) byText.set(t, item);
  }
  return [...byText.keys()].sort(compareBytes).map((t) => byText.get(t) as T);
}
