import { loadDataset } from '../../../dataset/import/load-dataset.js';
import { findDataset, loadDatasetCatalog } from '../../../dataset/registry/dataset-registry.js';
import type { DatasetLoadArgs } from './command-object.js';
import { processIo, progressLog, type DatasetIo } from './dataset-io.js';
import { datasetServer } from './dataset-server.js';
import { formatCount } from './format-table.js';

/** `pilot dataset load <name>`: fills the dataset's managed database as its manifest says. */
export async function runDatasetLoad(args: DatasetLoadArgs, io: DatasetIo = processIo): Promise<number> {
  const log = progressLog(io, args.quiet);
  const server = datasetServer(args.home, log);
  const entry = findDataset(loadDatasetCatalog({ home: server.home }), args.name);
  const access = await server.access();
  const tables = await loadDataset(entry, access, {
    force: args.force ?? false,
    log,
    builtin: async (database, spec) => {
      const { generateBuiltinDataset } = await import('../../../dataset/builtin/index.js');
      log(`generating the built-in dataset (seed ${spec.seed}, scale ${spec.scale}) into database ${database}`);
      await generateBuiltinDataset({ seed: spec.seed, scale: spec.scale, database: access.connection(database) });
    },
  });
  io.out(`loaded ${entry.name}: ${tables.map((t) => `${t.table} ${formatCount(t.rows)}`).join(', ')}\n`);
  return 0;
}
