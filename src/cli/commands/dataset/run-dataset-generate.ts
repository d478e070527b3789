import { generateDataset } from '../../../dataset/dataset-generate.js';
import { displayPath } from '../../../dataset/registry/display-path.js';
import type { DatasetGenerateArgs } from './command-object.js';
import { processIo, progressLog, type DatasetIo } from './dataset-io.js';
import { datasetServer } from './dataset-server.js';
import { formatCount } from './format-table.js';

/** `pilot dataset generate [--scale small|default] [--seed N] [--name builtin]`. */
export async function runDatasetGenerate(args: DatasetGenerateArgs, io: DatasetIo = processIo): Promise<number> {
  const log = progressLog(io, args.quiet);
  const server = datasetServer(args.home, log);
  let lastPhase = '';
  const result = await generateDataset(
    { name: args.name, seed: args.seed, scale: args.scale, ...(args.force ? { force: true } : {}) },
    {
      home: server.home,
      access: () => server.access(),
      log,
      onProgress: (p) => {
        const phase = p.phase === 'copy' ? `copy ${p.table}` : p.phase;
        if (phase === lastPhase) return;
        lastPhase = phase;
        log(`  ${phase} (${p.seconds.toFixed(1)} s)`);
      },
    },
  );
  const { entry } = result;
  const lines = [
    result.generated
      ? `generated ${entry.name} in ${result.seconds.toFixed(1)} s: ${displayPath(entry.dir)}, database ${entry.manifest.database.kind === 'managed' ? entry.manifest.database.name : '?'} in the managed cluster`
      : `${entry.name} is already generated with seed ${args.seed} and scale ${args.scale} (--force regenerates it)`,
    `tables: ${result.tables.map((t) => `${t.table} ${formatCount(t.rows)}`).join(', ')}`,
  ];
  if (result.generated) lines.push('workloads: train.sql, test.sql, fast.sql, with true cardinalities as labels (train.cardinalities.json, ...)');
  io.out(`${lines.join('\n')}\n`);
  return 0;
}
