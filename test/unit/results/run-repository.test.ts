import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  migrateStore,
  ResultsStore,
  STORE_MIGRATIONS,
  type QueryMeasurement,
  type RunEnvironment,
  type RunRecordInput,
  type TrialRecordInput,
} from '../../../src/results/index.js';
import { openSqlite } from '../../../src/results/sqlite-driver.js';
import { codeOf } from '../../helpers/error-code.js';

const ENV: RunEnvironment = {
  pilot: '0.1.0',
  node: 'v20.0.0',
  platform: 'linux 6.1 x64',
  cpus: 2,
  cpuModel: 'Test CPU',
  host: 'testhost',
  postgres: 'PostgreSQL 15.4',
  pgPilot: '1.0',
  pgStrom: null,
  tfBackend: 'cpu',
  tfDetail: 'cpu',
  gpu: null,
};

function runInput(id: string, extra: Partial<RunRecordInput> = {}): RunRecordInput {
  return {
    id,
    kind: 'test',
    name: `run ${id}`,
    dataset: 'builtin',
    trainDataset: 'builtin',
    config: { workload: 'fast', algorithms: ['baseline'] },
    configHash: 'hash-a',
    environment: ENV,
    startedAt: '2024-05-01T12:00:00.000Z',
    ...extra,
  };
}

function trialInput(runId: string, key: string, index: number, extra: Partial<TrialRecordInput> = {}): TrialRecordInput {
  return { runId, key, index, label: `mscn #${index}`, algorithm: 'mscn', params: { epochs: 10 * (index + 1) }, dbSettings: { work_mem: '4MB' }, ...extra };
}

function measurement(runId: string, trialKey: string, queryId: string, seq: number, extra: Partial<QueryMeasurement> = {}): QueryMeasurement {
  return {
    runId,
    trialKey,
    queryId,
    seq,
    sql: `SELECT COUNT(*) FROM users u WHERE u.id > ${seq}`,
    status: 'ok',
    executionMs: 10 + seq,
    runsMs: [10 + seq, 11 + seq, 12 + seq],
    planningMs: 0.5,
    inferenceMs: 1.25,
    planSignature: 'Aggregate(Seq Scan users)',
    plan: { 'Node Type': 'Aggregate' },
    injected: { u: 100 },
    subplanRows: null,
    error: null,
    measuredAt: '2024-05-01T12:01:00.000Z',
    ...extra,
  };
}

describe('results/RunRepository (store.runs)', () => {
  let dir: string;
  let store: ResultsStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pilot-runs-'));
    store = ResultsStore.open(join(dir, 'pilot.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a run in state running and reads it back with its JSON fields', () => {
    const created = store.runs.createRun(runInput('r1'));
    assert.deepEqual(created, { ...runInput('r1'), status: 'running', finishedAt: null, summary: null });
    assert.deepEqual(store.runs.getRun('r1'), created);
    assert.equal(store.runs.getRun('nope'), undefined);
  });

  it('lists runs newest first and filters by kind, dataset and status', () => {
    store.runs.createRun(runInput('old', { startedAt: '2024-01-01T00:00:00.000Z' }));
    store.runs.createRun(runInput('sweep', { kind: 'sweep', startedAt: '2024-03-01T00:00:00.000Z' }));
    store.runs.createRun(runInput('other', { dataset: 'stats', startedAt: '2024-02-01T00:00:00.000Z' }));
    store.runs.setRunStatus('old', 'finished', { best: null }, '2024-01-01T01:00:00.000Z');
    const ids = (filter?: Parameters<typeof store.runs.listRuns>[0]) => store.runs.listRuns(filter).map((r) => r.id);
    assert.deepEqual(ids(), ['sweep', 'other', 'old']);
    assert.deepEqual(ids({ kind: 'sweep' }), ['sweep']);
    assert.deepEqual(ids({ kind: 'test' }), ['other', 'old']);
    assert.deepEqual(ids({ dataset: 'builtin' }), ['sweep', 'old']);
    assert.deepEqual(ids({ status: 'finished' }), ['old']);
    assert.deepEqual(ids({ kind: 'test', dataset: 'stats', status: 'running' }), ['other']);
    assert.deepEqual(ids({ kind: 'experiment' }), []);
  });

  it('sets a run status with its summary and finish time; a later status keeps the summary', () => {
    store.runs.createRun(runInput('r1'));
    store.runs.setRunStatus('r1', 'interrupted', { totals: 3 }, '2024-05-01T13:00:00.000Z');
    assert.equal(store.runs.getRun('r1')?.status, 'interrupted');
    assert.equal(store.runs.getRun('r1')?.finishedAt, '2024-05-01T13:00:00.000Z');
    store.runs.setRunStatus('r1', 'running');
    const resumed = store.runs.getRun('r1');
    assert.equal(resumed?.status, 'running');
    assert.equal(resumed?.finishedAt, null);
    assert.deepEqual(resumed?.summary, { totals: 3 });
    store.runs.setRunStatus('r1', 'finished', { totals: 4, best: { key: 'k' } });
    const finished = store.runs.getRun('r1');
    assert.deepEqual(finished?.summary, { totals: 4, best: { key: 'k' } });
    assert.ok(!Number.isNaN(Date.parse(finished?.finishedAt ?? '')));
    assert.equal(codeOf(() => store.runs.setRunStatus('ghost', 'finished')), 'RESULTS_RUN_NOT_FOUND');
  });

  it('ensureTrial is idempotent: a resume keeps the stored trial, status included', () => {
    store.runs.createRun(runInput('r1'));
    const first = store.runs.ensureTrial(trialInput('r1', 'k0', 0));
    assert.equal(first.status, 'pending');
    assert.equal(first.objective, null);
    assert.deepEqual(first.params, { epochs: 10 });
    assert.deepEqual(first.dbSettings, { work_mem: '4MB' });
    store.runs.updateTrial('r1', 'k0', { status: 'trained', modelDir: '/models/m0' });
    const again = store.runs.ensureTrial(trialInput('r1', 'k0', 0, { label: 'renamed' }));
    assert.equal(again.status, 'trained');
    assert.equal(again.modelDir, '/models/m0');
    assert.equal(again.label, 'mscn #0');
    assert.equal(store.runs.listTrials('r1').length, 1);
  });

  it('lists trials in grid order and updates only the fields given', () => {
    store.runs.createRun(runInput('r1'));
    store.runs.ensureTrial(trialInput('r1', 'zz', 0));
    store.runs.ensureTrial(trialInput('r1', 'aa', 2));
    store.runs.ensureTrial(trialInput('r1', 'mm', 1));
    assert.deepEqual(store.runs.listTrials('r1').map((t) => t.key), ['zz', 'mm', 'aa']);
    store.runs.updateTrial('r1', 'mm', { status: 'finished', objective: 1234.5, totals: { totalMs: 1234.5, ratio: 0.9 }, startedAt: 'S', finishedAt: 'F' });
    const updated = store.runs.updateTrial('r1', 'mm', { error: 'later note' });
    assert.equal(updated.status, 'finished');
    assert.equal(updated.objective, 1234.5);
    assert.deepEqual(updated.totals, { totalMs: 1234.5, ratio: 0.9 });
    assert.equal(updated.startedAt, 'S');
    assert.equal(updated.finishedAt, 'F');
    assert.equal(updated.error, 'later note');
    assert.equal(store.runs.getTrial('r1', 'zz')?.status, 'pending');
    assert.equal(codeOf(() => store.runs.updateTrial('r1', 'missing', { status: 'failed' })), 'RESULTS_BAD_RECORD');
    assert.equal(codeOf(() => store.runs.updateTrial('r1', 'mm', { status: 'done' as 'finished' })), 'RESULTS_BAD_RECORD');
  });

  it('stores measurements in workload order, replaces a re-measured query, and filters by trial', () => {
    store.runs.createRun(runInput('r1'));
    store.runs.ensureTrial(trialInput('r1', 'b', 0));
    store.runs.ensureTrial(trialInput('r1', 'a', 1));
    store.runs.putMeasurement(measurement('r1', 'b', 'q2', 2));
    store.runs.putMeasurement(measurement('r1', 'a', 'q2', 2));
    store.runs.putMeasurement(measurement('r1', 'b', 'q1', 1, { status: 'timeout', executionMs: 30000, runsMs: [], plan: null, planSignature: null }));
    store.runs.putMeasurement(measurement('r1', 'a', 'q1', 1, { status: 'error', executionMs: null, runsMs: [], error: 'boom', plan: null, injected: null }));
    assert.deepEqual(
      store.runs.listMeasurements('r1').map((m) => `${m.queryId}/${m.trialKey}`),
      ['q1/a', 'q1/b', 'q2/a', 'q2/b'],
    );
    assert.deepEqual(store.runs.listMeasurements('r1', 'b').map((m) => m.queryId), ['q1', 'q2']);
    const [errored] = store.runs.listMeasurements('r1', 'a');
    assert.equal(errored?.status, 'error');
    assert.equal(errored?.executionMs, null);
    assert.equal(errored?.error, 'boom');
    assert.equal(errored?.injected, null);
    // A re-measured query replaces its row.
    store.runs.putMeasurement(measurement('r1', 'b', 'q1', 1, { executionMs: 7 }));
    const remeasured = store.runs.listMeasurements('r1', 'b')[0];
    assert.deepEqual(remeasured, measurement('r1', 'b', 'q1', 1, { executionMs: 7 }));
    assert.equal(store.runs.listMeasurements('r1').length, 4);
  });

  it('adds sub-plan rows to an existing measurement only', () => {
    store.runs.createRun(runInput('r1'));
    store.runs.ensureTrial(trialInput('r1', 'k', 0));
    store.runs.putMeasurement(measurement('r1', 'k', 'q1', 1));
    const rows = { u: { estimated: 100, truth: 120 }, 'p u': { estimated: 5, truth: null } };
    store.runs.setSubplanRows('r1', 'k', 'q1', rows);
    assert.deepEqual(store.runs.listMeasurements('r1', 'k')[0]?.subplanRows, rows);
    assert.equal(codeOf(() => store.runs.setSubplanRows('r1', 'k', 'q9', rows)), 'RESULTS_BAD_RECORD');
  });

  it('findUnfinishedRun picks the newest unfinished run of that hash and ignores finished ones', () => {
    store.runs.createRun(runInput('a-old', { startedAt: '2024-01-01T00:00:00.000Z' }));
    store.runs.createRun(runInput('a-mid', { startedAt: '2024-02-01T00:00:00.000Z' }));
    store.runs.createRun(runInput('a-new', { startedAt: '2024-03-01T00:00:00.000Z' }));
    store.runs.createRun(runInput('b-newest', { configHash: 'hash-b', startedAt: '2024-04-01T00:00:00.000Z' }));
    store.runs.setRunStatus('a-new', 'finished');
    store.runs.setRunStatus('a-mid', 'interrupted');
    assert.equal(store.runs.findUnfinishedRun('hash-a')?.id, 'a-mid');
    store.runs.setRunStatus('a-mid', 'finished');
    assert.equal(store.runs.findUnfinishedRun('hash-a')?.id, 'a-old');
    store.runs.setRunStatus('a-old', 'finished');
    assert.equal(store.runs.findUnfinishedRun('hash-a'), undefined);
    assert.equal(store.runs.findUnfinishedRun('hash-b')?.id, 'b-newest');
    assert.equal(store.runs.findUnfinishedRun('hash-c'), undefined);
  });

  it('document() gathers a run, its trials and measurements; an unknown id is RESULTS_RUN_NOT_FOUND', () => {
    store.runs.createRun(runInput('r1'));
    store.runs.ensureTrial(trialInput('r1', 'k', 0));
    store.runs.putMeasurement(measurement('r1', 'k', 'q1', 1));
    const doc = store.runs.document('r1');
    assert.equal(doc.run.id, 'r1');
    assert.deepEqual(doc.trials.map((t) => t.key), ['k']);
    assert.deepEqual(doc.measurements, [measurement('r1', 'k', 'q1', 1)]);
    let caught: unknown;
    try {
      store.runs.document('ghost');
    } catch (error) {
      caught = error;
    }
    const e = caught as { code?: string; message?: string; hint?: string };
    assert.equal(e.code, 'RESULTS_RUN_NOT_FOUND');
    assert.match(e.message ?? '', /ghost/);
    assert.match(e.hint ?? '', /pilot results list/);
  });

  it('refuses bad records with RESULTS_BAD_RECORD and stores nothing of them', () => {
    assert.equal(codeOf(() => store.runs.createRun(runInput('x', { kind: 'bench' as 'test' }))), 'RESULTS_BAD_RECORD');
    assert.equal(codeOf(() => store.runs.createRun(runInput('y', { name: '' }))), 'RESULTS_BAD_RECORD');
    assert.equal(codeOf(() => store.runs.createRun(runInput('', {}))), 'RESULTS_BAD_RECORD');
    assert.deepEqual(store.runs.listRuns(), []);
    store.runs.createRun(runInput('r1'));
    assert.equal(codeOf(() => store.runs.setRunStatus('r1', 'done' as 'finished')), 'RESULTS_BAD_RECORD');
    store.runs.ensureTrial(trialInput('r1', 'k', 0));
    assert.equal(codeOf(() => store.runs.putMeasurement(measurement('r1', 'k', 'q1', 1, { status: 'slow' as 'ok' }))), 'RESULTS_BAD_RECORD');
    assert.equal(codeOf(() => store.runs.putMeasurement(measurement('r1', 'k', 'q1', 1, { executionMs: -1 }))), 'RESULTS_BAD_RECORD');
    assert.equal(codeOf(() => store.runs.putMeasurement(measurement('r1', 'k', 'q1', 1, { executionMs: null }))), 'RESULTS_BAD_RECORD');
    assert.equal(codeOf(() => store.runs.putMeasurement(measurement('r1', 'k', 'q1', 1, { status: 'timeout', executionMs: Number.NaN }))), 'RESULTS_BAD_RECORD');
    assert.deepEqual(store.runs.listMeasurements('r1'), []);
    assert.equal(store.runs.getRun('r1')?.status, 'running');
  });

  it('keeps foreign keys on: no trial of an unknown run, no measurement of an unknown trial', () => {
    assert.throws(() => store.runs.ensureTrial(trialInput('ghost', 'k', 0)), { code: 'RESULTS_BAD_RECORD', message: /FOREIGN KEY constraint failed/ });
    store.runs.createRun(runInput('r1'));
    store.runs.ensureTrial(trialInput('r1', 'k', 0));
    assert.throws(() => store.runs.putMeasurement(measurement('r1', 'other', 'q1', 1)), /FOREIGN KEY constraint failed/);
    assert.throws(() => store.runs.putMeasurement(measurement('r2', 'k', 'q1', 1)), /FOREIGN KEY constraint failed/);
    assert.deepEqual(store.runs.listMeasurements('r1'), []);
  });

  it('refuses calls once the store is closed', () => {
    store.close();
    assert.equal(codeOf(() => store.runs.listRuns()), 'RESULTS_STORE_CLOSED');
  });
});

describe('results store: migration 3 (runs, trials, measurements)', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pilot-runs-migration-'));
    path = join(dir, 'pilot.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a version-2 store in place, keeping its cardinalities, and can then hold runs', () => {
    const db = openSqlite(path);
    try {
      assert.deepEqual(migrateStore(db, path, STORE_MIGRATIONS.slice(0, 2)), { from: 0, to: 2 });
      const insert = db.prepare(
        'INSERT INTO true_cardinalities (dataset_key, sql_hash, sql, rows, timeout_ms, elapsed_ms, collected_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      insert.run('ds', 'h1', 'SELECT COUNT(*) FROM t AS a', 42, 1000, 5, '2024-05-01T12:00:00.000Z', 'count');
      insert.run('ds', 'h2', 'SELECT COUNT(*) FROM t AS b', 7, 1000, 0, '2024-05-01T12:00:00.000Z', 'oracle');
      insert.run('ds', 'h3', 'SELECT COUNT(*) FROM t AS c', null, 1000, 1000, '2024-05-01T12:00:00.000Z', 'count');
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      assert.ok(!tables.includes('runs'));
    } finally {
      db.close();
    }
    const store = ResultsStore.open(path);
    try {
      assert.equal(store.version, 3);
      const got = store.getCardinalities('ds', ['h1', 'h2', 'h3']);
      assert.equal(got.get('h1')?.rows, 42);
      assert.equal(got.get('h1')?.source, 'count');
      assert.equal(got.get('h2')?.rows, 7);
      assert.equal(got.get('h2')?.source, 'oracle');
      assert.equal(got.get('h3')?.rows, null);
      assert.equal(got.get('h3')?.timeoutMs, 1000);
      store.runs.createRun(runInput('after-upgrade'));
      store.runs.ensureTrial(trialInput('after-upgrade', 'k', 0));
      store.runs.putMeasurement(measurement('after-upgrade', 'k', 'q1', 1));
      assert.equal(store.runs.document('after-upgrade').measurements.length, 1);
    } finally {
      store.close();
    }
    // Opening again is a no-op: still version 3, data intact.
    const reopened = ResultsStore.open(path);
    try {
      assert.equal(reopened.version, 3);
      assert.equal(reopened.runs.listRuns().length, 1);
      assert.equal(reopened.getCardinalities('ds', ['h1']).get('h1')?.rows, 42);
    } finally {
      reopened.close();
    }
  });
});
