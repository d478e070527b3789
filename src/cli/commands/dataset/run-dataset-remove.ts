import { rmSync } from 'node:fs';
import { DatasetError } from '../../../dataset/dataset-error.js';
import { dropDatabase } from '../../../dataset/import/database-access.js';
import { findDataset, loadDatasetCatalog, type DatasetEntry } from '../../../dataset/registry/dataset-registry.js';
import { displayPath } from '../../../dataset/registry/display-path.js';
import type { DatasetRemoveArgs } from './command-object.js';
import { processIo, progressLog, type DatasetIo } from './dataset-io.js';
import { datasetServer } from './dataset-server.js';

/**
 * `pilot dataset remove <name> [--drop-database]`: deletes a user dataset's directory, and its
 * managed database when asked. Built-in datasets and databases on other servers are never touched.
 */
export async function runDatasetRemove(args: DatasetRemoveArgs, io: DatasetIo = processIo): Promise<number> {
  const log = progressLog(io, args.quiet);
  const server = datasetServer(args.home, log);
  const catalog = loadDatasetCatalog({ home: server.home });
  let entry: DatasetEntry | undefined;
  try {
    entry = findDataset(catalog, args.name);
  } catch (error) {
    // A user dataset whose manifest is broken can still be removed (its database is not known).
    const broken = catalog.problems.find((p) => p.name === args.name && p.origin === 'home' && p.error.code !== 'DATASET_DUPLICATE');
    if (!(error instanceof DatasetError) || error.code !== 'DATASET_BROKEN' || !broken) throw error;
    if (args['drop-database']) throw new DatasetError('DATASET_BROKEN', `dataset "${args.name}" has a broken manifest, so its database is unknown; nothing was removed`, { hint: 'remove it without --drop-database, and drop the database with `pilot db psql`' });
    rmSync(broken.dir, { recursive: true, force: true });
    io.out(`removed ${displayPath(broken.dir)} (its manifest was broken)\n`);
    return 0;
  }
  if (entry.origin !== 'home') {
    throw new DatasetError('DATASET_NOT_REMOVABLE', `"${entry.name}" is a built-in dataset shipped with pilot (${displayPath(entry.dir)})`, {
      hint: 'built-in datasets are part of the source tree; `pilot dataset remove` only removes datasets in <home>/datasets',
    });
  }
  const lines: string[] = [];
  if (args['drop-database']) {
    const db = entry.manifest.database;
    if (db.kind !== 'managed') {
      throw new DatasetError('DATASET_NOT_REMOVABLE', `dataset "${entry.name}" lives on another server (${db.kind}); pilot never drops databases it does not manage`, {
        hint: 'remove it without --drop-database',
      });
    }
    const sharing = catalog.entries.filter((e) => e !== entry && e.manifest.database.kind === 'managed' && e.manifest.database.name === db.name);
    if (sharing.length > 0) {
      throw new DatasetError('DATASET_NOT_REMOVABLE', `database "${db.name}" is also used by ${sharing.map((e) => `"${e.name}"`).join(', ')}; nothing was removed`, {
        hint: 'remove it without --drop-database',
      });
    }
    await dropDatabase(await server.access(), db.name);
    lines.push(`dropped database ${db.name}`);
  }
  rmSync(entry.dir, { recursive: true, force: true });
  lines.push(`removed ${entry.name} (${displayPath(entry.dir)})`);
  io.out(`${lines.join('\n')}\n`);
  return 0;
}
