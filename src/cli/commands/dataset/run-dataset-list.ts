import { describeState, datasetConnection, probeDatasetState, type DatasetState } from '../../../dataset/dataset-state.js';
import { WORKLOAD_NAMES, type DatasetManifest } from '../../../dataset/registry/dataset-manifest.js';
import { loadDatasetCatalog, type DatasetEntry } from '../../../dataset/registry/dataset-registry.js';
import { displayPath } from '../../../dataset/registry/display-path.js';
import { readWorkload } from '../../../dataset/registry/workload-files.js';
import type { DatasetListArgs } from './command-object.js';
import { processIo, progressLog, type DatasetIo } from './dataset-io.js';
import { datasetServer } from './dataset-server.js';
import { formatCount, formatTable } from './format-table.js';

interface ListedDataset {
  name: string;
  origin: DatasetEntry['origin'];
  dir: string;
  database: string;
  readOnly: boolean;
  state: DatasetState;
  /** Query counts by workload; null where the file cannot be read. */
  queries: Partial<Record<(typeof WORKLOAD_NAMES)[number], number | null>>;
  duplicate: boolean;
}

/** `pilot dataset list`: every dataset with where it is, its database and whether it is loaded, its query counts, then the broken ones. */
export async function runDatasetList(args: DatasetListArgs, io: DatasetIo = processIo): Promise<number> {
  const server = datasetServer(args.home, progressLog(io, args.quiet));
  const catalog = loadDatasetCatalog({ home: server.home });
  const managed = await server.ifRunning();
  const names = catalog.entries.map((e) => e.name);
  const listed: ListedDataset[] = [];
  for (const entry of catalog.entries) {
    const queries: ListedDataset['queries'] = {};
    for (const w of WORKLOAD_NAMES) {
      if (entry.manifest.workloads[w] === undefined) continue;
      try {
        queries[w] = readWorkload(entry, w)!.queries.length;
      } catch {
        queries[w] = null;
      }
    }
    listed.push({
      name: entry.name,
      origin: entry.origin,
      dir: entry.dir,
      database: describeDatabase(entry.manifest),
      readOnly: entry.manifest.readOnly,
      state: await probeDatasetState(datasetConnection(entry.manifest, (db) => managed?.(db))),
      queries,
      duplicate: names.filter((n) => n === entry.name).length > 1,
    });
  }

  if (args.json) {
    io.out(`${JSON.stringify({ datasets: listed, problems: catalog.problems.map((p) => ({ name: p.name, origin: p.origin, dir: p.dir, code: p.error.code, message: p.error.message })) }, null, 2)}\n`);
    return 0;
  }
  if (listed.length === 0 && catalog.problems.length === 0) {
    io.out(`no datasets yet (looked in ${catalog.roots.map((r) => displayPath(r.dir)).join(' and ')})\n`);
    io.out('add one: `pilot dataset generate` (built-in), `pilot dataset import pilotscope <dump> <workloads...> --name <name>`\n');
    return 0;
  }
  const count = (n: number | null | undefined) => (n === undefined ? '-' : n === null ? 'missing' : formatCount(n));
  const rows = listed.map((d) => [
    d.name,
    `${d.origin}${d.duplicate ? ' (DUPLICATE)' : ''}`,
    `${d.database}${d.readOnly ? ' (read-only)' : ''}`,
    describeState(d.state),
    count(d.queries.train),
    count(d.queries.test),
    count(d.queries.fast),
  ]);
  if (rows.length > 0) io.out(formatTable(['NAME', 'WHERE', 'DATABASE', 'STATE', 'TRAIN', 'TEST', 'FAST'], rows, [4, 5, 6]));
  if (managed === undefined && listed.some((d) => d.state.kind === 'cluster-stopped')) {
    io.out('(the managed cluster is stopped: `pilot db start` to see which datasets are loaded)\n');
  }
  if (catalog.problems.length > 0) {
    io.out(`\n${catalog.problems.length} dataset director${catalog.problems.length === 1 ? 'y' : 'ies'} with problems:\n`);
    for (const p of catalog.problems) io.out(`${p.error.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
  }
  return 0;
}

export function describeDatabase(manifest: DatasetManifest): string {
  return manifest.database.kind === 'managed' ? `managed:${manifest.database.name}` : `dsn:${redactDsn(manifest.database.dsn)}`;
}

/** A DSN without its password. */
export function redactDsn(dsn: string): string {
  return dsn.replace(/^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}
