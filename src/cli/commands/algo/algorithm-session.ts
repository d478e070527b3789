import { join } from 'node:path';
import type { AlgorithmRuntime } from '../../../../algorithms/algorithm.js';
import { readDatabaseSchema } from '../../../../algorithms/database-schema.js';
import type { CardinalityOracle } from '../../../collect/index.js';
import { resolveScale } from '../../../dataset/builtin/scale.js';
import { datasetConnection } from '../../../dataset/dataset-state.js';
import { findDataset, loadDatasetCatalog } from '../../../dataset/registry/dataset-registry.js';
import type { AlgorithmSession } from '../../../experiment/experiment-session.js';
import { projectRoot } from '../../../dataset/registry/project-root.js';
import { Interactor } from '../../../db/interactor.js';
import { PilotError } from '../../../errors/index.js';
import { loadTfRuntime, type BackendName } from '../../../ml/index.js';
import { datasetKey, defaultResultsDir, ResultsStore } from '../../../results/index.js';
import { loadPgParser } from '../../../sql/index.js';
import { silentProgress, terminalProgress } from '../../../util/progress.js';
import { datasetServer } from '../dataset/dataset-server.js';
import type { SessionArgs } from './command-object.js';
import { verifiedBuiltinOracle } from './verified-builtin-oracle.js';

export interface SessionOptions {
  readonly home?: string;
  readonly dataset: string;
  readonly backend?: BackendName;
  readonly seed: number;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly quiet?: boolean;
  /** Where the results store and models live (default: $PILOT_RESULTS or <project>/results). */
  readonly results?: string;
}

/** The session options of an algo command's flags. */
export function sessionOptionsFrom(args: SessionArgs): SessionOptions {
  return {
    dataset: args.dataset,
    seed: args.seed,
    timeoutMs: args['timeout-ms'],
    concurrency: args.concurrency,
    ...(args.home !== undefined ? { home: args.home } : {}),
    ...(args.backend !== undefined ? { backend: args.backend } : {}),
    ...(args.quiet !== undefined ? { quiet: args.quiet } : {}),
    ...(args.results !== undefined ? { results: args.results } : {}),
  };
}

export type { AlgorithmSession };

export async function openAlgorithmSession(options: SessionOptions): Promise<AlgorithmSession> {
  const log = options.quiet ? () => {} : (message: string) => void process.stderr.write(`pilot algo: ${message}\n`);
  const server = datasetServer(options.home, log);
  const entry = findDataset(loadDatasetCatalog({ home: server.home }), options.dataset);
  const access = entry.manifest.database.kind === 'managed' ? await server.access() : undefined;
  const connection = datasetConnection(entry.manifest, (db) => access?.connection(db));
  if (connection === undefined) throw new PilotError('DATASET_UNREACHABLE', `dataset "${entry.name}": no connection to its database`);
  const interactor = new Interactor({
    connection,
    readOnly: entry.manifest.readOnly,
    poolSize: Math.max(2, options.concurrency),
    label: `dataset ${entry.name}`,
  });
  const resultsDir = options.results ?? defaultResultsDir(projectRoot());
  let store: ResultsStore | undefined;
  try {
    const schema = await readDatabaseSchema(interactor);
    if (schema.tables.length === 0) {
      throw new PilotError('DATASET_NOT_LOADED', `dataset "${entry.name}" has no tables in its database`, { hint: `pilot dataset load ${entry.name}` });
    }
    const [tf, parser] = await Promise.all([loadTfRuntime(options.backend === undefined ? {} : { backend: options.backend }), loadPgParser()]);
    store = ResultsStore.open(join(resultsDir, 'pilot.sqlite'));
    const load = entry.manifest.load;
    let cardinalityOracle: CardinalityOracle | undefined;
    if (load.kind === 'builtin') {
      const verified = await verifiedBuiltinOracle({ seed: load.seed, scaleFactor: resolveScale(load.scale) }, interactor, schema);
      if ('oracle' in verified) cardinalityOracle = verified.oracle;
      else log(`dataset "${entry.name}": true cardinalities are counted in PostgreSQL, not computed by the generator: ${verified.reason}`);
    }
    const runtime: AlgorithmRuntime = {
      tf,
      interactor,
      parser,
      store,
      dataset: entry.name,
      schema,
      seed: options.seed,
      progress: options.quiet ? silentProgress : terminalProgress(),
      log,
      timeoutMs: options.timeoutMs,
      concurrency: options.concurrency,
      ...(cardinalityOracle === undefined ? {} : { cardinalityOracle }),
    };
    const openStore = store;
    return {
      entry,
      runtime,
      resultsDir,
      datasetKey: datasetKey(entry.name, schema),
      async close() {
        openStore.close();
        await interactor.close();
      },
    };
  } catch (error) {
    store?.close();
    await interactor.close();
    throw error;
  }
}
