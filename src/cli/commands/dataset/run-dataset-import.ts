import { importDataset, type ImportResult } from '../../../dataset/import/import-dataset.js';
import { displayPath } from '../../../dataset/registry/display-path.js';
import { readWorkload } from '../../../dataset/registry/workload-files.js';
import { tallyQueries } from '../../../sql/index.js';
import type { DatasetImportArgs } from './command-object.js';
import { processIo, progressLog, type DatasetIo } from './dataset-io.js';
import { datasetServer } from './dataset-server.js';
import { formatCount } from './format-table.js';
import { graphSummary } from './graph-summary.js';
import { loadSelectQueryCheck } from './select-query-check.js';

/** Skipped entries printed one by one; the rest are counted. */
const SHOWN_SKIPS = 20;

/** `pilot dataset import <format> <paths...> --name <name>`. */
export async function runDatasetImport(args: DatasetImportArgs, io: DatasetIo = processIo): Promise<number> {
  const log = progressLog(io, args.quiet);
  const server = datasetServer(args.home, log);
  const { parser, check } = await loadSelectQueryCheck();
  const result = await importDataset(
    {
      format: args.format,
      name: args.name,
      paths: args.paths,
      workloads: { ...(args.train ? { train: args.train } : {}), ...(args.test ? { test: args.test } : {}), ...(args.fast ? { fast: args.fast } : {}) },
      ...(args.dump ? { dump: args.dump } : {}),
      ...(args.schema ? { schema: args.schema } : {}),
      header: args.header,
      lineFormat: args['workload-format'],
      ...(args.database ? { database: args.database } : {}),
      ...(args.dsn ? { dsn: args.dsn } : {}),
      ...(args.description ? { description: args.description } : {}),
      ...(args.source ? { source: args.source } : {}),
      ...(args.license ? { license: args.license } : {}),
      ...(args['read-only'] !== undefined ? { readOnly: args['read-only'] } : {}),
      ...(args.force ? { force: true } : {}),
      method: `pilot dataset import ${args.format} ${[...args.paths, ...(['train', 'test', 'fast', 'dump', 'schema'] as const).flatMap((o) => (args[o] ? [`--${o}`, args[o]!] : []))].join(' ')} (workload entries checked with the PostgreSQL parser, one query per line)`,
    },
    { home: server.home, access: () => server.access(), check, log },
  );
  io.out(report(result, (queries) => graphSummary(tallyQueries(queries, parser))));
  return 0;
}

function report(result: ImportResult, graphs: (queries: readonly string[]) => string): string {
  const { entry } = result;
  const db = entry.manifest.database;
  const lines = [`imported ${entry.name} into ${displayPath(entry.dir)} (database ${db.kind === 'managed' ? `${db.name} in the managed cluster` : 'on the --dsn server'})`];
  if (result.tables.length > 0) {
    lines.push(`tables: ${result.tables.map((t) => `${t.table} ${formatCount(t.rows)}`).join(', ')}`);
  }
  lines.push('workloads:');
  for (const w of result.workloads) {
    const queries = readWorkload(entry, w.name)!.queries;
    const kept = [
      w.queries.some((q) => q.cardinality !== undefined) ? 'true cardinalities kept' : '',
      w.queries.some((q) => q.name !== undefined) ? 'query names kept' : '',
    ].filter((s) => s !== '');
    lines.push(`  ${w.name.padEnd(5)} ${formatCount(w.queries.length).padStart(6)} queries from ${displayPath(w.path)} (${w.format}${kept.length ? `; ${kept.join(', ')}` : ''}); query graphs: ${graphs(queries)}`);
  }
  const skipped = result.workloads.flatMap((w) => w.skipped);
  if (skipped.length > 0) {
    lines.push(`skipped ${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'}:`);
    for (const s of skipped.slice(0, SHOWN_SKIPS)) lines.push(`  ${displayPath(s.file)}:${s.line}: ${s.reason}`);
    if (skipped.length > SHOWN_SKIPS) lines.push(`  ... and ${skipped.length - SHOWN_SKIPS} more`);
  }
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
