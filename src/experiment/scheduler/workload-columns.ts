import type { WorkloadQuery } from '../../../algorithms/algorithm.js';
import type { Predicate } from '../../sql/index.js';

/** Table -> columns a workload reads (joins and filters): what a model trained on it relies on. */
export function workloadColumns(queries: readonly WorkloadQuery[]): Record<string, string[]> {
  const used = new Map<string, Set<string>>();
  const add = (table: string, column?: string) => {
    const columns = used.get(table) ?? new Set<string>();
    used.set(table, columns);
    if (column !== undefined) columns.add(column);
  };
  const addPredicates = (table: string, predicates: readonly Predicate[]): void => {
    for (const p of predicates) {
      if (p.kind === 'or') for (const arm of p.arms) addPredicates(table, arm);
      else add(table, p.column);
    }
  };
  for (const { graph } of queries) {
    const tableOf = new Map(graph.relations.map((r) => [r.alias, r.table]));
    for (const r of graph.relations) add(r.table);
    for (const { left, right } of graph.joins) {
      add(tableOf.get(left.alias) ?? left.alias, left.column);
      add(tableOf.get(right.alias) ?? right.alias, right.column);
    }
    for (const [alias, predicates] of Object.entries(graph.predicates)) addPredicates(tableOf.get(alias) ?? alias, predicates);
  }
  return Object.fromEntries([...used].map(([table, columns]) => [table, [...columns].sort()]));
}
