import { DatasetError } from '../dataset-error.js';
import type { DatasetEntry } from '../registry/dataset-registry.js';
import { resolveDatasetPath } from '../registry/dataset-registry.js';
import { dropDatabase, RESERVED_DATABASES, tableSizes, withClient, type DatabaseAccess, type TableSize } from './database-access.js';
import { loadCsvDirectory } from './load-csv-directory.js';
import { loadPgDump } from './load-pg-dump.js';
import { prepareEmptyDatabase } from './prepare-database.js';

/** Fills a database from a `builtin` load spec; the CLI passes the built-in generator. */
export type BuiltinLoader = (database: string, spec: { seed: number; scale: 'small' | 'default' }) => Promise<void>;

export interface LoadOptions {
  readonly force?: boolean;
  readonly builtin?: BuiltinLoader;
  readonly log?: (message: string) => void;
}

/**
 * (Re)loads a registered dataset into its managed database as its manifest says: a pg_dump, a
 * CSV directory or the built-in generator. The database must be empty, or `force` empties it.
 */
export async function loadDataset(entry: DatasetEntry, access: DatabaseAccess, options: LoadOptions = {}): Promise<TableSize[]> {
  const { manifest } = entry;
  if (manifest.database.kind !== 'managed') {
    throw new DatasetError('IMPORT_BAD_INPUT', `dataset "${entry.name}" lives on another server (${manifest.database.kind}); pilot only loads databases of its managed cluster`);
  }
  const database = manifest.database.name;
  if ((RESERVED_DATABASES as readonly string[]).includes(database)) {
    throw new DatasetError('IMPORT_BAD_INPUT', `dataset "${entry.name}" names the system database "${database}"; give it a database of its own`);
  }
  const load = manifest.load;
  if (load.kind === 'none') {
    throw new DatasetError('IMPORT_BAD_INPUT', `dataset "${entry.name}" has load kind "none": pilot does not load it`, {
      hint: 'load the database yourself, or give the manifest a pg_dump, csv or builtin load',
    });
  }
  if (load.kind === 'builtin' && options.builtin === undefined) throw new Error('loadDataset: no built-in generator was passed');
  await prepareEmptyDatabase(access, database, { force: options.force ?? false, ...(options.log ? { log: options.log } : {}) });
  try {
    switch (load.kind) {
      case 'pg_dump':
        options.log?.(`loading ${load.file} into database ${database}`);
        await loadPgDump(access, database, resolveDatasetPath(entry, load.file), options.log);
        break;
      case 'csv':
        options.log?.(`loading ${load.dir} into database ${database}`);
        await loadCsvDirectory(access, database, {
          dir: resolveDatasetPath(entry, load.dir),
          schema: resolveDatasetPath(entry, load.schema),
          ...(load.header !== undefined ? { header: load.header } : {}),
          ...(options.log ? { log: options.log } : {}),
        });
        break;
      case 'builtin':
        await options.builtin!(database, { seed: load.seed, scale: load.scale });
        break;
    }
  } catch (error) {
    options.log?.(`load failed; dropping database ${database}`);
    await dropDatabase(access, database).catch(() => {});
    throw error;
  }
  return withClient(access.connection(database), tableSizes);
}
