import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '../dataset-error.js';
import { WORKLOAD_NAMES, type DatabaseSpec, type DatasetManifest, type LoadSpec, type WorkloadName } from '../registry/dataset-manifest.js';
import { findDataset, loadDatasetCatalog, userDatasetsDir, type DatasetEntry } from '../registry/dataset-registry.js';
import { assertDatasetName, assertNameFree } from '../registry/dataset-name.js';
import { displayPath } from '../registry/display-path.js';
import { manifestSchemaPath } from '../registry/project-root.js';
import { writeDatasetDir } from '../registry/write-dataset-dir.js';
import { classifyInputs, type WorkloadPaths } from './classify-inputs.js';
import type { ImportFormat } from './import-formats.js';
import {
  databaseExists,
  dropDatabase,
  RESERVED_DATABASES,
  tableSizes,
  withClient,
  type DatabaseAccess,
  type TableSize,
} from './database-access.js';
import { loadCsvDirectory } from './load-csv-directory.js';
import { loadPgDump } from './load-pg-dump.js';
import { prepareEmptyDatabase } from './prepare-database.js';
import { readWorkloadInput, type QueryCheck } from './read-workload-input.js';
import { requirePath } from './require-path.js';
import type { ParsedWorkload, WorkloadLineFormat } from './workload-source.js';

export { IMPORT_FORMATS, type ImportFormat } from './import-formats.js';


export interface ImportRequest {
  readonly format: ImportFormat;
  readonly name: string;
  /** Files and directories; what each is is told from its content and name (see classifyInputs). */
  readonly paths: readonly string[];
  readonly workloads?: WorkloadPaths;
  readonly dump?: string;
  /** csv: the file creating the tables (default `<dir>/schema.sql`). */
  readonly schema?: string;
  /** csv: whether the files have a header line (default true). */
  readonly header?: boolean;
  readonly lineFormat?: WorkloadLineFormat | 'auto';
  /** The managed database to load into (default: the dataset name); `queries`: the existing one. */
  readonly database?: string;
  /** `queries` only: the dataset lives on this server, not in the managed cluster. */
  readonly dsn?: string;
  readonly description?: string;
  readonly source?: string;
  readonly license?: string;
  readonly readOnly?: boolean;
  /** Replace a user dataset of the same name and empty its database. */
  readonly force?: boolean;
  /** How it was made, for the manifest's provenance (e.g. the command line). */
  readonly method?: string;
}

export interface ImportContext {
  /** pilot's home (resolved): the dataset is written to `<home>/datasets/<name>/`. */
  readonly home: string;
  /** The managed cluster, asked for only when the import needs a database. */
  readonly access: () => Promise<DatabaseAccess>;
  /** Rejects queries (does not parse, not a SELECT); without it every entry that fits the format is kept. */
  readonly check?: QueryCheck;
  readonly projectDatasetsDir?: string;
  readonly log?: (message: string) => void;
  readonly now?: () => Date;
}

export interface ImportedWorkload extends ParsedWorkload {
  readonly name: WorkloadName;
}

export interface ImportResult {
  readonly entry: DatasetEntry;
  readonly workloads: readonly ImportedWorkload[];
  /** Tables after the load (empty for `queries` on a --dsn server). */
  readonly tables: readonly TableSize[];
  readonly warnings: readonly string[];
}

/**
 * Imports a dataset: reads and checks every input before touching the server, loads the data
 * into its own database in the managed cluster (dropped again if the load fails), and registers
 * `<home>/datasets/<name>/` with its manifest and normalized workload files.
 */
export async function importDataset(request: ImportRequest, context: ImportContext): Promise<ImportResult> {
  const log = context.log ?? (() => {});
  const warnings: string[] = [];
  assertDatasetName(request.name);
  const database = request.database ?? request.name;
  if (request.dsn === undefined) checkDatabaseName(database);
  if (request.dsn !== undefined && request.format !== 'queries') {
    throw new DatasetError('IMPORT_BAD_INPUT', `--dsn only goes with the queries format; ${request.format} imports load into the managed cluster`);
  }
  const catalogOptions = { home: context.home, ...(context.projectDatasetsDir ? { projectDatasetsDir: context.projectDatasetsDir } : {}) };
  const catalog = loadDatasetCatalog(catalogOptions);
  assertNameFree(catalog, request.name, request.force ?? false);
  const sharing = catalog.entries.find((e) => e.name !== request.name && e.manifest.database.kind === 'managed' && e.manifest.database.name === database);
  if (sharing && request.format !== 'queries') {
    throw new DatasetError('DATASET_EXISTS', `database "${database}" already belongs to dataset "${sharing.name}"`, { hint: 'pick another --database (or --name)' });
  }

  // 1. Inputs: all read and checked before the server is touched.
  const csvDir = request.format === 'csv' ? csvDirectory(request) : undefined;
  const schemaFile = csvDir ? requirePath(request.schema ?? join(csvDir, 'schema.sql'), 'schema file', 'file') : undefined;
  const inputs = classifyInputs(request.paths, { ...request.workloads, ...(request.dump ? { dump: request.dump } : {}) }, {
    wantDump: request.format === 'pilotscope',
    ...(csvDir ? { skip: (f: string) => f.toLowerCase().endsWith('.csv') || f === schemaFile } : {}),
  });
  for (const f of inputs.ignored) warnings.push(`ignored ${displayPath(f)} (not a dump, and its name says neither train, test nor fast)`);
  if (request.format === 'pilotscope' && inputs.dump === undefined) {
    throw new DatasetError('IMPORT_BAD_INPUT', 'no pg_dump file among the inputs (a plain SQL dump starts with "-- PostgreSQL database dump")', { hint: 'pass it with --dump FILE' });
  }
  const workloads = readWorkloads(inputs.workloads, request, context.check);

  // 2. The database.
  let tables: TableSize[] = [];
  let databaseSpec: DatabaseSpec;
  let load: LoadSpec;
  if (request.format === 'queries') {
    if (request.dsn !== undefined) {
      databaseSpec = { kind: 'dsn', dsn: request.dsn };
    } else {
      const access = await context.access();
      if (!(await databaseExists(access, database))) {
        throw new DatasetError('IMPORT_BAD_INPUT', `there is no database "${database}" in the managed cluster`, {
          hint: 'the queries format registers workloads for a database that is already loaded: name it with --database, or use --dsn for another server',
        });
      }
      tables = await withClient(access.connection(database), tableSizes);
      databaseSpec = { kind: 'managed', name: database };
    }
    load = { kind: 'none' };
  } else {
    const access = await context.access();
    await prepareEmptyDatabase(access, database, { force: request.force ?? false, log });
    try {
      if (request.format === 'pilotscope') {
        log(`loading ${displayPath(inputs.dump!)} into database ${database} (psql, one transaction)`);
        await loadPgDump(access, database, inputs.dump!, log);
        load = { kind: 'pg_dump', file: inputs.dump! };
      } else {
        log(`loading ${displayPath(schemaFile!)} and the CSV files of ${displayPath(csvDir!)} into database ${database}`);
        const result = await loadCsvDirectory(access, database, { dir: csvDir!, schema: schemaFile!, header: request.header ?? true, log });
        for (const t of result.emptyTables) warnings.push(`table ${t} has no CSV file; it stays empty`);
        load = { kind: 'csv', dir: csvDir!, schema: schemaFile!, header: request.header ?? true };
      }
      tables = await withClient(access.connection(database), tableSizes);
    } catch (error) {
      log(`load failed; dropping database ${database}`);
      await dropDatabase(access, database).catch(() => {});
      throw error;
    }
    databaseSpec = { kind: 'managed', name: database };
  }

  // 3. The dataset directory.
  const dir = join(userDatasetsDir(context.home), request.name);
  const byName = Object.fromEntries(workloads.map((w) => [w.name, w])) as Partial<Record<WorkloadName, ImportedWorkload>>;
  const manifest: Omit<DatasetManifest, 'workloads' | 'labels'> = {
    $schema: manifestSchemaPath(),
    name: request.name,
    description: request.description ?? `Imported (${request.format}) from ${request.paths.map((p) => displayPath(p)).join(', ') || 'the given workloads'}.`,
    provenance: {
      source: request.source ?? [inputs.dump, csvDir, ...WORKLOAD_NAMES.map((w) => inputs.workloads[w])].filter((p): p is string => p !== undefined).join(', '),
      license: request.license ?? 'unknown',
      method: request.method ?? `pilot dataset import ${request.format}`,
      created: (context.now?.() ?? new Date()).toISOString(),
    },
    database: databaseSpec,
    load,
    readOnly: request.readOnly ?? false,
  };
  writeDatasetDir(
    dir,
    {
      manifest,
      workloads: {
        train: byName.train!.queries.map((q) => q.sql),
        test: byName.test!.queries.map((q) => q.sql),
        ...(byName.fast ? { fast: byName.fast.queries.map((q) => q.sql) } : {}),
      },
      labels: {
        cardinalities: labelMaps(workloads, (q) => q.cardinality),
        names: labelMaps(workloads, (q) => q.name),
      },
    },
    { replace: request.force ?? false },
  );
  const entry = findDataset(loadDatasetCatalog(catalogOptions), request.name);
  return { entry, workloads, tables, warnings };
}

function checkDatabaseName(database: string): void {
  if ((RESERVED_DATABASES as readonly string[]).includes(database)) {
    throw new DatasetError('IMPORT_BAD_INPUT', `"${database}" is a system database; a dataset needs a database of its own`, { hint: 'pick another --name or --database' });
  }
}

/** The first directory among the paths (the others are workloads). */
function csvDirectory(request: ImportRequest): string {
  const dir = request.paths.map((p) => requirePath(p, 'input')).find((p) => statSync(p).isDirectory());
  if (dir === undefined) throw new DatasetError('IMPORT_BAD_INPUT', 'csv import: give the directory holding the <table>.csv files and schema.sql');
  return dir;
}

function readWorkloads(paths: WorkloadPaths, request: ImportRequest, check: QueryCheck | undefined): ImportedWorkload[] {
  for (const required of ['train', 'test'] as const) {
    if (paths[required] === undefined) {
      throw new DatasetError('IMPORT_BAD_INPUT', `no ${required} workload among the inputs (a dataset needs train and test workloads)`, {
        hint: `pass --${required} FILE_OR_DIRECTORY (a name containing "${required}" is recognized by itself)`,
      });
    }
  }
  const result: ImportedWorkload[] = [];
  for (const name of WORKLOAD_NAMES) {
    const path = paths[name];
    if (path === undefined) continue;
    const parsed = readWorkloadInput(path, { format: request.lineFormat ?? 'auto', ...(check ? { check } : {}) });
    if (parsed.queries.length === 0) {
      const why = parsed.skipped.slice(0, 5).map((s) => `\n  ${displayPath(s.file)}:${s.line}: ${s.reason}`).join('');
      throw new DatasetError('IMPORT_NO_QUERIES', `the ${name} workload ${displayPath(path)} has no usable query (${parsed.skipped.length} entries skipped)${why}`, {
        context: { file: path, skipped: parsed.skipped.length },
      });
    }
    result.push({ ...parsed, name });
  }
  return result;
}

function labelMaps<T extends number | string>(
  workloads: readonly ImportedWorkload[],
  pick: (q: ImportedWorkload['queries'][number]) => T | undefined,
): Partial<Record<WorkloadName, Map<number, T>>> {
  const out: Partial<Record<WorkloadName, Map<number, T>>> = {};
  for (const w of workloads) {
    const map = new Map<number, T>();
    w.queries.forEach((q, i) => {
      const v = pick(q);
      if (v !== undefined) map.set(i, v);
    });
    if (map.size > 0) out[w.name] = map;
  }
  return out;
}
