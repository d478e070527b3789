import type { JoinExpr, Node, RangeVar } from './pg-parser.js';
import type { Refusal } from './refusal.js';
import type { ScopedRelation } from './relation-scope.js';
import { firstLocation, nodeType } from './walk-nodes.js';

export interface FromClause {
  /** Plain tables, in FROM order (left to right, depth first through joins). */
  readonly relations: readonly ScopedRelation[];
  /** ON conditions of inner joins; they filter exactly like WHERE conditions. */
  readonly onConditions: readonly Node[];
  readonly refusals: readonly Refusal[];
  /** FROM items that are not plain tables (subquery, function, ...), already refused; their columns are unknown. */
  readonly opaqueItems: readonly OpaqueItem[];
  /** Aliases on both sides of joins whose conditions are not read (outer, USING, NATURAL): they are connected anyway. */
  readonly linkedGroups: readonly (readonly string[])[];
}

export interface OpaqueItem {
  /** Its alias, when it has one. */
  readonly alias?: string;
  readonly code: Refusal['code'];
  readonly what: string;
}

const WHITESPACE = /\s/;

const OUTER_JOIN_NAMES: Readonly<Record<string, string>> = {
  JOIN_LEFT: 'LEFT JOIN',
  JOIN_RIGHT: 'RIGHT JOIN',
  JOIN_FULL: 'FULL JOIN',
};

/** Reads FROM items into relations and inner-join conditions, refusing everything else by name. */
export function readFromClause(items: readonly Node[], locate: (location: number | undefined) => number | undefined): FromClause {
  const relations: ScopedRelation[] = [];
  const byAlias = new Map<string, ScopedRelation>();
  const onConditions: Node[] = [];
  const refusals: Refusal[] = [];
  const opaqueItems: OpaqueItem[] = [];
  const linkedGroups: string[][] = [];

  const refuse = (code: Refusal['code'], message: string, location: number | undefined): void => {
    refusals.push({ code, message, location: locate(location) });
  };

  const addRelation = (range: RangeVar): void => {
    const { relname = '', schemaname, catalogname, alias, inh, location } = range;
    const qualified = [catalogname, schemaname, relname].filter((p) => p !== undefined).join('.');
    if (catalogname !== undefined) refuse('unsupported_from_item', `database-qualified table ${qualified}`, location);
    // `inh` is omitted from the parser's JSON when false, which is what ONLY sets.
    if (inh !== true) refuse('unsupported_from_item', `ONLY ${qualified} (inheritance excluded)`, location);
    if (alias?.colnames !== undefined && alias.colnames.length > 0) {
      refuse('unsupported_from_item', `column aliases on ${qualified} rename its columns`, location);
    }
    const relation: ScopedRelation = {
      alias: alias?.aliasname ?? relname,
      table: relname,
      ...(schemaname === undefined ? {} : { schema: schemaname }),
      explicitAlias: alias?.aliasname !== undefined,
    };
    if (WHITESPACE.test(relation.alias)) {
      refuse('unsupported_alias', `alias "${relation.alias}" contains whitespace, which separates aliases in a sub-plan key`, location);
    }
    const previous = byAlias.get(relation.alias);
    if (previous !== undefined) {
      const selfJoin = !previous.explicitAlias && !relation.explicitAlias;
      refuse(
        'duplicate_alias',
        selfJoin
          ? `table "${relation.table}" appears twice without an alias; give each occurrence its own alias`
          : `alias "${relation.alias}" is used for more than one relation`,
        location,
      );
      return;
    }
    byAlias.set(relation.alias, relation);
    relations.push(relation);
  };

  const readJoin = (join: JoinExpr): void => {
    const { jointype, isNatural, usingClause, quals, alias, larg, rarg } = join;
    const at = firstLocation(rarg) ?? firstLocation(larg);
    const outer = OUTER_JOIN_NAMES[jointype ?? ''];
    if (outer !== undefined) refuse('outer_join', `${outer} keeps unmatched rows; only inner joins are modelled`, at);
    else if (jointype !== 'JOIN_INNER') refuse('outer_join', `join type ${String(jointype)}`, at);
    if (isNatural === true) refuse('join_using', 'NATURAL JOIN matches columns by name, which needs a catalog', at);
    else if (usingClause !== undefined && usingClause.length > 0) {
      refuse('join_using', 'JOIN ... USING merges columns by name; write the join as ON a.col = b.col', at);
    }
    if (alias !== undefined) refuse('unsupported_from_item', `alias "${alias.aliasname ?? ''}" on a join hides its relations`, at);
    const before = relations.length;
    if (larg !== undefined) readItem(larg);
    if (rarg !== undefined) readItem(rarg);
    const readsConditions = outer === undefined && jointype === 'JOIN_INNER' && isNatural !== true && (usingClause?.length ?? 0) === 0;
    if (!readsConditions) linkedGroups.push(relations.slice(before).map((r) => r.alias));
    if (quals !== undefined && readsConditions) onConditions.push(quals);
  };

  const readItem = (item: Node): void => {
    if ('RangeVar' in item) return addRelation(item.RangeVar);
    if ('JoinExpr' in item) return readJoin(item.JoinExpr);
    const opaque = (code: Refusal['code'], what: string, alias: string | undefined, location: number | undefined): void => {
      opaqueItems.push(alias === undefined ? { code, what } : { alias, code, what });
      refuse(code, `${what} in FROM`, location);
    };
    if ('RangeSubselect' in item) {
      const { lateral, alias } = item.RangeSubselect;
      const at = firstLocation(item);
      if (lateral === true) refuse('lateral', 'LATERAL subquery in FROM', at);
      return opaque('subquery', 'subquery', alias?.aliasname, at);
    }
    if ('RangeFunction' in item) {
      const { lateral, alias } = item.RangeFunction;
      const at = firstLocation(item);
      if (lateral === true) refuse('lateral', 'LATERAL function in FROM', at);
      return opaque('table_function', 'function', alias?.aliasname, at);
    }
    if ('RangeTableFunc' in item) return opaque('table_function', 'XMLTABLE', item.RangeTableFunc.alias?.aliasname, item.RangeTableFunc.location);
    if ('JsonTable' in item) return opaque('table_function', 'JSON_TABLE', item.JsonTable.alias?.aliasname, item.JsonTable.location);
    if ('RangeTableSample' in item) return opaque('unsupported_from_item', 'TABLESAMPLE', undefined, item.RangeTableSample.location);
    return opaque('unsupported_from_item', `item of type ${nodeType(item)}`, undefined, firstLocation(item));
  };

  for (const item of items) readItem(item);
  return { relations, onConditions, refusals, opaqueItems, linkedGroups };
}
