import { extractLogDataset } from '../../../dataset/dataset-extract-log.js';
import { displayPath } from '../../../dataset/registry/display-path.js';
import type { DatasetExtractLogArgs } from './command-object.js';
import { processIo, progressLog, type DatasetIo } from './dataset-io.js';
import { resolveHome } from '../../../db/managed-cluster.js';
import { DatasetError } from '../../../dataset/dataset-error.js';
import { formatCount } from './format-table.js';

/** `pilot dataset extract-log --input <files...> --name production --dsn postgres://...`. */
export async function runDatasetExtractLog(args: DatasetExtractLogArgs, io: DatasetIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const log = progressLog(io, args.quiet);
  const dsn = args.dsn ?? env.DATABASE_URL;
  if (dsn === undefined) {
    throw new DatasetError('IMPORT_BAD_INPUT', 'extract-log needs the production server the logs come from: --dsn postgres://user@host:port/database', {
      hint: 'the dataset is read-only and points at that server; its queries are run there (reads only)',
    });
  }
  let lastTenth = -1;
  const result = await extractLogDataset(
    {
      name: args.name,
      files: args.input,
      dsn,
      split: args.split === 'time' ? { by: 'time', testFraction: args['test-fraction'] } : { by: 'seed', seed: args.seed, testFraction: args['test-fraction'] },
      format: args.format,
      ...(args.prefix !== undefined ? { prefix: args.prefix } : {}),
      ...(args['sort-rotated'] ? { sortRotated: true } : {}),
      ...(args.description ? { description: args.description } : {}),
      ...(args.license ? { license: args.license } : {}),
      ...(args.force ? { force: true } : {}),
    },
    {
      home: resolveHome(args.home),
      onProgress: (read, total) => {
        const tenth = total > 0 ? Math.floor((10 * read) / total) : 10;
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          log(`  read ${formatCount(read)} of ${formatCount(total)} bytes`);
        }
      },
    },
  );
  const { entry, extraction } = result;
  const r = extraction.report;
  const skipped = Object.entries(r.skipped).map(([reason, tally]) => `${reason} ${formatCount(tally!.count)}`);
  const lines = [
    `extracted ${entry.name} into ${displayPath(entry.dir)} (read-only; database ${entry.manifest.database.kind === 'dsn' ? entry.manifest.database.dsn : '?'})`,
    `read ${r.files.length} file${r.files.length === 1 ? '' : 's'}, ${formatCount(r.lines)} lines, ${formatCount(r.statements)} statements; kept ${formatCount(r.kept)} read-only executions of ${formatCount(r.fingerprints)} distinct queries`,
    `workloads: train ${formatCount(extraction.train.length)}, test ${formatCount(extraction.test.length)} (queries.json holds counts and durations)`,
    ...(skipped.length > 0 ? [`skipped: ${skipped.join(', ')}`] : []),
    ...r.warnings.map((w) => `warning: ${w}`),
    ...(result.passwordRemoved ? ['note: the password was left out of the manifest\'s DSN; put it in ~/.pgpass or PGPASSWORD'] : []),
  ];
  io.out(`${lines.join('\n')}\n`);
  return 0;
}
