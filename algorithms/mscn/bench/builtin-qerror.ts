/**
 * Measures MSCN on the built-in dataset: trains on train.sql (true cardinalities from the shared
 * results store, counted only where missing), then compares MSCN's and PostgreSQL's q-errors on
 * every sub-plan of test.sql, and times inference on the 6-table test queries.
 *
 *   npx tsx algorithms/mscn/bench/builtin-qerror.ts [--epochs 100] [--hidden 256] [--batch 128]
 *     [--sample 1000] [--patience 10] [--lr 0.001] [--loss logQError|qError] [--grouping query|none] [--limit N] [--seed 42] [--out DIR]
 *
 * Prints one JSON object on stdout; progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { benchWorkload } from '../../bench-workload.js';
import { resolveParams } from '../../resolve-params.js';
import { mscn, type MscnInstance } from '../index.js';
import { postgresSubplanEstimates } from '../postgres-subplan-estimates.js';
import { openAlgorithmSession } from '../../../src/cli/commands/algo/algorithm-session.js';
import { collectSessionCardinalities } from '../../../src/experiment/experiment-session.js';
import { qError, summarizeQErrors } from '../../../src/util/q-error.js';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '100' },
    hidden: { type: 'string', default: '256' },
    batch: { type: 'string', default: '128' },
    sample: { type: 'string', default: '1000' },
    patience: { type: 'string', default: '10' },
    lr: { type: 'string', default: '0.001' },
    loss: { type: 'string', default: 'logQError' },
    grouping: { type: 'string', default: 'query' },
    limit: { type: 'string' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
    timeout: { type: 'string', default: '60000' },
  },
});

const log = (m: string): void => void process.stderr.write(`${m}\n`);

const session = await openAlgorithmSession({ dataset: 'builtin', seed: Number(args.seed), timeoutMs: Number(args.timeout), concurrency: 2 });
const { runtime } = session;
const { interactor, tf } = runtime;
let instance: MscnInstance | undefined;
try {
  const params = resolveParams(mscn, {
    epochs: Number(args.epochs),
    hiddenUnits: Number(args.hidden),
    batchSize: Number(args.batch),
    sampleSize: Number(args.sample),
    patience: Number(args.patience),
    learningRate: Number(args.lr),
    loss: args.loss,
    batchGrouping: args.grouping,
    ...(args.limit === undefined ? {} : { maxTrainQueries: Number(args.limit) }),
  });
  const train = benchWorkload(session, 'train');
  const test = benchWorkload(session, 'test');
  log(`backend ${tf.backend} (${tf.detail}); ${train.length} train, ${test.length} test queries; params ${JSON.stringify(params)}`);

  instance = mscn.create(params, runtime) as MscnInstance;
  const report = await instance.train(train);
  if (args.out !== undefined) await instance.save(args.out);

  // Test workload: true cardinalities of every sub-plan, then both estimators on each.
  const truth = await collectSessionCardinalities(session, test);
  const errors = { mscn: [] as number[], postgres: [] as number[] };
  const bySize = new Map<number, { mscn: number[]; postgres: number[] }>();
  const sixTableMs: number[] = [];
  let missing = 0;
  for (const query of test) {
    const postgres = await postgresSubplanEstimates(interactor, query.sql, runtime.timeoutMs);
    const estimates = await instance.estimateSubplans(query);
    for (const { key, size, rows } of truth.perQuery.get(query.id) ?? []) {
      const pg = postgres?.get(key);
      const ours = estimates.get(key);
      if (rows === null || pg === undefined || ours === undefined) {
        missing++;
        continue;
      }
      const group = bySize.get(size) ?? { mscn: [], postgres: [] };
      bySize.set(size, group);
      const mscnError = qError(ours, rows);
      const postgresError = qError(pg, rows);
      errors.mscn.push(mscnError);
      errors.postgres.push(postgresError);
      group.mscn.push(mscnError);
      group.postgres.push(postgresError);
    }
    if (query.graph.relations.length === 6) {
      await instance.plan(query); // warm-up: the first call of a shape compiles wasm kernels
      const runs = 5;
      const started = performance.now();
      for (let i = 0; i < runs; i++) await instance.plan(query);
      sixTableMs.push((performance.now() - started) / runs);
    }
  }
  const details = report.details as Record<string, unknown>;
  const result = {
    backend: `${tf.backend} (${tf.detail})`,
    params,
    training: {
      queries: report.trainQueries,
      samples: report.samples,
      epochs: report.epochs,
      trainSeconds: report.trainSeconds,
      samplesPerSecond: report.samplesPerSecond,
      heldOut: details.qError,
      heldOutBySize: details.qErrorBySize,
      subplans: details.subplans,
      collection: details.collection,
      timings: details.timings,
      warnings: details.warnings,
      fit: { ...(details.fit as object), trainLoss: undefined, validationLoss: (details.fit as { validationLoss: number[] }).validationLoss.map((v) => Number(v.toFixed(3))) },
    },
    test: {
      subplans: errors.mscn.length,
      missing,
      collection: truth.stats,
      mscn: summarizeQErrors(errors.mscn),
      postgres: summarizeQErrors(errors.postgres),
      bySize: Object.fromEntries([...bySize].sort((a, b) => a[0] - b[0]).map(([size, g]) => [size, { mscn: summarizeQErrors(g.mscn), postgres: summarizeQErrors(g.postgres) }])),
    },
    inference: {
      sixTableQueries: sixTableMs.length,
      meanMs: sixTableMs.reduce((a, b) => a + b, 0) / Math.max(1, sixTableMs.length),
      medianMs: summarizeQErrors(sixTableMs).median,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  instance?.dispose();
  await session.close();
}
