import pg from 'pg';
import { Interactor } from '../../../db/interactor.js';
import { formatQErrorSummary, postgresEstimateQError, type QErrorSummary } from '../../../dataset/builtin/index.js';
import { datasetConnection, describeState, probeDatasetState } from '../../../dataset/dataset-state.js';
import { tableSizes, withClient, type TableSize } from '../../../dataset/import/database-access.js';
import { LABEL_KINDS, WORKLOAD_NAMES, type LabelKind, type WorkloadName } from '../../../dataset/registry/dataset-manifest.js';
import { findDataset, loadDatasetCatalog, resolveDatasetPath, type DatasetEntry } from '../../../dataset/registry/dataset-registry.js';
import { displayPath } from '../../../dataset/registry/display-path.js';
import { readLabels, readWorkload } from '../../../dataset/registry/workload-files.js';
import { buildQueryGraph, loadPgParser, tallyQueries, type PgParser, type QueryTally } from '../../../sql/index.js';
import type { DatasetShowArgs } from './command-object.js';
import { processIo, progressLog, type DatasetIo } from './dataset-io.js';
import { datasetServer } from './dataset-server.js';
import { formatBytes, formatCount, formatFields, formatTable } from './format-table.js';
import { graphSummary } from './graph-summary.js';
import { describeDatabase } from './run-dataset-list.js';

interface WorkloadSummary {
  name: WorkloadName;
  file: string;
  queries: number;
  labels: Partial<Record<LabelKind, number>>;
  graphs: QueryTally;
}

/** `pilot dataset show <name>`: the manifest, the tables if loaded, the workloads, and PostgreSQL's q-error on the test workload. */
export async function runDatasetShow(args: DatasetShowArgs, io: DatasetIo = processIo): Promise<number> {
  const log = progressLog(io, args.quiet);
  const server = datasetServer(args.home, log);
  const entry = findDataset(loadDatasetCatalog({ home: server.home }), args.name);
  const { manifest } = entry;
  const managed = await server.ifRunning();
  const connection = datasetConnection(manifest, (db) => managed?.(db));
  const state = await probeDatasetState(connection);

  const parser = await loadPgParser();
  const workloads: WorkloadSummary[] = [];
  for (const name of WORKLOAD_NAMES) {
    const workload = readWorkload(entry, name);
    if (!workload) continue;
    const labels: Partial<Record<LabelKind, number>> = {};
    for (const kind of LABEL_KINDS) {
      const map = readLabels(entry, kind, name, workload.queries.length);
      if (map) labels[kind] = map.size;
    }
    workloads.push({ name, file: workload.file, queries: workload.queries.length, labels, graphs: tallyQueries(workload.queries, parser) });
  }

  let tables: TableSize[] | undefined;
  let qerror: QErrorSummary | undefined;
  let qerrorNote: string | undefined;
  if (state.kind === 'loaded' && connection) {
    tables = await withClient(connection, tableSizes);
    const wanted = args.qerror ?? !manifest.readOnly;
    if (!wanted) {
      qerrorNote = manifest.readOnly ? 'skipped: the dataset is read-only (add --qerror to run the test queries on it)' : 'skipped (--no-qerror)';
    } else {
      try {
        ({ qerror, note: qerrorNote } = await measureQError(entry, connection, args, parser, log));
      } catch (error) {
        qerrorNote = `failed: ${(error as Error).message.split('\n')[0]}`;
      }
    }
  } else {
    qerrorNote = `skipped: the database is ${describeState(state)}`;
  }

  if (args.json) {
    io.out(`${JSON.stringify({ name: entry.name, origin: entry.origin, dir: entry.dir, manifest, state, tables, workloads, qerror, qerrorNote }, null, 2)}\n`);
    return 0;
  }
  io.out(render(entry, describeState(state), tables, workloads, qerror, qerrorNote));
  return 0;
}

/**
 * PostgreSQL's q-error on the test queries that can run: those with $n placeholders (from
 * pg_stat_statements) have no values to run with, so they are left out and counted in the note.
 */
async function measureQError(
  entry: DatasetEntry,
  connection: pg.ClientConfig,
  args: DatasetShowArgs,
  parser: PgParser,
  log: (m: string) => void,
): Promise<{ qerror?: QErrorSummary; note?: string }> {
  const test = readWorkload(entry, 'test')!;
  const runnable = [...test.queries.keys()].filter((i) => !hasPlaceholders(test.queries[i]!, parser));
  const leftOut = test.queries.length - runnable.length;
  if (runnable.length === 0) return { note: `skipped: every test query (${leftOut}) has $n placeholders, and no values to run with` };
  const db = new Interactor({ connection, readOnly: entry.manifest.readOnly, label: entry.name, poolSize: 1 });
  try {
    log(`measuring PostgreSQL's estimates on ${runnable.length} test queries (EXPLAIN ANALYZE)`);
    const summary = await postgresEstimateQError(db, runnable.map((i) => test.queries[i]!), {
      timeoutMs: args['timeout-ms'],
      onQuery: (done, total) => {
        if (done < total && done % 50 === 0) log(`  ${done} of ${total}`);
      },
    });
    // Indices back to the workload's own numbering.
    const qerror = { ...summary, queries: summary.queries.map((q) => ({ ...q, index: runnable[q.index]! })), timedOut: summary.timedOut.map((i) => runnable[i]!) };
    return leftOut > 0 ? { qerror, note: `left out: ${leftOut} test queries with $n placeholders, which have no values to run with` } : { qerror };
  } finally {
    await db.close();
  }
}

/** Whether the query has a $n placeholder (the query graph refuses those first); text that does not parse is left to the server. */
function hasPlaceholders(sql: string, parser: PgParser): boolean {
  try {
    const built = buildQueryGraph(sql, parser);
    return !built.ok && built.refusals[0]?.code === 'parameter';
  } catch {
    return false;
  }
}

function render(
  entry: DatasetEntry,
  state: string,
  tables: readonly TableSize[] | undefined,
  workloads: readonly WorkloadSummary[],
  qerror: QErrorSummary | undefined,
  qerrorNote: string | undefined,
): string {
  const m = entry.manifest;
  const load =
    m.load.kind === 'pg_dump' ? `pg_dump ${displayPath(resolveDatasetPath(entry, m.load.file))}`
    : m.load.kind === 'csv' ? `csv ${displayPath(resolveDatasetPath(entry, m.load.dir))} (schema ${displayPath(resolveDatasetPath(entry, m.load.schema))})`
    : m.load.kind === 'builtin' ? `built-in generator, seed ${m.load.seed}, scale ${m.load.scale}`
    : 'none (not loaded by pilot)';
  const out: string[] = [
    `${m.name}: ${m.description}`,
    '',
    formatFields([
      ['where', `${entry.origin} (${displayPath(entry.dir)})`],
      ['database', `${describeDatabase(m)}${m.readOnly ? ', read-only' : ''}`],
      ['state', state],
      ['load', load],
      ['source', m.provenance.source],
      ['license', m.provenance.license],
      ['made by', m.provenance.method],
      ['created', m.provenance.created],
    ]),
    '',
  ];
  if (tables) {
    out.push(`tables (${tables.length}; rows as ANALYZE counted them):`);
    out.push(formatTable(['  table', 'rows', 'size'], tables.map((t) => [`  ${t.table}`, t.rows < 0 ? '?' : formatCount(t.rows), formatBytes(t.bytes)]), [1, 2]).trimEnd(), '');
  }
  out.push('workloads:');
  out.push(
    formatTable(
      ['  name', 'queries', 'query graphs', 'labels', 'file'],
      workloads.map((w) => [
        `  ${w.name}`,
        formatCount(w.queries),
        graphSummary(w.graphs),
        Object.entries(w.labels).map(([k, n]) => `${k} ${n}`).join(', ') || '-',
        displayPath(w.file),
      ]),
      [1],
    ).trimEnd(),
    '',
  );
  out.push("PostgreSQL's estimates on the test workload (q-error of the rows under the aggregate, by number of tables):");
  if (qerror) out.push(formatQErrorSummary(qerror).split('\n').map((l) => `  ${l}`).join('\n'));
  if (qerrorNote !== undefined) out.push(`  ${qerrorNote}`);
  return `${out.join('\n')}\n`;
}
