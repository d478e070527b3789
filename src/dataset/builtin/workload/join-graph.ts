import { BUILTIN_TABLES, tableDef, type BuiltinTableName } from '../schema.js';

export interface ColumnRef {
  readonly table: BuiltinTableName;
  readonly column: string;
}

/**
 * A join the workload may use. 'foreign-key': child.fk = parent.id. 'shared-key': two foreign
 * keys to the same parent joined directly (c.userid = b.userid), as STATS-CEB does; these are
 * many-to-many joins and the ones PostgreSQL misjudges most.
 */
export interface JoinEdge {
  readonly left: ColumnRef;
  readonly right: ColumnRef;
  readonly kind: 'foreign-key' | 'shared-key';
}

/** Foreign keys the workload does not join on (STATS-CEB never joins on the last editor). */
const UNJOINED_FOREIGN_KEYS: readonly string[] = ['posts.lasteditoruserid'];

function buildJoinEdges(): JoinEdge[] {
  const refs: (ColumnRef & { parent: BuiltinTableName })[] = [];
  for (const def of BUILTIN_TABLES) {
    for (const fk of def.foreignKeys) {
      if (!UNJOINED_FOREIGN_KEYS.includes(`${def.name}.${fk.column}`)) refs.push({ table: def.name, column: fk.column, parent: fk.references });
    }
  }
  const edges: JoinEdge[] = refs.map((r) => ({ left: { table: r.table, column: r.column }, right: { table: r.parent, column: 'id' }, kind: 'foreign-key' }));
  for (let i = 0; i < refs.length; i++) {
    for (let j = i + 1; j < refs.length; j++) {
      const a = refs[i]!;
      const b = refs[j]!;
      if (a.parent === b.parent && a.table !== b.table) {
        edges.push({ left: { table: a.table, column: a.column }, right: { table: b.table, column: b.column }, kind: 'shared-key' });
      }
    }
  }
  return edges;
}

/** Every join edge of the schema graph: 11 foreign-key edges and 24 shared-key edges. */
export const JOIN_EDGES: readonly JoinEdge[] = Object.freeze(buildJoinEdges());

export function aliasOf(table: BuiltinTableName): string {
  return tableDef(table).alias;
}

/** Whether `a = b` (either way round) is one of JOIN_EDGES. */
export function findJoinEdge(a: ColumnRef, b: ColumnRef): JoinEdge | undefined {
  const same = (x: ColumnRef, y: ColumnRef): boolean => x.table === y.table && x.column === y.column;
  return JOIN_EDGES.find((e) => (same(e.left, a) && same(e.right, b)) || (same(e.left, b) && same(e.right, a)));
}
