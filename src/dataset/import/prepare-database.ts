import { DatasetError } from '../dataset-error.js';
import { createDatabase, databaseExists, dropDatabase, listUserTables, withClient, type DatabaseAccess } from './database-access.js';

/**
 * Leaves `database` existing and empty: created when missing, kept when it has no tables,
 * dropped and created again with `force`, else DATASET_DATABASE_NOT_EMPTY. Returns whether
 * anything was created (so a failed load can drop it again).
 */
export async function prepareEmptyDatabase(access: DatabaseAccess, database: string, options: { force: boolean; log?: (m: string) => void }): Promise<void> {
  if (await databaseExists(access, database)) {
    const tables = await withClient(access.connection(database), listUserTables);
    if (tables.length === 0) return;
    if (!options.force) {
      throw new DatasetError('DATASET_DATABASE_NOT_EMPTY', `database "${database}" already exists in the managed cluster and has ${tables.length} tables`, {
        context: { database },
        hint: 'add --force to drop and load it again, or pick another --database',
      });
    }
    options.log?.(`dropping database ${database} (--force)`);
    await dropDatabase(access, database);
  }
  await createDatabase(access, database);
}
