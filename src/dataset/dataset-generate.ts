import { join } from 'node:path';
import type pg from 'pg';
import {
  BUILTIN_GENERATOR_VERSION,
  DEFAULT_WORKLOAD_COUNTS,
  generateBuiltinDataset,
  generateWorkloadQueries,
  materializeDataset,
  readBuiltinDatasetStamp,
  resolveScale,
  WORKLOAD_KINDS,
  type BuiltinLoadProgress,
  type WorkloadKind,
} from './builtin/index.js';
import { DatasetError } from './dataset-error.js';
import { dropDatabase, RESERVED_DATABASES, tableSizes, withClient, type DatabaseAccess, type TableSize } from './import/database-access.js';
import { prepareEmptyDatabase } from './import/prepare-database.js';
import type { BuiltinScale, DatasetManifest } from './registry/dataset-manifest.js';
import { assertDatasetName, assertNameFree } from './registry/dataset-name.js';
import { findDataset, loadDatasetCatalog, userDatasetsDir, type DatasetEntry } from './registry/dataset-registry.js';
import { manifestSchemaPath } from './registry/project-root.js';
import { writeDatasetDir } from './registry/write-dataset-dir.js';

export interface GenerateRequest {
  readonly name: string;
  readonly seed: number;
  readonly scale: BuiltinScale;
  /** Replace a user dataset of that name and regenerate its database. */
  readonly force?: boolean;
}

export interface GenerateContext {
  readonly home: string;
  readonly access: () => Promise<DatabaseAccess>;
  readonly projectDatasetsDir?: string;
  readonly log?: (message: string) => void;
  readonly onProgress?: (progress: BuiltinLoadProgress) => void;
  readonly now?: () => Date;
}

export interface GenerateResult {
  readonly entry: DatasetEntry;
  readonly tables: readonly TableSize[];
  /** False when the dataset was already there with this seed, scale and generator version. */
  readonly generated: boolean;
  readonly seconds: number;
}

/**
 * The built-in dataset, generated and registered: its database in the managed cluster filled by
 * the STATS-like generator, train/test/fast workloads written with their true cardinalities
 * (computed in memory by the generator) as labels, under `<home>/datasets/<name>/`. Asking again
 * for the same seed and scale finds it in place and does nothing.
 */
export async function generateDataset(request: GenerateRequest, context: GenerateContext): Promise<GenerateResult> {
  const started = performance.now();
  assertDatasetName(request.name);
  if ((RESERVED_DATABASES as readonly string[]).includes(request.name)) {
    throw new DatasetError('IMPORT_BAD_INPUT', `"${request.name}" is a system database name; pick another --name`);
  }
  const scaleFactor = resolveScale(request.scale);
  const catalogOptions = { home: context.home, ...(context.projectDatasetsDir ? { projectDatasetsDir: context.projectDatasetsDir } : {}) };
  const catalog = loadDatasetCatalog(catalogOptions);
  const database = request.name;
  const access = await context.access();

  const existing = catalog.entries.find((e) => e.name === request.name && e.origin === 'home');
  if (existing && !request.force && (await isCurrent(existing, access, request, scaleFactor))) {
    context.log?.(`${request.name} is already generated (seed ${request.seed}, scale ${request.scale}, generator version ${BUILTIN_GENERATOR_VERSION}); nothing to do`);
    return { entry: existing, tables: await withClient(access.connection(database), tableSizes), generated: false, seconds: 0 };
  }
  assertNameFree(catalog, request.name, request.force ?? false);

  await prepareEmptyDatabase(access, database, { force: request.force ?? false, ...(context.log ? { log: context.log } : {}) });
  try {
    context.log?.(`generating the built-in dataset (seed ${request.seed}, scale ${request.scale} = factor ${scaleFactor}) into database ${database}`);
    await generateBuiltinDataset({
      seed: request.seed,
      scale: request.scale,
      database: access.connection(database),
      ...(context.onProgress ? { onProgress: context.onProgress } : {}),
    });
    context.log?.('generating the train, test and fast workloads');
    const data = materializeDataset(request.seed, request.scale);
    const workloads = {} as Record<WorkloadKind, string[]>;
    const cardinalities = {} as Record<WorkloadKind, Map<number, number>>;
    for (const kind of WORKLOAD_KINDS) {
      const queries = generateWorkloadQueries(data, { seed: request.seed, count: DEFAULT_WORKLOAD_COUNTS[kind], kind });
      workloads[kind] = queries.map((q) => q.sql);
      cardinalities[kind] = new Map(queries.map((q, i) => [i, q.trueRows]));
    }
    const manifest: Omit<DatasetManifest, 'workloads' | 'labels'> = {
      $schema: manifestSchemaPath(),
      name: request.name,
      description: `pilot's built-in STATS-like dataset (8 tables, skewed and correlated), seed ${request.seed}, scale ${request.scale}.`,
      provenance: {
        source: `pilot's built-in generator (src/dataset/builtin, generator version ${BUILTIN_GENERATOR_VERSION})`,
        license: 'Apache-2.0',
        method: `pilot dataset generate --seed ${request.seed} --scale ${request.scale}; true cardinalities computed in memory by the generator`,
        created: (context.now?.() ?? new Date()).toISOString(),
      },
      database: { kind: 'managed', name: database },
      load: { kind: 'builtin', seed: request.seed, scale: request.scale },
      readOnly: false,
    };
    writeDatasetDir(join(userDatasetsDir(context.home), request.name), { manifest, workloads, labels: { cardinalities } }, { replace: request.force ?? false });
  } catch (error) {
    context.log?.(`generation failed; dropping database ${database}`);
    await dropDatabase(access, database).catch(() => {});
    throw error;
  }
  const entry = findDataset(loadDatasetCatalog(catalogOptions), request.name);
  const tables = await withClient(access.connection(database), tableSizes);
  return { entry, tables, generated: true, seconds: (performance.now() - started) / 1000 };
}

/** Whether a registered dataset already is this seed and scale, with its data in place from this generator version. */
async function isCurrent(entry: DatasetEntry, access: DatabaseAccess, request: GenerateRequest, scaleFactor: number): Promise<boolean> {
  const { load, database } = entry.manifest;
  if (load.kind !== 'builtin' || load.seed !== request.seed || load.scale !== request.scale || database.kind !== 'managed') return false;
  try {
    const stamp = await withClient(access.connection(database.name), (c: pg.Client) => readBuiltinDatasetStamp(c));
    return stamp !== undefined && stamp.seed === request.seed && stamp.scaleFactor === scaleFactor && stamp.version === BUILTIN_GENERATOR_VERSION;
  } catch {
    return false;
  }
}
