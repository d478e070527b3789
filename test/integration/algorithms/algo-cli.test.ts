import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestHome, type TestHome } from '../dataset/dataset-test-home.js';
import { runCli } from '../dataset/run-cli.js';

/**
 * `pilot algo` end to end on a home of its own: generate the small built-in dataset, train MSCN
 * and Lero on a few queries, compare them with PostgreSQL on a few test queries.
 */
describe('pilot algo (CLI, end to end)', function () {
  this.timeout(600_000);
  let t: TestHome;
  let results: string;
  const pilot = (...argv: string[]) => runCli(['--home', t.home, '--quiet', ...argv]);
  const session = () => ['--dataset', 'algo_it', '--results', results];

  before(async () => {
    t = await createTestHome();
    results = join(t.home, 'results');
    const generated = await pilot('dataset', 'generate', '--scale', 'small', '--seed', '5', '--name', 'algo_it');
    assert.equal(generated.code, 0, generated.stderr);
  });
  after(async () => {
    await t?.close();
  });

  it('list shows every algorithm with its parameters and defaults', async () => {
    const r = await pilot('algo', 'list');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^baseline: /m);
    assert.match(r.stdout, /^mscn: [\s\S]*needs: trueCardinalities[\s\S]*sampleSize\s+integer[^\n]*1000/m);
    assert.match(r.stdout, /^lero: [\s\S]*factors\s+number\[\]\s+\[0\.01,0\.1,1,10,100\]/m);
    const json = JSON.parse((await pilot('algo', 'list', '--json')).stdout) as { name: string }[];
    assert.deepEqual(json.map((a) => a.name), ['baseline', 'mscn', 'lero']);
  });

  it('refuses bad parameters before touching the database', async () => {
    const r = await pilot('algo', 'train', 'mscn', ...session(), '--param', 'epochs=0', '--param', 'hiddenUnitz=3');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ALGO_BAD_PARAMS/);
    assert.match(r.stderr, /epochs: must be >= 1/);
    assert.match(r.stderr, /hiddenUnitz: is not a known field/);
    assert.equal(existsSync(join(results, 'pilot.sqlite')), false, 'nothing was opened');
  });

  it('compare without a trained model says how to get one', async () => {
    const r = await pilot('algo', 'compare', ...session(), '--algorithms', 'baseline', 'mscn', '--limit', '2');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ALGO_MODEL_MISSING[^\n]*no mscn model trained on dataset "algo_it"/);
    assert.match(r.stderr, /pilot algo train mscn --dataset algo_it/);
  });

  it('trains MSCN and Lero, saves and registers the models, then compares them with PostgreSQL', async () => {
    const m = await pilot('algo', 'train', 'mscn', ...session(), '--limit', '25', '--param', 'epochs=3', '--param', 'hiddenUnits=32', '--param', 'sampleSize=100', '--json');
    assert.equal(m.code, 0, m.stderr);
    const mscnRun = JSON.parse(m.stdout) as { model: string; report: { algorithm: string; backend: string; samples: number } };
    assert.equal(mscnRun.report.algorithm, 'mscn');
    assert.ok(['wasm', 'cpu', 'tfjs-node', 'tfjs-node-gpu', 'webgpu'].includes(mscnRun.report.backend));
    assert.ok(mscnRun.report.samples > 25, 'one sample per sub-plan, more than one per query');
    const saved = JSON.parse(readFileSync(join(mscnRun.model, 'params.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(JSON.stringify(saved).includes('"hiddenUnits":32'), true, 'the exact parameters are saved with the model');

    const l = await pilot('algo', 'train', 'lero', ...session(), '--param', 'maxTrainQueries=4', '--param', 'epochs=2', '--json');
    assert.equal(l.code, 0, l.stderr);
    const leroRun = JSON.parse(l.stdout) as { model: string; report: { algorithm: string } };
    assert.equal(leroRun.report.algorithm, 'lero');
    assert.ok(existsSync(leroRun.model));

    const c = await pilot('algo', 'compare', ...session(), '--limit', '4', '--repetitions', '1', '--warmups', '0', '--json');
    assert.equal(c.code, 0, c.stderr);
    const result = JSON.parse(c.stdout) as {
      file: string;
      backend: string;
      reference: string;
      totals: { label: string; totalMs: number; ratio: number }[];
      queries: { id: string; runs: Record<string, { status: string; executionMs: number; planSignature: string | null }> }[];
      qerror: { overall: Record<string, { count: number; median: number }>; subplans: number };
    };
    assert.equal(result.reference, 'baseline');
    assert.deepEqual(result.totals.map((x) => x.label), ['baseline', 'mscn', 'lero']);
    assert.equal(result.totals[0]!.ratio, 1);
    assert.equal(result.queries.length, 4);
    for (const q of result.queries) {
      for (const label of ['baseline', 'mscn', 'lero']) {
        const runOf = q.runs[label]!;
        assert.equal(runOf.status, 'ok', `${q.id} under ${label}`);
        assert.ok(runOf.executionMs >= 0 && runOf.planSignature !== null);
      }
    }
    assert.ok(result.totals.every((x) => x.totalMs > 0));
    assert.ok(result.qerror.subplans > 0);
    assert.ok(result.qerror.overall.mscn!.count > 0 && result.qerror.overall.postgres!.count > 0);
    assert.ok(existsSync(result.file), 'the comparison is saved under results/comparisons');
  });
});
