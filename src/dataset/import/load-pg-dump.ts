import { DatasetError } from '../dataset-error.js';
import { displayPath } from '../registry/display-path.js';
import { withClient, type DatabaseAccess } from './database-access.js';
import { readFileHead } from './read-file-head.js';
import { requirePath } from './require-path.js';
import { runPsqlFile } from './run-psql-file.js';
import { VACUUM_MESSAGE, vacuumLoadedTables } from './vacuum-loaded-tables.js';

/** Whether the file starts like a plain-SQL or custom-format pg_dump. */
export function looksLikePgDump(file: string): boolean {
  const head = readFileHead(file, 4096);
  return head.startsWith('PGDMP') || /^--\s*PostgreSQL database (cluster )?dump/m.test(head);
}

/**
 * Loads a plain-SQL pg_dump into `database` with psql (one transaction, stop at the first
 * error), then VACUUM (ANALYZE)s its tables. Custom-format archives and dumps that create or
 * switch databases are refused before anything runs.
 */
export async function loadPgDump(access: DatabaseAccess, database: string, dumpFile: string, log?: (message: string) => void): Promise<void> {
  const file = requirePath(dumpFile, 'dump', 'file');
  const head = readFileHead(file);
  if (head.startsWith('PGDMP')) {
    throw new DatasetError('IMPORT_BAD_INPUT', `${displayPath(file)} is a pg_dump custom-format archive; pilot loads plain SQL dumps`, {
      context: { file },
      hint: `convert it: pg_restore --no-owner --no-privileges -f ${displayPath(file)}.sql ${displayPath(file)}`,
    });
  }
  const switching = /^(\\connect\b|\\c\s|CREATE DATABASE\b)/m.exec(head);
  if (switching) {
    const line = head.slice(0, switching.index).split('\n').length;
    throw new DatasetError('IMPORT_BAD_INPUT', `${displayPath(file)}:${line}: the dump creates or connects to its own database ("${switching[0].trim()}")`, {
      context: { file, line },
      hint: 'dump the database without --create (-C), so that it loads into the dataset\'s database',
    });
  }
  await runPsqlFile(access.psql, access.connection(database), file, 'DUMP_LOAD_FAILED', { beforeVacuum: true });
  log?.(VACUUM_MESSAGE);
  await withClient(access.connection(database), (c) => vacuumLoadedTables(c));
}
