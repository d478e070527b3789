/**
 * Training throughput per TensorFlow.js backend (MSCN and Lero), MSCN's inference latency on
 * 6-table queries (featurize + predict, and what injecting its estimates costs the planner),
 * and the deduplication ratio of true-cardinality collection.
 *
 *   npx tsx bench/algorithms.ts [--dataset builtin] [--backends wasm,cpu] [--mscn-queries 1000] [--lero-queries 40] [--runs 5]
 *
 * Needs the dataset generated (`pilot dataset generate`). The first run collects what training
 * needs (true cardinalities, Lero's timed candidates) into the results store; later runs reuse it,
 * so the figures below measure training, not collection.
 */
import { lero } from '../algorithms/lero/index.js';
import { mscn } from '../algorithms/mscn/index.js';
import type { AlgorithmDefinition, AlgorithmRuntime, WorkloadQuery } from '../algorithms/algorithm.js';
import { resolveParams } from '../algorithms/resolve-params.js';
import { openAlgorithmSession } from '../src/cli/commands/algo/algorithm-session.js';
import { collectSessionCardinalities } from '../src/experiment/experiment-session.js';
import { median } from '../src/util/median.js';
import { loadWorkloadQueries } from '../src/experiment/workload-queries.js';
import { loadTfRuntime, type BackendName } from '../src/ml/index.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const dataset = arg('dataset', 'builtin');
const backends = arg('backends', 'wasm,cpu').split(',') as BackendName[];
const mscnQueries = Number(arg('mscn-queries', '1000'));
const leroQueries = Number(arg('lero-queries', '40'));
const runs = Number(arg('runs', '5'));

async function trainingThroughput(definition: AlgorithmDefinition, params: Record<string, unknown>, runtime: AlgorithmRuntime, queries: readonly WorkloadQuery[]): Promise<{ samples: number; perSecond: number }> {
  const instance = definition.create(resolveParams(definition, params), runtime);
  try {
    const report = await instance.train(queries);
    return { samples: report.samples, perSecond: report.samplesPerSecond };
  } finally {
    instance.dispose();
  }
}

async function main(): Promise<void> {
  const session = await openAlgorithmSession({ dataset, seed: 42, timeoutMs: 30_000, concurrency: 2, quiet: true });
  try {
    const { runtime } = session;
    const train = loadWorkloadQueries(session.entry, 'train', runtime.parser).queries;
    const test = loadWorkloadQueries(session.entry, 'test', runtime.parser).queries;

    // The session is quiet: no progress bar, no log.
    const collected = await collectSessionCardinalities(session, train.slice(0, mscnQueries));
    const s = collected.stats;
    console.log(`collection on ${s.queries} training queries: ${s.subplans.toLocaleString('en-US')} sub-plans, ${s.distinct.toLocaleString('en-US')} distinct -> dedup ratio ${s.dedupRatio.toFixed(2)} (${s.executed} counted now, ${s.fromOracle} from the generator's oracle, ${s.cached} cached, ${s.timedOut} timed out)`);

    console.log('\ntraining throughput (samples/s as the fit loop measures it; MSCN at default size, 3 epochs; Lero 3 epochs):');
    console.log('backend      MSCN samples/s   Lero pairs/s');
    let mscnRuntime: AlgorithmRuntime | undefined;
    for (const backend of backends) {
      let tf;
      try {
        tf = await loadTfRuntime({ backend });
      } catch (error) {
        console.log(`${backend.padEnd(12)} unavailable: ${(error as Error).message.split('\n')[0]}`);
        continue;
      }
      const withBackend: AlgorithmRuntime = { ...runtime, tf };
      const m = await trainingThroughput(mscn, { epochs: 3, patience: 100 }, withBackend, train.slice(0, mscnQueries));
      const l = await trainingThroughput(lero, { epochs: 3, patience: 100, maxTrainQueries: leroQueries }, withBackend, train);
      console.log(`${tf.backend.padEnd(12)} ${Math.round(m.perSecond).toLocaleString('en-US').padStart(14)}   ${Math.round(l.perSecond).toLocaleString('en-US').padStart(12)}   (${m.samples} sub-plans, ${l.samples} pairs; ${tf.detail})`);
      if (tf.backend === 'wasm' || mscnRuntime === undefined) mscnRuntime = withBackend;
    }
    if (mscnRuntime === undefined) return;

    const model = mscn.create(resolveParams(mscn, { epochs: 10 }), mscnRuntime);
    try {
      await model.train(train.slice(0, mscnQueries));
      const six = test.filter((q) => q.graph.relations.length === 6);
      const decide: number[] = [];
      const planWith: number[] = [];
      const planWithout: number[] = [];
      let subplans = 0;
      for (const query of six) {
        for (let i = 0; i < runs; i++) {
          const decision = await model.plan(query);
          decide.push(decision.inferenceMs);
          subplans = Object.keys(decision.push.cards ?? {}).length;
          const injected = await runtime.interactor.execute(query.sql, { push: decision.push, pull: ['cost'] });
          const plain = await runtime.interactor.execute(query.sql, { pull: ['cost'] });
          if (injected.status === 'ok' && injected.planningTimeMs !== undefined) planWith.push(injected.planningTimeMs);
          if (plain.status === 'ok' && plain.planningTimeMs !== undefined) planWithout.push(plain.planningTimeMs);
        }
      }
      console.log(`\nMSCN inference on ${six.length} 6-table test queries (${subplans} sub-plans each, ${runs} runs, backend ${mscnRuntime.tf.backend}):`);
      console.log(`  featurize + predict: median ${median(decide).toFixed(2)} ms, p90 ${quantile(decide, 0.9).toFixed(2)} ms`);
      console.log(`  PostgreSQL planning with the estimates injected: median ${median(planWith).toFixed(2)} ms (without: ${median(planWithout).toFixed(2)} ms)`);
      console.log(`  featurize + predict + inject: median ${(median(decide) + median(planWith) - median(planWithout)).toFixed(2)} ms (target < 5 ms)`);
    } finally {
      model.dispose();
    }
  } finally {
    await session.close();
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

await main();
