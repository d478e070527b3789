import type { Interactor } from '../src/db/interactor.js';

export interface ColumnInfo {
  readonly name: string;
  /** PostgreSQL's spelling of the type (`integer`, `timestamp without time zone`, ...). */
  readonly type: string;
}

export interface TableInfo {
  readonly name: string;
  /** pg_class.reltuples after ANALYZE (0 when never analyzed). */
  readonly rows: number;
  /** In attnum order. */
  readonly columns: readonly ColumnInfo[];
}

/** The user tables of a database: what a model trained on one dataset needs to find in another. */
export interface DatabaseSchema {
  /** Sorted by name. */
  readonly tables: readonly TableInfo[];
}

const SCHEMA_SQL = `
SELECT c.relname AS table, greatest(c.reltuples, 0)::float8 AS rows,
       json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum) AS columns
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
   AND NOT c.relispartition
 GROUP BY c.relname, c.reltuples
 ORDER BY c.relname COLLATE "C"`;

export async function readDatabaseSchema(interactor: Pick<Interactor, 'execute'>): Promise<DatabaseSchema> {
  const result = await interactor.execute(SCHEMA_SQL, { pull: ['records'] });
  if (result.status !== 'ok') throw new Error('unreachable: no timeout was set');
  return {
    tables: (result.records ?? []).map((r) => ({
      name: String(r.table),
      rows: Number(r.rows),
      columns: (r.columns as ColumnInfo[]).map((c) => ({ name: c.name, type: c.type })),
    })),
  };
}

/**
 * What a model that uses `needed` (table -> columns) cannot find in `actual`: one line per
 * missing table, missing column or changed type. Empty when the model fits.
 */
export function schemaMismatches(trained: DatabaseSchema, actual: DatabaseSchema, needed: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  const byName = (schema: DatabaseSchema) => new Map(schema.tables.map((t) => [t.name, t]));
  const before = byName(trained);
  const now = byName(actual);
  for (const [table, columns] of Object.entries(needed)) {
    const had = before.get(table);
    const has = now.get(table);
    if (has === undefined) {
      problems.push(`table "${table}" is missing`);
      continue;
    }
    for (const column of columns) {
      const want = had?.columns.find((c) => c.name === column);
      const got = has.columns.find((c) => c.name === column);
      if (got === undefined) problems.push(`column "${table}.${column}" is missing`);
      else if (want !== undefined && want.type !== got.type) problems.push(`column "${table}.${column}" is ${got.type}, the model was trained on ${want.type}`);
    }
  }
  return problems;
}
