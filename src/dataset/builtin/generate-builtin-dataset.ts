import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { toDatabaseError } from '../../db/database-error.js';
import { vacuumLoadedTables } from '../import/vacuum-loaded-tables.js';
import { assertSeed } from '../../util/prng.js';
import { encodeChunk } from './row-chunk.js';
import { BUILTIN_TABLES, constraintSql, createTableSql, type BuiltinTableName } from './schema.js';
import { resolveScale, type ScaleInput } from './scale.js';
import { tableChunks } from './table-chunks.js';
import { buildUniverse } from './universe.js';

/** Bumped whenever the generator's output changes: a stamp with another version means stale data. */
export const BUILTIN_GENERATOR_VERSION = 1;

/** `vacuum-analyze`: VACUUM (ANALYZE) of the loaded tables, after the load is committed. */
export type BuiltinLoadPhase = 'generate' | 'create' | 'copy' | 'constraints' | 'vacuum-analyze' | 'done';

export interface BuiltinLoadProgress {
  readonly phase: BuiltinLoadPhase;
  readonly table?: BuiltinTableName;
  /** Rows copied so far into `table` (phase 'copy'). */
  readonly rows?: number;
  readonly seconds: number;
}

export interface GenerateBuiltinDatasetOptions {
  readonly seed: number;
  readonly scale: ScaleInput;
  /** Where to load; the database must exist (see ensureDatabase). Its built-in tables are replaced. */
  readonly database: pg.ClientConfig;
  readonly onProgress?: (progress: BuiltinLoadProgress) => void;
}

export interface BuiltinDatasetStamp {
  readonly generator: 'pilot-builtin';
  readonly version: number;
  readonly seed: number;
  readonly scaleFactor: number;
  readonly tables: Record<string, number>;
}

/**
 * Generates the built-in STATS-like dataset and loads it: drop and create the tables, stream
 * each table's rows into COPY FROM STDIN chunk by chunk, then add keys and indexes (faster
 * after the data). All in one transaction, so a failed load leaves the old tables. Then
 * VACUUM (ANALYZE) of the tables (vacuumLoadedTables: no autovacuum re-analyze in the middle
 * of an experiment). The users table's comment records the seed and scale (see
 * readBuiltinDatasetStamp).
 */
export async function generateBuiltinDataset(options: GenerateBuiltinDatasetOptions): Promise<{ tables: Record<string, number>; seconds: number }> {
  assertSeed(options.seed);
  const scaleFactor = resolveScale(options.scale);
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const report = (p: Omit<BuiltinLoadProgress, 'seconds'>): void => options.onProgress?.({ ...p, seconds: seconds() });
  const target = `${options.database.host ?? ''}/${options.database.database ?? ''}`;

  report({ phase: 'generate' });
  const universe = buildUniverse(options.seed, scaleFactor);
  const client = new pg.Client(options.database);
  const tables: Record<string, number> = {};
  let step = 'connect';
  try {
    await client.connect();
    await client.query('BEGIN');
    step = 'create tables';
    report({ phase: 'create' });
    await client.query(`DROP TABLE IF EXISTS ${[...BUILTIN_TABLES].reverse().map((t) => t.name).join(', ')} CASCADE`);
    for (const def of BUILTIN_TABLES) await client.query(createTableSql(def));

    for (const def of BUILTIN_TABLES) {
      step = `copy ${def.name}`;
      let rows = 0;
      const lines = function* (): Generator<string> {
        for (const chunk of tableChunks(universe, def.name)) {
          rows += chunk.rows;
          yield encodeChunk(chunk);
          report({ phase: 'copy', table: def.name, rows });
        }
      };
      const columns = def.columns.map((c) => c.name).join(', ');
      await pipeline(Readable.from(lines(), { objectMode: false }), client.query(copyFrom(`COPY ${def.name} (${columns}) FROM STDIN`)));
      tables[def.name] = rows;
    }

    step = 'add keys and indexes';
    report({ phase: 'constraints' });
    for (const def of BUILTIN_TABLES) for (const sql of constraintSql(def)) await client.query(sql);
    const stamp: BuiltinDatasetStamp = { generator: 'pilot-builtin', version: BUILTIN_GENERATOR_VERSION, seed: options.seed, scaleFactor, tables };
    await client.query(`COMMENT ON TABLE users IS ${pg.escapeLiteral(JSON.stringify(stamp))}`);
    await client.query('COMMIT');
    step = 'vacuum analyze';
    report({ phase: 'vacuum-analyze' });
    await vacuumLoadedTables(client, BUILTIN_TABLES.map((t) => t.name));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw toDatabaseError(error, { target: `${target} (${step})` });
  } finally {
    await client.end().catch(() => {});
  }
  report({ phase: 'done' });
  return { tables, seconds: seconds() };
}

/** The stamp of a loaded built-in dataset, or undefined when the database holds none. */
export async function readBuiltinDatasetStamp(client: pg.ClientBase): Promise<BuiltinDatasetStamp | undefined> {
  const { rows } = await client.query<{ c: string | null }>("SELECT obj_description(to_regclass('users'), 'pg_class') AS c");
  const text = rows[0]?.c;
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<BuiltinDatasetStamp>;
    return parsed.generator === 'pilot-builtin' ? (parsed as BuiltinDatasetStamp) : undefined;
  } catch {
    return undefined;
  }
}
