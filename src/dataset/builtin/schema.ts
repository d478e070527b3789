/**
 * The built-in dataset's schema: the stats.stackexchange dump as simplified by STATS-CEB, with
 * lowercase unquoted column names and integer timestamps (epoch seconds). Every column is an
 * integer, so generated rows are plain Int32Array columns (see row-chunk.ts).
 */

export const BUILTIN_TABLE_NAMES = ['users', 'posts', 'comments', 'votes', 'badges', 'postlinks', 'posthistory', 'tags'] as const;
export type BuiltinTableName = (typeof BUILTIN_TABLE_NAMES)[number];

export type SqlIntegerType = 'integer' | 'smallint';

export interface ColumnDef {
  readonly name: string;
  readonly type: SqlIntegerType;
}

export interface ForeignKeyDef {
  readonly column: string;
  readonly references: BuiltinTableName;
}

export interface TableDef {
  readonly name: BuiltinTableName;
  /** The alias the workload uses (STATS-CEB style). */
  readonly alias: string;
  /** The first column is always the primary key `id`. */
  readonly columns: readonly ColumnDef[];
  readonly foreignKeys: readonly ForeignKeyDef[];
}

const int = (name: string): ColumnDef => ({ name, type: 'integer' });
const small = (name: string): ColumnDef => ({ name, type: 'smallint' });

/** In load order: parents before children, so foreign keys can be added right after loading. */
export const BUILTIN_TABLES: readonly TableDef[] = [
  {
    name: 'users',
    alias: 'u',
    columns: [int('id'), int('reputation'), int('creationdate'), int('views'), int('upvotes'), int('downvotes')],
    foreignKeys: [],
  },
  {
    name: 'posts',
    alias: 'p',
    columns: [
      int('id'), small('posttypeid'), int('creationdate'), int('score'), int('viewcount'), int('owneruserid'),
      int('answercount'), int('commentcount'), int('favoritecount'), int('lasteditoruserid'),
    ],
    foreignKeys: [
      { column: 'owneruserid', references: 'users' },
      { column: 'lasteditoruserid', references: 'users' },
    ],
  },
  {
    name: 'comments',
    alias: 'c',
    columns: [int('id'), int('postid'), small('score'), int('creationdate'), int('userid')],
    foreignKeys: [
      { column: 'postid', references: 'posts' },
      { column: 'userid', references: 'users' },
    ],
  },
  {
    name: 'votes',
    alias: 'v',
    columns: [int('id'), int('postid'), small('votetypeid'), int('creationdate'), int('userid'), small('bountyamount')],
    foreignKeys: [
      { column: 'postid', references: 'posts' },
      { column: 'userid', references: 'users' },
    ],
  },
  {
    name: 'badges',
    alias: 'b',
    columns: [int('id'), int('userid'), int('date')],
    foreignKeys: [{ column: 'userid', references: 'users' }],
  },
  {
    name: 'postlinks',
    alias: 'pl',
    columns: [int('id'), int('creationdate'), int('postid'), int('relatedpostid'), small('linktypeid')],
    foreignKeys: [
      { column: 'postid', references: 'posts' },
      { column: 'relatedpostid', references: 'posts' },
    ],
  },
  {
    name: 'posthistory',
    alias: 'ph',
    columns: [int('id'), small('posthistorytypeid'), int('postid'), int('creationdate'), int('userid')],
    foreignKeys: [
      { column: 'postid', references: 'posts' },
      { column: 'userid', references: 'users' },
    ],
  },
  {
    name: 'tags',
    alias: 't',
    columns: [int('id'), int('count'), int('excerptpostid')],
    foreignKeys: [{ column: 'excerptpostid', references: 'posts' }],
  },
];

export function tableDef(name: BuiltinTableName): TableDef {
  const def = BUILTIN_TABLES.find((t) => t.name === name);
  if (!def) throw new RangeError(`unknown built-in table ${name}`);
  return def;
}

export function columnIndex(table: BuiltinTableName, column: string): number {
  const index = tableDef(table).columns.findIndex((c) => c.name === column);
  if (index < 0) throw new RangeError(`unknown column ${table}.${column}`);
  return index;
}

export function createTableSql(def: TableDef): string {
  const cols = def.columns.map((c) => `  ${c.name} ${c.type}${c.name === 'id' ? ' NOT NULL' : ''}`);
  return `CREATE TABLE ${def.name} (\n${cols.join(',\n')}\n)`;
}

/** Primary key, foreign keys and one index per foreign-key column, as in the STATS dump. */
export function constraintSql(def: TableDef): string[] {
  return [
    `ALTER TABLE ${def.name} ADD CONSTRAINT ${def.name}_pkey PRIMARY KEY (id)`,
    ...def.foreignKeys.flatMap((fk) => [
      `ALTER TABLE ${def.name} ADD CONSTRAINT ${def.name}_${fk.column}_fkey FOREIGN KEY (${fk.column}) REFERENCES ${fk.references} (id)`,
      `CREATE INDEX idx_${def.name}_${fk.column} ON ${def.name} (${fk.column})`,
    ]),
  ];
}
