import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAlgorithm } from '../../../algorithms/registry.js';
import { openAlgorithmSession } from '../../../src/cli/commands/algo/algorithm-session.js';
import { trainAndSave } from '../../../src/cli/commands/algo/run-algo-train.js';
import { ExperimentScheduler } from '../../../src/experiment/scheduler/experiment-scheduler.js';
import type { ExperimentSpec } from '../../../src/experiment/spec/experiment-spec.js';
import { ResultsStore, type RunEnvironment, type TrialRecord } from '../../../src/results/index.js';
import { createTestHome, type TestHome } from '../dataset/dataset-test-home.js';
import { runCli } from '../dataset/run-cli.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface OutcomeJson {
  run: { id: string; status: string; kind: string; dataset: string; trainDataset: string; environment: Record<string, unknown> };
  queries: number;
  resumed: boolean;
  best: TrialRecord | null;
  trials: { key: string; label: string; algorithm: string; status: string; objective: number | null; totals: { ratio: number; reference: string; qerror: { median: number } | null; queries: number } | null }[];
  files: string[];
}

/**
 * `pilot test`, `pilot sweep` and `pilot run` end to end on a home of their own: two small
 * built-in datasets (same schema, different seeds) and the hand-written example (another schema).
 */
describe('experiments: pilot test / sweep / run (CLI, end to end)', function () {
  this.timeout(900_000);
  let t: TestHome;
  let results: string;
  const pilot = (...argv: string[]) => runCli(['--home', t.home, '--quiet', ...argv]);
  const store = () => ResultsStore.open(join(results, 'pilot.sqlite'));
  const tiny = ['--train-limit', '40', '--limit', '6', '--workload', 'fast', '--repetitions', '1', '--warmups', '0', '--results'];

  before(async () => {
    t = await createTestHome();
    results = join(t.home, 'results');
    for (const [name, seed] of [['builtin-small', '5'], ['other-small', '9']] as const) {
      const generated = await pilot('dataset', 'generate', '--scale', 'small', '--seed', seed, '--name', name);
      assert.equal(generated.code, 0, generated.stderr);
    }
    const example = await pilot('dataset', 'load', 'example');
    assert.equal(example.code, 0, example.stderr);
  });
  after(async () => {
    await t?.close();
  });

  it('pilot test --compare trains on one dataset, times another, and prints the comparison with q-error', async () => {
    const r = await pilot('test', '--algo', 'baseline', 'mscn', '--db', 'other-small', '--train-db', 'builtin-small', '--compare', '--param', 'mscn.epochs=3', '--param', 'mscn.sampleSize=100', ...tiny, results, '--json');
    assert.equal(r.code, 0, r.stderr);
    const outcome = JSON.parse(r.stdout) as OutcomeJson;
    assert.equal(outcome.run.status, 'finished');
    assert.equal(outcome.run.dataset, 'other-small');
    assert.equal(outcome.run.trainDataset, 'builtin-small');
    assert.equal(outcome.queries, 6);
    assert.deepEqual(outcome.trials.map((x) => x.algorithm), ['baseline', 'mscn']);
    for (const trial of outcome.trials) {
      assert.equal(trial.status, 'finished');
      assert.equal(trial.totals?.queries, 6);
      assert.equal(trial.totals?.reference, 'baseline');
      assert.ok(trial.totals?.qerror !== null && trial.totals!.qerror.median >= 1, `${trial.label} has sub-plan q-errors`);
    }
    assert.ok(typeof outcome.run.environment['postgres'] === 'string' && typeof outcome.run.environment['tfBackend'] === 'string');
    // The model was trained on builtin-small and registered there.
    const s = store();
    try {
      const models = s.listModels({ algorithm: 'mscn' });
      assert.equal(models.length, 1);
      assert.equal(models[0]?.dataset, 'builtin-small');
      // Reuse is decided on what the model was given (not on what the algorithm reports using: Lero uses at most maxTrainQueries).
      assert.deepEqual(models[0]?.report['training'], { workloadQueries: 40, seed: 42 });
      const measurements = s.runs.listMeasurements(outcome.run.id);
      assert.equal(measurements.length, 12, 'one measurement per query and trial');
      for (const m of measurements) {
        assert.equal(m.status, 'ok');
        assert.ok(m.executionMs! > 0 && m.planSignature !== null && m.plan !== null, 'the wall instrument still records the plan');
      }
    } finally {
      s.close();
    }
    // The same models timed with the other instrument: the model is reused instead of trained again.
    const again = await pilot('test', '--algo', 'baseline', 'mscn', '--db', 'other-small', '--train-db', 'builtin-small', '--compare', '--param', 'mscn.epochs=3', '--param', 'mscn.sampleSize=100', '--instrument', 'explain-analyze', ...tiny, results);
    assert.equal(again.code, 0, again.stderr);
    // '*' marks the best trial, which either may be on six millisecond queries.
    assert.match(again.stdout, /^\*?baseline\s+finished/m);
    assert.match(again.stdout, /^\*?mscn epochs=3 sampleSize=100\s+finished/m);
    assert.match(again.stdout, /q-error/);
    const s2 = store();
    try {
      assert.equal(s2.listModels({ algorithm: 'mscn' }).length, 1, 'no second model');
    } finally {
      s2.close();
    }
  });

  it('pilot test refuses a training dataset whose schema does not match, before training', async () => {
    const r = await pilot('test', '--algo', 'baseline', 'mscn', '--db', 'builtin-small', '--train-db', 'example', '--compare', ...tiny, results);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ALGO_SCHEMA_MISMATCH: models trained on "example" cannot run on "builtin-small"/);
    assert.match(r.stderr, /table "\w+" is missing/);
  });

  it('pilot sweep refuses a setting the server does not have, before anything runs', async () => {
    const r = await pilot('sweep', '--algo', 'baseline', '--db', 'builtin-small', '--param', 'db.pg_strom.enabled', 'on', 'off', ...tiny, results);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /EXPERIMENT_UNKNOWN_SETTING: the database has no setting db\.pg_strom\.enabled/);
    assert.match(r.stderr, /extension/);
    const bad = await pilot('sweep', '--algo', 'baseline', '--db', 'builtin-small', '--param', 'db.work_mem', '4MB', 'lots', ...tiny, results);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /EXPERIMENT_BAD_SETTING: db\.work_mem = "lots" is refused/);
  });

  it('a sweep killed mid-way is finished by --resume without rerunning finished trials', async () => {
    // 20 test queries per trial, so the last trials are still running when the first two are done.
    const sweep = ['sweep', '--algo', 'mscn', '--db', 'builtin-small', '--param', 'epochs', '1', '2', '3', '--param', 'sampleSize', '50', '--param', 'db.work_mem', '8MB'];
    // Two models train at once, in child processes (bin/pilot.js algo train).
    sweep.push('--train-limit', '40', '--workload', 'test', '--limit', '20', '--repetitions', '1', '--warmups', '0', '--train-jobs', '2', '--results', results);
    // A separate process, killed with SIGKILL (a crash: nothing gets to clean up) once three trials finished.
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pilot.js'), '--home', t.home, '--quiet', ...sweep], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let finishedBefore: TrialRecord[] = [];
    let runId = '';
    for (let i = 0; i < 6000 && finishedBefore.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!existsSync(join(results, 'pilot.sqlite'))) continue;
      const s = store();
      try {
        const run = s.runs.listRuns({ kind: 'sweep' })[0];
        if (run !== undefined) {
          runId = run.id;
          finishedBefore = s.runs.listTrials(run.id).filter((x) => x.status === 'finished');
        }
      } finally {
        s.close();
      }
    }
    child.kill('SIGKILL');
    await exited;
    assert.ok(finishedBefore.length >= 3, 'three trials (the baselines and an MSCN one) finished before the kill');
    const s = store();
    let before: TrialRecord[];
    let measuredBefore: Map<string, string>;
    try {
      before = s.runs.listTrials(runId);
      assert.equal(s.runs.getRun(runId)?.status, 'running', 'a killed run is left unfinished');
      assert.ok(before.some((x) => x.status !== 'finished'), 'the sweep was killed before its end');
      measuredBefore = new Map(s.runs.listMeasurements(runId).map((m) => [`${m.trialKey} ${m.queryId}`, m.measuredAt]));
    } finally {
      s.close();
    }

    const resumed = await pilot(...sweep, '--resume', '--json');
    assert.equal(resumed.code, 0, resumed.stderr);
    const outcome = JSON.parse(resumed.stdout) as OutcomeJson;
    assert.equal(outcome.run.id, runId, 'the same run continues');
    assert.equal(outcome.resumed, true);
    assert.equal(outcome.trials.length, 5, 'baselines under the server settings and under work_mem=8MB, and three MSCN trials');
    assert.ok(outcome.trials.every((x) => x.status === 'finished'));
    const s2 = store();
    try {
      const after = new Map(s2.runs.listTrials(runId).map((x) => [x.key, x]));
      for (const trial of before.filter((x) => x.status === 'finished')) {
        assert.equal(after.get(trial.key)?.finishedAt, trial.finishedAt, `${trial.label} was not rerun`);
      }
      for (const m of s2.runs.listMeasurements(runId)) {
        const earlier = measuredBefore.get(`${m.trialKey} ${m.queryId}`);
        if (earlier !== undefined) assert.equal(m.measuredAt, earlier, `${m.queryId} of a finished query was not measured again`);
      }
      assert.equal(s2.runs.listMeasurements(runId).length, 5 * 20);
      const models = s2.listModels({ algorithm: 'mscn', dataset: 'builtin-small' }).filter((m) => m.params['sampleSize'] === 50);
      assert.equal(models.length, 3, 'each trial trained once (in a child process), none again on resume');
    } finally {
      s2.close();
    }
    // The best configuration is printed and saved with every trial.
    const file = join(results, 'sweep_mscn_builtin-small.json');
    assert.ok(outcome.files.includes(file));
    const saved = JSON.parse(readFileSync(file, 'utf8')) as OutcomeJson;
    const objectives = saved.trials.map((x) => x.objective as number);
    assert.equal(saved.best?.objective, Math.min(...objectives), 'the best is the lowest objective, baselines included');
    assert.equal(saved.trials.length, 5);
    assert.ok(saved.trials.filter((x) => x.algorithm === 'mscn').every((x) => x.objective !== null && x.objective > 0));
    const nothingLeft = await pilot(...sweep, '--resume');
    assert.equal(nothingLeft.code, 2);
    assert.match(nothingLeft.stderr, /EXPERIMENT_NOTHING_TO_RESUME/);
  });

  it('the scheduler fires its events in order, and updates models every N queries on those queries only', async () => {
    const session = await openAlgorithmSession({ home: t.home, dataset: 'builtin-small', seed: 1, timeoutMs: 10000, concurrency: 2, quiet: true, results: join(t.home, 'events-results') });
    try {
      const spec: ExperimentSpec = {
        kind: 'test',
        name: 'events',
        dataset: 'builtin-small',
        trainDataset: 'builtin-small',
        workload: { name: 'fast', limit: 7 },
        trainLimit: 30,
        algorithms: [{ name: 'mscn', params: { epochs: [2], sampleSize: [50], hiddenUnits: [16] } }],
        db: {},
        baseline: true,
        objective: 'time',
        measurement: { repetitions: 1, warmups: 0, timeoutMs: 10000, instrument: 'wall' },
        order: 'query-major',
        updateEvery: 3,
        trainJobs: 1,
        retrain: false,
        seed: 1,
      };
      const definitions = new Map(await Promise.all(['baseline', 'mscn'].map(async (n) => [n, await findAlgorithm(n)] as const)));
      const environment = { tfBackend: session.runtime.tf.backend } as unknown as RunEnvironment;
      const scheduler = new ExperimentScheduler(spec, {
        session,
        trainSession: session,
        definitions,
        trainer: (request, target) => trainAndSave(request.definition, request.params, target, { out: request.out, id: request.id, ...(request.limit !== null ? { limit: request.limit } : {}) }),
        resume: false,
        environment: async () => environment,
      });
      const seen: string[] = [];
      const updates: { label: string; queries: number; samples: number }[] = [];
      scheduler.events.on('beforeWorkload', ({ trials, queries }) => void seen.push(`before ${trials.length} trials ${queries} queries`));
      scheduler.events.on('pretraining', ({ trial, outcome }) => void seen.push(`pretraining ${trial.algorithm} ${outcome}`));
      scheduler.events.on('queryFinished', ({ trial, measurement }) => void seen.push(`query ${trial.algorithm} ${measurement.queryId}`));
      scheduler.events.on('modelUpdate', ({ trial, queries, report }) => {
        seen.push(`update ${trial.algorithm}`);
        updates.push({ label: trial.label, queries, samples: report.samples });
      });
      scheduler.events.on('trialFinished', ({ trial }) => void seen.push(`finished ${trial.algorithm}`));
      scheduler.events.on('afterWorkload', ({ run }) => void seen.push(`after ${run.status}`));
      const outcome = await scheduler.run();
      assert.equal(seen[0], 'before 2 trials 7 queries');
      assert.deepEqual(seen.slice(1, 3), ['pretraining baseline none-needed', 'pretraining mscn trained']);
      // Query-major: both trials on fast#1 before fast#2; an update after every third query of each trial that has update().
      assert.deepEqual(seen.slice(3, 6), ['query baseline fast#1', 'query mscn fast#1', 'query baseline fast#2']);
      assert.equal(seen.filter((e) => e === 'update mscn').length, 2, '7 queries, an update every 3: two updates');
      assert.equal(seen.filter((e) => e.startsWith('update baseline')).length, 0, 'the baseline has nothing to update');
      assert.ok(seen.indexOf('update mscn') > seen.indexOf('query mscn fast#3') && seen.indexOf('update mscn') < seen.indexOf('query mscn fast#4'));
      assert.deepEqual(updates.map((u) => u.queries), [3, 3]);
      assert.ok(updates.every((u) => u.samples > 0));
      assert.deepEqual(seen.slice(-3), ['finished baseline', 'finished mscn', 'after finished']);
      const mscn = outcome.trials.find((x) => x.algorithm === 'mscn');
      assert.match(mscn?.modelDir ?? '', /update-2$/, 'the updated model is saved, so a resume continues with it');
    } finally {
      await session.close();
    }
  });

  it('pilot run refuses an invalid config with JSON paths before touching any database', async () => {
    const file = join(t.home, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', dataset: 'builtin-small', algorithms: [{ name: 'mscn', params: { epochs: [5, 'many'] } }, 'nosuch'] }));
    const fresh = join(t.home, 'fresh-results');
    const r = await pilot('run', file, '--results', fresh);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /EXPERIMENT_CONFIG_INVALID/);
    assert.match(r.stderr, /\/algorithms\/0\/params\/epochs\/1/);
    assert.match(r.stderr, /\/algorithms\/1[^\n]*nosuch/);
    assert.equal(existsSync(fresh), false, 'no results store was created');
  });

  it('pilot run experiments/ci-smoke.json completes every trial', async () => {
    const r = await pilot('run', join(ROOT, 'experiments', 'ci-smoke.json'), '--results', results, '--json');
    assert.equal(r.code, 0, r.stderr);
    const outcome = JSON.parse(r.stdout) as OutcomeJson;
    assert.equal(outcome.run.kind, 'experiment');
    assert.equal(outcome.run.status, 'finished');
    assert.ok(outcome.trials.length >= 2);
    for (const trial of outcome.trials) {
      assert.equal(trial.status, 'finished', `${trial.label} completed`);
      assert.equal(trial.totals?.queries, outcome.queries);
      assert.ok(trial.objective !== null && trial.objective > 0);
    }
    assert.ok(outcome.best !== null);
    const runFile = outcome.files.find((f) => f.includes(outcome.run.id));
    assert.ok(runFile !== undefined && existsSync(runFile));
  });
});
