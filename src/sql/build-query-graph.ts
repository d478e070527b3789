import { classifyCondition, flattenConjuncts, referencedAliases, type ConditionContext } from './classify-condition.js';
import type { Node, PgParser, SelectStmt } from './pg-parser.js';
import type { JoinEdge, Predicate, QueryGraph, QueryGraphResult, Relation } from './query-graph.js';
import { readFromClause } from './read-from-clause.js';
import { readSelectShape } from './read-select-shape.js';
import type { Refusal } from './refusal.js';
import { RelationScope } from './relation-scope.js';
import { sourceLocator } from './source-locations.js';
import { firstLocation, nodeType, walkNodes } from './walk-nodes.js';

type Locate = (location: number | undefined) => number | undefined;

/**
 * Parses `sql` with the PostgreSQL grammar and reads it into a QueryGraph, or refuses it with
 * every reason found. Throws SqlParseError (SQL_PARSE_ERROR) when the text is not valid SQL.
 */
export function buildQueryGraph(sql: string, parser: PgParser): QueryGraphResult {
  const statements = parser.parse(sql).stmts ?? [];
  const locator = sourceLocator(sql);
  const locate: Locate = (location) => (location === undefined || location < 0 ? undefined : locator.fromByteOffset(location));
  if (statements.length === 0) {
    return { ok: false, refusals: [{ code: 'not_a_select', message: 'no statement: the text is empty or only comments' }] };
  }
  if (statements.length > 1) {
    const second = locate(statements[1]?.stmt_location ?? 0);
    const refusals: Refusal[] = [{ code: 'multiple_statements', message: `${statements.length} statements; a query graph describes one`, location: second }];
    for (const raw of statements) refusals.push(...readStatement(sql, raw.stmt, raw.stmt_location, locate).refusals);
    return { ok: false, refusals };
  }
  const only = statements[0];
  const read = readStatement(sql, only?.stmt, only?.stmt_location, locate);
  return read.graph === undefined ? { ok: false, refusals: read.refusals } : { ok: true, graph: read.graph };
}

interface StatementRead {
  readonly graph?: QueryGraph;
  readonly refusals: readonly Refusal[];
}

function readStatement(sql: string, stmt: Node | undefined, stmtLocation: number | undefined, locate: Locate): StatementRead {
  if (stmt === undefined || !('SelectStmt' in stmt)) {
    const type = stmt === undefined ? 'empty statement' : nodeType(stmt);
    return { refusals: [{ code: 'not_a_select', message: `${type} is not a SELECT`, location: locate(stmtLocation ?? 0) }] };
  }
  return parametersFirst(readSelect(sql, stmt.SelectStmt, stmtLocation, locate), stmt, locate);
}

/**
 * A placeholder anywhere (`$1` in a filter, LIMIT, the select list...) means the query cannot
 * run until it is given values, whatever else is wrong with it: normalized texts from
 * pg_stat_statements are full of them. So every placeholder is refused, and that reason comes
 * first (callers that count one reason per query count this one).
 */
function parametersFirst(read: StatementRead, stmt: Node, locate: Locate): StatementRead {
  const reported = new Set(read.refusals.filter((r) => r.code === 'parameter').map((r) => r.location));
  const found: Refusal[] = [];
  walkNodes(stmt, (type, body) => {
    if (type !== 'ParamRef') return true;
    const location = locate(body.location as number | undefined);
    if (!reported.has(location)) {
      reported.add(location);
      found.push({ code: 'parameter', message: `parameter $${String(body.number ?? '?')} has no value: the query cannot run until it is given one`, location });
    }
    return false;
  });
  if (found.length === 0 && reported.size === 0) return read;
  const parameters = [...read.refusals.filter((r) => r.code === 'parameter'), ...found].sort((a, b) => (a.location ?? 0) - (b.location ?? 0));
  return { refusals: [...parameters, ...read.refusals.filter((r) => r.code !== 'parameter')] };
}

function readSelect(sql: string, select: SelectStmt, stmtLocation: number | undefined, locate: Locate): StatementRead {
  const refusals: Refusal[] = [];
  const refuse = (code: Refusal['code'], message: string, location: number | undefined): void => {
    refusals.push({ code, message, location: locate(location) });
  };
  const at = stmtLocation ?? 0;

  if (select.op !== undefined && select.op !== 'SETOP_NONE') {
    refuse('set_operation', `${select.op.replace('SETOP_', '')} combines several queries`, at);
    for (const arm of [select.larg, select.rarg]) {
      if (arm !== undefined) refusals.push(...readSelect(sql, arm, firstLocation(arm), locate).refusals);
    }
    return { refusals };
  }
  if (select.valuesLists !== undefined) {
    refuse('not_a_select', 'a VALUES list reads no table', at);
    return { refusals };
  }
  if (select.intoClause !== undefined) refuse('not_a_select', 'SELECT INTO creates a table', at);
  // A location of 0 is omitted from the parser's JSON, and WITH usually starts the text.
  if (select.withClause !== undefined) refuse('cte', 'WITH: its queries are planned separately', select.withClause.location ?? 0);
  if (select.distinctClause !== undefined) refuse('distinct', 'SELECT DISTINCT', at);
  if (select.windowClause !== undefined) refuse('window_function', 'WINDOW clause', firstLocation(select.windowClause));
  if (select.lockingClause !== undefined) {
    refuse('unsupported_clause', 'FOR UPDATE / FOR SHARE locks rows', firstLocation(select.lockingClause) ?? at);
  }

  const from = readFromClause(select.fromClause ?? [], locate);
  if ((select.fromClause?.length ?? 0) === 0) refuse('no_from_clause', 'SELECT without FROM reads no relation', at);
  refusals.push(...from.refusals);

  const shape = readSelectShape(select, locate);
  refusals.push(...shape.refusals);

  const scope = new RelationScope(from.relations, from.opaqueItems);
  let unresolvedColumns = false;
  const ctx: ConditionContext = {
    resolve: (ref) => {
      const resolved = scope.resolve(ref);
      if (!resolved.ok) unresolvedColumns = true;
      return resolved;
    },
    locate,
  };

  const joins: JoinEdge[] = [];
  const joinKeys = new Set<string>();
  const predicates = new Map<string, Predicate[]>(from.relations.map((r) => [r.alias, []]));
  const links: (readonly string[])[] = [...from.linkedGroups];
  const conditions = select.whereClause === undefined ? from.onConditions : [...from.onConditions, select.whereClause];
  for (const condition of conditions) {
    for (const conjunct of flattenConjuncts(condition)) {
      const outcome = classifyCondition(conjunct, ctx);
      if (outcome.kind === 'join') {
        const { left, right } = outcome.edge;
        links.push([left.alias, right.alias]);
        const key = `${left.alias}\0${left.column}\0${right.alias}\0${right.column}`;
        if (!joinKeys.has(key)) {
          joinKeys.add(key);
          joins.push(outcome.edge);
        }
      } else if (outcome.kind === 'filter') {
        predicates.get(outcome.alias)?.push(...outcome.predicates);
      } else {
        refusals.push(...outcome.refusals);
        links.push([...referencedAliases(conjunct.node, ctx)]);
      }
    }
  }

  // A cross product is only certain when every FROM item and every column is known.
  if (from.opaqueItems.length === 0 && !unresolvedColumns && from.relations.length > 1) {
    const components = connectedComponents(from.relations, links);
    if (components.length > 1) {
      refuse(
        'cross_product',
        `no condition connects ${components.map((c) => `{${c.join(', ')}}`).join(' and ')}`,
        firstLocation(select.fromClause) ?? at,
      );
    }
  }

  if (refusals.length > 0) return { refusals };
  const relations: Relation[] = from.relations.map(({ alias, table, schema }) =>
    schema === undefined ? { alias, table } : { alias, table, schema },
  );
  return {
    graph: {
      sql,
      relations,
      joins,
      predicates: Object.fromEntries(predicates),
      select: shape.shape,
    },
    refusals,
  };
}

/** Groups aliases that conditions connect (union-find), in FROM order. */
function connectedComponents(relations: readonly Relation[], links: readonly (readonly string[])[]): string[][] {
  const parent = new Map(relations.map((r) => [r.alias, r.alias]));
  const find = (alias: string): string => {
    let root = alias;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(alias, root);
    return root;
  };
  for (const link of links) {
    const [first, ...rest] = link.filter((alias) => parent.has(alias));
    if (first === undefined) continue;
    for (const other of rest) parent.set(find(other), find(first));
  }
  const groups = new Map<string, string[]>();
  for (const { alias } of relations) {
    const root = find(alias);
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [alias]);
    else group.push(alias);
  }
  return [...groups.values()];
}
