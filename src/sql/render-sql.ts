import type { ColumnOf, JoinEdge, Literal, Predicate, Relation } from './query-graph.js';
import { quoteIdentifier } from './quote-identifier.js';

/** SQL text for a constant, read back by PostgreSQL as the same value (standard_conforming_strings on). */
export function renderLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'number':
      return literal.text;
    case 'string':
      return `'${literal.value.replaceAll("'", "''")}'`;
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'null':
      return 'NULL';
    case 'bit_string': {
      // The parser keeps the radix as a prefix: b101 or x1F.
      const radix = literal.value.startsWith('x') ? 'X' : 'B';
      return `${radix}'${literal.value.slice(1)}'`;
    }
    case 'typed': {
      const inner = renderLiteral(literal.value);
      // A negative number must be parenthesised: -1::int would cast 1, then negate it.
      const operand = literal.value.kind === 'number' && literal.value.text.startsWith('-') ? `(${inner})` : inner;
      return `${operand}::${literal.type}`;
    }
  }
}

export function renderColumn(column: ColumnOf): string {
  return `${quoteIdentifier(column.alias)}.${quoteIdentifier(column.column)}`;
}

/** `schema.table AS alias`; the alias is always written so the planner's alias is the graph's. */
export function renderRelation(relation: Relation): string {
  const table = quoteIdentifier(relation.table);
  const qualified = relation.schema === undefined ? table : `${quoteIdentifier(relation.schema)}.${table}`;
  return `${qualified} AS ${quoteIdentifier(relation.alias)}`;
}

export function renderJoin(edge: JoinEdge): string {
  return `${renderColumn(edge.left)} = ${renderColumn(edge.right)}`;
}

/** A predicate of relation `alias`; `or` is parenthesised so it can sit inside an AND. */
export function renderPredicate(alias: string, predicate: Predicate): string {
  if (predicate.kind === 'or') {
    const arms = predicate.arms.map((arm) => {
      const parts = arm.map((p) => renderPredicate(alias, p));
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
    });
    return `(${arms.join(' OR ')})`;
  }
  const column = renderColumn({ alias, column: predicate.column });
  const not = 'negated' in predicate && predicate.negated ? 'NOT ' : '';
  switch (predicate.kind) {
    case 'comparison':
      return `${column} ${predicate.op} ${renderLiteral(predicate.value)}`;
    case 'between':
      return `${column} ${not}BETWEEN ${predicate.symmetric ? 'SYMMETRIC ' : ''}${renderLiteral(predicate.low)} AND ${renderLiteral(predicate.high)}`;
    case 'in':
      return `${column} ${not}IN (${predicate.values.map(renderLiteral).join(', ')})`;
    case 'like': {
      const escape = predicate.escape === undefined ? '' : ` ESCAPE ${renderLiteral(predicate.escape)}`;
      return `${column} ${not}${predicate.caseInsensitive ? 'ILIKE' : 'LIKE'} ${renderLiteral(predicate.pattern)}${escape}`;
    }
    case 'null_test':
      return `${column} IS ${not}NULL`;
  }
}
