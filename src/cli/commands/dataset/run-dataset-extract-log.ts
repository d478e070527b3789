import { extractLogDataset, type ExtractLogRequest, type ExtractLogResult } from '../../../dataset/dataset-extract-log.js';
import { displayPath } from '../../../dataset/registry/display-path.js';
import type { DatasetExtractLogArgs } from './command-object.js';
import { processIo, progressLog, type DatasetIo } from './dataset-io.js';
import { resolveHome } from '../../../db/managed-cluster.js';
import { DatasetError } from '../../../dataset/dataset-error.js';
import { PilotError } from '../../../errors/index.js';
import { formatCount } from './format-table.js';

/**
 * `pilot dataset extract-log --input <files...> --name production --dsn postgres://...`, or
 * `--source pg_stat_statements --dsn postgres://...` to read that view instead of log files.
 */
export async function runDatasetExtractLog(args: DatasetExtractLogArgs, io: DatasetIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const log = progressLog(io, args.quiet);
  checkSourceOptions(args);
  const dsn = args.dsn ?? env.DATABASE_URL;
  if (dsn === undefined) {
    throw new DatasetError(
      'IMPORT_BAD_INPUT',
      args.source === 'pg_stat_statements'
        ? '--source pg_stat_statements reads that view on the production server: give it with --dsn postgres://user@host:port/database (or $DATABASE_URL)'
        : 'extract-log needs the production server the logs come from: --dsn postgres://user@host:port/database',
      { hint: 'the dataset is read-only and points at that server; its queries are run there (reads only)' },
    );
  }
  const common = {
    name: args.name,
    dsn,
    split: args.split === 'time' ? ({ by: 'time', testFraction: args['test-fraction'] } as const) : ({ by: 'seed', seed: args.seed, testFraction: args['test-fraction'] } as const),
    ...(args.description ? { description: args.description } : {}),
    ...(args.license ? { license: args.license } : {}),
    ...(args.force ? { force: true } : {}),
  };
  const request: ExtractLogRequest =
    args.source === 'pg_stat_statements'
      ? { ...common, source: 'pg_stat_statements', ...(args['min-calls'] !== undefined ? { minCalls: args['min-calls'] } : {}) }
      : {
          ...common,
          source: 'logs',
          files: args.input ?? [],
          ...(args.format !== undefined ? { format: args.format } : {}),
          ...(args.prefix !== undefined ? { prefix: args.prefix } : {}),
          ...(args['sort-rotated'] ? { sortRotated: true } : {}),
        };
  if (request.source === 'pg_stat_statements') log('reading pg_stat_statements (one READ ONLY transaction)');
  let lastTenth = -1;
  const result = await extractLogDataset(request, {
    home: resolveHome(args.home),
    onProgress: (read, total) => {
      const tenth = total > 0 ? Math.floor((10 * read) / total) : 10;
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        log(`  read ${formatCount(read)} of ${formatCount(total)} bytes`);
      }
    },
  });
  io.out(`${summaryLines(result, request).join('\n')}\n`);
  return 0;
}

/** Options of one source given with the other: refused before anything is read. */
function checkSourceOptions(args: DatasetExtractLogArgs): void {
  const usage = (message: string, hint: string) => new PilotError('USAGE', message, { hint });
  if (args.source === 'pg_stat_statements') {
    if (args.input !== undefined) {
      throw usage('--input names log files, but --source pg_stat_statements reads the server\'s view, not files', 'leave --input out, or use --source logs (the default) to read the files');
    }
    const logOnly = [args.format !== undefined && '--format', args.prefix !== undefined && '--prefix', args['sort-rotated'] !== undefined && '--sort-rotated'].filter((o) => o !== false);
    if (logOnly.length > 0) throw usage(`${logOnly.join(', ')} only ${logOnly.length === 1 ? 'applies' : 'apply'} to log files, not to --source pg_stat_statements`, 'leave them out');
    if (args.split === 'time') {
      throw usage('--split time cannot be used with --source pg_stat_statements: the view keeps no times of day, only counts and totals per statement', 'split by seed (--split seed, the default; --seed picks the split), or extract from the server\'s logs to split by time');
    }
    return;
  }
  if (args.input === undefined || args.input.length === 0) {
    throw usage('--input is required with --source logs (the default): name the log files to read', 'or read the server\'s statistics view instead: --source pg_stat_statements --dsn postgres://...');
  }
  if (args['min-calls'] !== undefined) throw usage('--min-calls only applies to --source pg_stat_statements (a log has every execution)', 'leave it out');
}

function summaryLines(result: ExtractLogResult, request: ExtractLogRequest): string[] {
  const { entry, extraction } = result;
  const r = extraction.report;
  const skipped = Object.entries(r.skipped).map(([reason, tally]) => `${reason} ${formatCount(tally!.count)}`);
  const pgss = request.source === 'pg_stat_statements';
  const calls = extraction.queries.reduce((sum, q) => sum + q.count, 0);
  const parameterized = extraction.queries.filter((q) => q.parameterized).length;
  return [
    `extracted ${entry.name} into ${displayPath(entry.dir)} (read-only; database ${entry.manifest.database.kind === 'dsn' ? entry.manifest.database.dsn : '?'})`,
    pgss
      ? `read ${formatCount(r.statements)} statements from pg_stat_statements (this database's, called at least ${request.minCalls ?? 1} time${(request.minCalls ?? 1) === 1 ? '' : 's'}); kept ${formatCount(r.kept)} read-only statements called ${formatCount(calls)} times, ${formatCount(r.fingerprints)} distinct queries`
      : `read ${r.files.length} file${r.files.length === 1 ? '' : 's'}, ${formatCount(r.lines)} lines, ${formatCount(r.statements)} statements; kept ${formatCount(r.kept)} read-only executions of ${formatCount(r.fingerprints)} distinct queries`,
    `workloads: train ${formatCount(extraction.train.length)}, test ${formatCount(extraction.test.length)} (queries.json holds ${pgss ? 'call counts and total/mean/min/max times' : 'counts and durations'})`,
    ...(skipped.length > 0 ? [`skipped: ${skipped.join(', ')}`] : []),
    ...r.warnings.map((w) => `warning: ${w}`),
    ...(parameterized > 0
      ? [`note: the workload files keep the ${formatCount(parameterized)} queries with placeholders as the server ran them; pilot dataset show counts them as refused (parameter) and pilot test / sweep leave them out`]
      : []),
    ...(result.passwordRemoved ? ['note: the password was left out of the manifest\'s DSN; put it in ~/.pgpass or PGPASSWORD'] : []),
  ];
}
