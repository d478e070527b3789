/**
 * MSCN's decide time (plan(): featurize + predict) on the 6-table test queries of a dataset, the
 * first time each is planned and repeated, with a breakdown, at the default network size. The
 * model is trained briefly (its weights do not change the work inference does) or loaded from --model; --save keeps it for a later run,
 * --estimates writes every test query's estimates to compare two versions of the code.
 *
 *   npx tsx algorithms/mscn/bench/inference.ts [--dataset builtin] [--model DIR | --save DIR]
 *     [--train-queries 200] [--runs 20] [--estimates FILE]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { enumerateSubplans } from '../../../src/sql/index.js';
import { median } from '../../../src/util/median.js';
import { openAlgorithmSession } from '../../../src/cli/commands/algo/algorithm-session.js';
import { loadWorkloadQueries } from '../../../src/experiment/workload-queries.js';
import { resolveParams } from '../../resolve-params.js';
import { FeaturizationWarnings } from '../featurization-warnings.js';
import { mscn, type MscnInstance } from '../index.js';
import type { MscnModel } from '../mscn-model.js';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'builtin' },
    model: { type: 'string' },
    save: { type: 'string' },
    'train-queries': { type: 'string', default: '200' },
    runs: { type: 'string', default: '20' },
    estimates: { type: 'string' },
  },
});
const runs = Number(args.runs);

const session = await openAlgorithmSession({ dataset: args.dataset, seed: 42, timeoutMs: 30_000, concurrency: 2, quiet: true });
try {
  const { runtime } = session;
  const test = loadWorkloadQueries(session.entry, 'test', runtime.parser).queries;
  let instance: MscnInstance;
  if (args.model !== undefined) instance = (await mscn.load(args.model, runtime)) as MscnInstance;
  else {
    instance = mscn.create(resolveParams(mscn, { epochs: 1, maxTrainQueries: Number(args['train-queries']) }), runtime) as MscnInstance;
    await instance.train(loadWorkloadQueries(session.entry, 'train', runtime.parser).queries);
    if (args.save !== undefined) await instance.save(args.save);
  }
  const model = (instance as unknown as { model: MscnModel }).model;
  try {
    const six = test.filter((q) => q.graph.relations.length === 6);
    // Warm-up on the 5-table queries, as a process that has planned a few queries is: the first
    // calls compile wasm kernels and JIT the JS. The 6-table queries' relations stay out of the
    // featurizer's cache (unless a 5-table query has the same filtered relation) until their first
    // decision below.
    for (const q of test.filter((x) => x.graph.relations.length === 5)) await instance.plan(q);
    const first: number[] = [];
    for (const q of six) first.push((await instance.plan(q)).inferenceMs);
    const decide: number[] = [];
    const featurize: number[] = [];
    const predict: number[] = [];
    let subplans = 0;
    for (let r = 0; r < runs; r++) {
      for (const q of six) {
        decide.push((await instance.plan(q)).inferenceMs);
        const t0 = performance.now();
        const list = enumerateSubplans(q.graph);
        const features = model.featurizer.featurizeQuery(q.graph, list, new FeaturizationWarnings());
        const t1 = performance.now();
        await model.estimateFeatures(features);
        const t2 = performance.now();
        featurize.push(t1 - t0);
        predict.push(t2 - t1);
        subplans += list.length;
      }
    }
    const per = subplans / (runs * six.length);
    console.log(`MSCN plan() on ${six.length} 6-table queries of ${args.dataset} (${per.toFixed(1)} sub-plans each on average), ${runs} runs, backend ${runtime.tf.backend}:`);
    console.log(`  first decision of each query (its relations not yet in the featurizer's cache): median ${median(first).toFixed(2)} ms, max ${Math.max(...first).toFixed(2)} ms`);
    console.log(`  decide (plan().inferenceMs), the ${runs} repeated runs: median ${median(decide).toFixed(2)} ms`);
    console.log(`  of which enumerate + featurize: median ${median(featurize).toFixed(2)} ms; pack + predict: median ${median(predict).toFixed(2)} ms`);
    if (args.estimates !== undefined) {
      const out: Record<string, Record<string, number>> = {};
      for (const q of test) out[q.id] = Object.fromEntries(await instance.estimateSubplans(q));
      await writeFile(args.estimates, JSON.stringify(out));
      console.log(`  estimates of ${test.length} test queries written to ${args.estimates}`);
    }
  } finally {
    instance.dispose();
  }
} finally {
  await session.close();
}
