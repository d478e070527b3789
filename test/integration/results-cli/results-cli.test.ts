import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../src/cli/main.js';
import { MEASUREMENT_CSV_COLUMNS } from '../../../src/cli/commands/results/measurements-csv.js';
import { ResultsStore, type QueryMeasurement, type RunDocument, type RunEnvironment } from '../../../src/results/index.js';

/** Runs `pilot <args>` in this process with stdout/stderr captured. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((err += String(s)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
    process.exitCode = undefined;
  }
}

/** An RFC 4180 reader written for the test (a state machine, not the exporter's code). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      assert.equal(field, '', `a quote inside an unquoted field at offset ${i}`);
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      assert.ok(c !== '\n' && c !== '\r', `a bare line break outside quotes at offset ${i}`);
      field += c;
    }
  }
  assert.equal(quoted, false, 'an unterminated quoted field');
  assert.deepEqual(record, [], 'the last record ends with CRLF');
  assert.equal(field, '');
  return records;
}

const ENV: RunEnvironment = {
  pilot: '0.1.0',
  node: 'v20.20.2',
  platform: 'linux 6.8.0 x64',
  cpus: 2,
  cpuModel: 'Test CPU @ 2.0GHz',
  host: 'bench-1',
  postgres: 'PostgreSQL 15.8 on x86_64-pc-linux-gnu',
  pgPilot: '1.0',
  pgStrom: null,
  tfBackend: 'wasm',
  tfDetail: 'wasm (simd)',
  gpu: null,
};

/** SQL that needs every kind of CSV quoting: commas, double quotes, a newline. */
const TRICKY_SQL = `SELECT COUNT(*) FROM users AS u, posts AS p\n WHERE u.id = p.owneruserid AND p.title = 'say "hi", then go'`;

/** Only line breaks (CRLF, a lone LF): quoted although it has no comma nor quote. */
const LINE_BREAK_SQL = 'SELECT COUNT(*)\r\n  FROM users AS u\n WHERE u.id > 3';

function measured(runId: string, trialKey: string, queryId: string, seq: number, extra: Partial<QueryMeasurement> = {}): QueryMeasurement {
  return {
    runId,
    trialKey,
    queryId,
    seq,
    sql: `SELECT COUNT(*) FROM users AS u WHERE u.reputation > ${seq}`,
    status: 'ok',
    executionMs: 100 + seq,
    runsMs: [100 + seq, 101.5 + seq, 99 + seq],
    planningMs: 0.25,
    inferenceMs: 1.5,
    planSignature: 'Aggregate(Hash Join(Seq Scan users, Seq Scan posts))',
    plan: { 'Node Type': 'Aggregate' },
    injected: null,
    subplanRows: null,
    error: null,
    measuredAt: '2024-05-01T10:05:00.000Z',
    ...extra,
  };
}

/** Two runs: a finished test (its summary names the best trial) and a newer sweep still running. */
function populate(file: string): void {
  const store = ResultsStore.open(file);
  try {
    const runs = store.runs;
    runs.createRun({
      id: 'test-20240501-100000',
      kind: 'test',
      name: 'baseline vs mscn vs lero',
      dataset: 'builtin',
      trainDataset: 'builtin',
      config: { workload: { name: 'fast', limit: 3 }, objective: 'time' },
      configHash: 'hash-test',
      environment: ENV,
      startedAt: '2024-05-01T10:00:00.000Z',
    });
    const trials = [
      { key: 'k-base', label: 'baseline', algorithm: 'baseline', params: {}, objective: 309, totals: { totalMs: 309, ratio: 1, regressions: 0 } },
      { key: 'k-mscn', label: 'mscn epochs=50', algorithm: 'mscn', params: { epochs: 50, hidden: [64, 64] }, objective: 250.5, totals: { totalMs: 250.5, ratio: 0.8107, regressions: 1 } },
    ];
    for (const [index, t] of trials.entries()) {
      runs.ensureTrial({ runId: 'test-20240501-100000', key: t.key, index, label: t.label, algorithm: t.algorithm, params: t.params, dbSettings: { work_mem: '4MB' } });
    }
    runs.ensureTrial({ runId: 'test-20240501-100000', key: 'k-lero', index: 2, label: 'lero', algorithm: 'lero', params: { factors: [0.1, 10] }, dbSettings: {} });
    for (const seq of [1, 2, 3]) {
      for (const t of trials) {
        const extra: Partial<QueryMeasurement> =
          seq === 2
            ? { sql: TRICKY_SQL, planSignature: 'Aggregate(Nested Loop(Index Scan "users", Seq Scan posts))' }
            : seq === 3 && t.key === 'k-mscn'
              ? { status: 'timeout', executionMs: 30000, runsMs: [] }
              : seq === 3
                ? { sql: LINE_BREAK_SQL }
                : {};
        runs.putMeasurement(measured('test-20240501-100000', t.key, `fast.sql:${seq}`, seq, extra));
      }
    }
    runs.putMeasurement(measured('test-20240501-100000', 'k-lero', 'fast.sql:1', 1, { status: 'error', executionMs: null, runsMs: [], planningMs: null, planSignature: null, plan: null, error: 'ERROR: out of memory, "x"' }));
    for (const t of trials) runs.updateTrial('test-20240501-100000', t.key, { status: 'finished', objective: t.objective, totals: t.totals });
    runs.updateTrial('test-20240501-100000', 'k-lero', { status: 'failed', error: 'training diverged' });
    runs.setRunStatus('test-20240501-100000', 'finished', { best: { key: 'k-mscn', label: 'mscn epochs=50', objective: 250.5 } }, '2024-05-01T10:12:34.000Z');

    runs.createRun({
      id: 'sweep-20240502-090000',
      kind: 'sweep',
      name: 'mscn epochs',
      dataset: 'stats',
      trainDataset: 'builtin',
      config: { objective: 'qerror' },
      configHash: 'hash-sweep',
      environment: { ...ENV, gpu: '2 x NVIDIA H200', pgStrom: '5.2' },
      startedAt: '2024-05-02T09:00:00.000Z',
    });
    for (const [index, epochs] of [10, 20, 40].entries()) {
      runs.ensureTrial({ runId: 'sweep-20240502-090000', key: `e${epochs}`, index, label: `mscn epochs=${epochs}`, algorithm: 'mscn', params: { epochs }, dbSettings: {} });
    }
    runs.updateTrial('sweep-20240502-090000', 'e10', { status: 'finished', objective: 3.25 });
    runs.updateTrial('sweep-20240502-090000', 'e20', { status: 'finished', objective: 2.5 });
    // A better baseline does not win while a learned trial finished (the scheduler's rule).
    runs.ensureTrial({ runId: 'sweep-20240502-090000', key: 'base', index: 3, label: 'baseline', algorithm: 'baseline', params: {}, dbSettings: {} });
    runs.updateTrial('sweep-20240502-090000', 'base', { status: 'finished', objective: 3.5 });

    runs.createRun({
      id: 'experiment-20240401-080000',
      kind: 'experiment',
      name: 'nightly',
      dataset: 'builtin',
      trainDataset: 'builtin',
      config: { objective: 'time' },
      configHash: 'hash-nightly',
      environment: ENV,
      startedAt: '2024-04-01T08:00:00.000Z',
    });
    runs.setRunStatus('experiment-20240401-080000', 'failed', { error: 'the server closed the connection' }, '2024-04-01T08:00:04.500Z');
  } finally {
    store.close();
  }
}

function documentOf(file: string, id: string): RunDocument {
  const store = ResultsStore.open(file);
  try {
    return store.runs.document(id);
  } finally {
    store.close();
  }
}

describe('pilot results (list, show, export) on a populated store', function () {
  this.timeout(30_000);
  let dir: string;
  let results: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pilot-results-cli-'));
    results = join(dir, 'results');
    file = join(results, 'pilot.sqlite');
    populate(file);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says "no runs yet" with a hint for an empty results directory, without creating a store', async () => {
    const empty = join(dir, 'empty');
    const r = await cli(['results', 'list', '--results', empty]);
    assert.equal(r.code, 0);
    assert.match(r.out, /^no runs yet in .*empty\/pilot\.sqlite\n {2}hint: .*pilot test/);
    assert.equal(existsSync(empty), false);
    const shown = await cli(['results', 'show', 'latest', '--results', empty]);
    assert.equal(shown.code, 2);
    assert.match(shown.err, /error RESULTS_RUN_NOT_FOUND: .*no runs yet/);
    assert.match(shown.err, /hint: .*pilot test/);
  });

  it('lists runs newest first with trials and the best trial (from the summary, else the lowest objective)', async () => {
    const r = await cli(['results', 'list', '--results', results]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^id\s+kind\s+name\s+dataset\s+train dataset\s+status\s+started \(UTC\)\s+trials\s+best\s+objective$/);
    assert.equal(lines.length, 4);
    assert.match(lines[1]!, /^sweep-20240502-090000\s+sweep\s+mscn epochs\s+stats\s+builtin\s+running\s+2024-05-02 09:00:00\s+4\s+mscn epochs=20\s+2\.5$/);
    assert.match(lines[2]!, /^test-20240501-100000\s+test\s+baseline vs mscn vs lero\s+builtin\s+builtin\s+finished\s+2024-05-01 10:00:00\s+3\s+mscn epochs=50\s+0\.251 s$/);
    assert.match(lines[3]!, /^experiment-20240401-080000\s+experiment\s+nightly\s+builtin\s+builtin\s+failed\s+2024-04-01 08:00:00\s+0\s+-\s+-$/);
  });

  it('filters by kind and dataset, and says so when nothing matches', async () => {
    const sweeps = await cli(['results', 'list', '--results', results, '--kind', 'sweep']);
    assert.match(sweeps.out, /sweep-20240502-090000/);
    assert.doesNotMatch(sweeps.out, /test-20240501/);
    const builtin = await cli(['results', 'list', '--results', results, '--dataset', 'builtin']);
    assert.match(builtin.out, /test-20240501-100000/);
    assert.doesNotMatch(builtin.out, /sweep-2024/);
    const none = await cli(['results', 'list', '--results', results, '--kind', 'sweep', '--dataset', 'builtin']);
    assert.equal(none.code, 0);
    assert.match(none.out, /^no runs match --kind sweep --dataset builtin in /);
    const bad = await cli(['results', 'list', '--results', results, '--kind', 'bench']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /USAGE/);
  });

  it('lists as JSON', async () => {
    const r = await cli(['results', 'list', '--results', results, '--json']);
    const runs = JSON.parse(r.out) as { id: string; trials: number; best: { key: string; label: string; objective: number } | null }[];
    assert.deepEqual(runs.map((x) => x.id), ['sweep-20240502-090000', 'test-20240501-100000', 'experiment-20240401-080000']);
    assert.deepEqual(runs[0]!.best, { key: 'e20', label: 'mscn epochs=20', objective: 2.5 });
    assert.deepEqual(runs[1]!.best, { key: 'k-mscn', label: 'mscn epochs=50', objective: 250.5 });
    assert.equal(runs[1]!.trials, 3);
    assert.equal(runs[2]!.best, null);
  });

  it('reads $PILOT_RESULTS when --results is not given', async () => {
    const saved = process.env.PILOT_RESULTS;
    process.env.PILOT_RESULTS = results;
    try {
      const r = await cli(['results', 'list', '--json']);
      assert.equal((JSON.parse(r.out) as unknown[]).length, 3);
    } finally {
      if (saved === undefined) delete process.env.PILOT_RESULTS;
      else process.env.PILOT_RESULTS = saved;
    }
  });

  it('shows a run: header, environment, one line per trial with the best marked, trial errors', async () => {
    const r = await cli(['results', 'show', 'test-20240501-100000', '--results', results]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^run\s+test-20240501-100000$/m);
    assert.match(r.out, /^status\s+finished$/m);
    assert.match(r.out, /^finished\s+2024-05-01 10:12:34 UTC \(12m 34s\)$/m);
    assert.match(r.out, /^objective\s+time$/m);
    assert.match(r.out, /^best\s+mscn epochs=50 \(objective 0\.251 s\)$/m);
    assert.match(r.out, /^ {2}postgres\s+PostgreSQL 15\.8 on x86_64-pc-linux-gnu$/m);
    assert.match(r.out, /^ {2}cpu\s+2 x Test CPU @ 2\.0GHz$/m);
    assert.match(r.out, /^ {2}tfjs\s+wasm \(wasm \(simd\)\)$/m);
    assert.match(r.out, /^ {2}pg_strom\s+absent$/m);
    assert.match(r.out, /^ {2}gpu\s+none$/m);
    const table = r.out.split('\n').filter((l) => /^\s*\*?\s+\d+\s/.test(l));
    assert.equal(table.length, 3);
    assert.match(table[0]!, /^\s+0\s+baseline\s+finished\s+3\s+0\s+0\s+0\.309\s+1\s+0\s+0\.309 s$/);
    assert.match(table[1]!, /^\*\s+1\s+mscn epochs=50\s+finished\s+3\s+1\s+0\s+0\.251\s+0\.8107\s+1\s+0\.251 s$/);
    assert.match(table[2]!, /^\s+2\s+lero\s+failed\s+1\s+0\s+1\s+0\.000\s+-\s+-\s+-$/);
    assert.match(r.out, /^trial 2 \(lero\): training diverged$/m);
  });

  it('shows "latest" (the newest run), resolves a unique id prefix, marks the lowest objective without a summary', async () => {
    const r = await cli(['results', 'show', 'latest', '--results', results]);
    assert.match(r.out, /^run\s+sweep-20240502-090000$/m);
    assert.match(r.out, /^dataset\s+stats \(models trained on builtin\)$/m);
    assert.match(r.out, /^ {2}gpu\s+2 x NVIDIA H200$/m);
    assert.match(r.out, /^\*\s+1\s+mscn epochs=20\s/m);
    assert.match(r.out, /^\s+2\s+mscn epochs=40\s+pending\s+0\s+0\s+0\s+-\s/m);
    assert.match(r.out, /^\s+3\s+baseline\s+finished\s+0\s+0\s+0\s+-\s+-\s+-\s+3\.5$/m);
    assert.match(r.out, /^best\s+mscn epochs=20 \(objective 2\.5\)$/m);
    const prefixed = await cli(['results', 'show', 'sweep-', '--results', results, '--json']);
    const shown = JSON.parse(prefixed.out) as { run: { id: string }; best: { key: string }; trials: { key: string; best: boolean; measured: number }[] };
    assert.equal(shown.run.id, 'sweep-20240502-090000');
    assert.equal(shown.best.key, 'e20');
    assert.deepEqual(shown.trials.map((t) => [t.key, t.best]), [['e10', false], ['e20', true], ['e40', false], ['base', false]]);
  });

  it('shows why a run failed, and a run without trials', async () => {
    const r = await cli(['results', 'show', 'experiment-', '--results', results]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^status\s+failed$/m);
    assert.match(r.out, /^finished\s+2024-04-01 08:00:04 UTC \(4\.5s\)$/m);
    assert.match(r.out, /^error\s+the server closed the connection$/m);
    assert.match(r.out, /^no trials yet$/m);
  });

  it('answers an unknown or ambiguous run with exit 2, the code and a hint', async () => {
    const unknown = await cli(['results', 'show', 'nope', '--results', results]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /error RESULTS_RUN_NOT_FOUND: no run "nope" in the results store .*pilot\.sqlite/);
    assert.match(unknown.err, /hint: .*pilot results list/);
    const exported = await cli(['results', 'export', 'nope', '--results', results]);
    assert.equal(exported.code, 2);
    assert.match(exported.err, /RESULTS_RUN_NOT_FOUND/);
    assert.equal(exported.out, '');
    const ambiguous = await cli(['results', 'show', 's', '--results', results]);
    assert.equal(ambiguous.code, 0, 'a single run starts with "s"');
    const both = await cli(['results', 'show', '', '--results', results]);
    assert.equal(both.code, 2);
    assert.match(both.err, /RESULTS_RUN_AMBIGUOUS/);
  });

  it('exports the RunDocument as JSON on standard output', async () => {
    const r = await cli(['results', 'export', 'test-20240501-100000', '--results', results]);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as RunDocument;
    assert.deepEqual(doc, JSON.parse(JSON.stringify(documentOf(file, 'test-20240501-100000'))));
    assert.equal(doc.measurements.length, 7);
    assert.equal(doc.trials.length, 3);
    assert.equal(doc.run.environment.postgres, ENV.postgres);
  });

  it('exports one RFC 4180 CSV row per measurement, quoting SQL with commas, quotes and newlines', async () => {
    const out = join(dir, 'exports', 'run.csv');
    const r = await cli(['results', 'export', 'test-20240501-100000', '--results', results, '--format', 'csv', '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^wrote run test-20240501-100000: 3 trials, 7 query measurements as csv to .*run\.csv\n$/);
    const text = readFileSync(out, 'utf8');
    const [header, ...rows] = parseCsv(text);
    assert.deepEqual(header, [...MEASUREMENT_CSV_COLUMNS]);
    assert.deepEqual(header!.slice(0, 14), [
      'run_id', 'trial_key', 'trial_label', 'algorithm', 'params', 'db_settings', 'query_id', 'seq', 'status', 'execution_ms', 'planning_ms', 'inference_ms', 'runs_ms', 'plan_signature',
    ]);
    const doc = documentOf(file, 'test-20240501-100000');
    assert.equal(rows.length, doc.measurements.length);
    const col = (row: string[], name: string) => row[(header as string[]).indexOf(name)]!;
    // Workload order, and grid order within a query (the store itself sorts by trial key).
    const gridIndex = new Map(doc.trials.map((t) => [t.key, t.index]));
    const expected = [...doc.measurements].sort((a, b) => a.seq - b.seq || gridIndex.get(a.trialKey)! - gridIndex.get(b.trialKey)!);
    assert.notDeepEqual(expected, doc.measurements, 'the fixture tells grid order from key order');
    for (const [i, m] of expected.entries()) {
      const row = rows[i]!;
      assert.equal(row.length, header!.length);
      const trial = doc.trials.find((t) => t.key === m.trialKey)!;
      assert.equal(col(row, 'run_id'), m.runId);
      assert.equal(col(row, 'trial_key'), m.trialKey);
      assert.equal(col(row, 'trial_label'), trial.label);
      assert.equal(col(row, 'algorithm'), trial.algorithm);
      assert.deepEqual(JSON.parse(col(row, 'params')), trial.params);
      assert.deepEqual(JSON.parse(col(row, 'db_settings')), trial.dbSettings);
      assert.equal(col(row, 'query_id'), m.queryId);
      assert.equal(Number(col(row, 'seq')), m.seq);
      assert.equal(col(row, 'status'), m.status);
      assert.equal(col(row, 'execution_ms'), m.executionMs === null ? '' : String(m.executionMs));
      assert.equal(col(row, 'planning_ms'), m.planningMs === null ? '' : String(m.planningMs));
      assert.equal(Number(col(row, 'inference_ms')), m.inferenceMs);
      assert.deepEqual(col(row, 'runs_ms') === '' ? [] : col(row, 'runs_ms').split(';').map(Number), m.runsMs);
      assert.equal(col(row, 'plan_signature'), m.planSignature ?? '');
      assert.equal(col(row, 'sql'), m.sql);
      assert.equal(col(row, 'error'), m.error ?? '');
    }
    // The tricky SQL came back intact, and was quoted in the file.
    assert.ok(rows.some((row) => col(row, 'sql') === TRICKY_SQL));
    assert.ok(text.includes(`"${TRICKY_SQL.replaceAll('"', '""')}"`));
    assert.ok(rows.some((row) => col(row, 'error') === 'ERROR: out of memory, "x"'));
    assert.ok(rows.some((row) => col(row, 'sql') === LINE_BREAK_SQL));
    assert.deepEqual(
      rows.map((row) => `${col(row, 'query_id')} ${col(row, 'trial_label')}`),
      ['fast.sql:1 baseline', 'fast.sql:1 mscn epochs=50', 'fast.sql:1 lero', 'fast.sql:2 baseline', 'fast.sql:2 mscn epochs=50', 'fast.sql:3 baseline', 'fast.sql:3 mscn epochs=50'],
    );
  });

  it('writes CSV to standard output without --out', async () => {
    const r = await cli(['results', 'export', 'latest', '--results', results, '--format', 'csv']);
    assert.equal(r.code, 0, r.err);
    const records = parseCsv(r.out);
    assert.equal(records.length, 1, 'only the header: the sweep measured nothing yet');
    assert.deepEqual(records[0], [...MEASUREMENT_CSV_COLUMNS]);
  });

  it('accepts the store file itself as --results', async () => {
    const r = await cli(['results', 'list', '--results', file, '--json']);
    assert.equal((JSON.parse(r.out) as unknown[]).length, 3);
  });
});
