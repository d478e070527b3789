import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultResultsDir,
  defaultResultsStorePath,
  migrateStore,
  ResultsStore,
  shouldRecollect,
  STORE_MIGRATIONS,
  type StoredCardinality,
  type StoredPlanExecution,
} from '../../../src/results/index.js';
import { openSqlite } from '../../../src/results/sqlite-driver.js';
import { codeOf } from '../../helpers/error-code.js';

const AT = '2024-05-01T12:00:00.000Z';

function card(sqlHash: string, rows: number | null, timeoutMs: number, extra: Partial<StoredCardinality> = {}): StoredCardinality {
  return { sqlHash, sql: `SELECT COUNT(*) FROM t AS t${sqlHash}`, rows, timeoutMs, elapsedMs: 3.5, collectedAt: AT, source: 'count', ...extra };
}

function execution(key: string, executionMs: number | null, timeoutMs: number): StoredPlanExecution {
  return { key, queryId: `train.sql:${key}`, executionMs, timeoutMs, planSignature: `Hash Join(Seq Scan ${key})`, collectedAt: AT };
}

describe('results/ResultsStore', () => {
  let dir: string;
  let store: ResultsStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pilot-store-'));
    store = ResultsStore.open(join(dir, 'nested', 'pilot.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the directory, uses WAL and migrates to the last version', () => {
    assert.ok(existsSync(join(dir, 'nested', 'pilot.sqlite')));
    assert.equal(store.path, join(dir, 'nested', 'pilot.sqlite'));
    assert.equal(store.version, STORE_MIGRATIONS.at(-1)!.version);
    const db = openSqlite(store.path);
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
      assert.deepEqual(tables, ['models', 'plan_executions', 'query_measurements', 'runs', 'trials', 'true_cardinalities']);
    } finally {
      db.close();
    }
  });

  it('reopens without migrating again and keeps the data', () => {
    store.putCardinalities('ds:1', [card('a', 10, 1000)]);
    store.close();
    const again = ResultsStore.open(store.path);
    try {
      assert.equal(again.version, STORE_MIGRATIONS.at(-1)!.version);
      assert.equal(again.getCardinalities('ds:1', ['a']).get('a')?.rows, 10);
    } finally {
      again.close();
    }
  });

  it('applies only the migrations above the stored version, each once', () => {
    store.close();
    const db = openSqlite(store.path);
    try {
      const next = STORE_MIGRATIONS.at(-1)!.version + 1;
      const extended = [...STORE_MIGRATIONS, { version: next, description: 'test table', up: 'CREATE TABLE test_extension (id TEXT PRIMARY KEY)' }];
      assert.deepEqual(migrateStore(db, store.path, extended), { from: next - 1, to: next });
      // A second run has nothing to do; running the CREATE TABLE again would throw.
      assert.deepEqual(migrateStore(db, store.path, extended), { from: next, to: next });
      // An older pilot refuses a store written by a newer one instead of corrupting it.
      assert.equal(codeOf(() => migrateStore(db, store.path)), 'RESULTS_STORE_TOO_NEW');
    } finally {
      db.close();
    }
    assert.equal(codeOf(() => ResultsStore.open(store.path)), 'RESULTS_STORE_TOO_NEW');
  });

  it('rolls a failing migration back whole', () => {
    store.close();
    const db = openSqlite(store.path);
    try {
      const v = STORE_MIGRATIONS.at(-1)!.version;
      const broken = [...STORE_MIGRATIONS, { version: v + 1, description: 'half', up: 'CREATE TABLE half (x); CREATE TABLE half (x);' }];
      assert.throws(() => migrateStore(db, store.path, broken), /already exists/);
      assert.equal(db.pragma('user_version', { simple: true }), v);
      assert.deepEqual(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get(), { n: 0 });
    } finally {
      db.close();
    }
  });

  it('refuses a file that is not a SQLite database with RESULTS_STORE_OPEN_FAILED', () => {
    const bogus = join(dir, 'not-sqlite.sqlite');
    writeFileSync(bogus, 'this is plain text, long enough to fill a header of a hundred bytes...'.repeat(4));
    assert.equal(codeOf(() => ResultsStore.open(bogus)), 'RESULTS_STORE_OPEN_FAILED');
  });

  it('round-trips true cardinalities per dataset key; unknown hashes are absent', () => {
    store.putCardinalities('ds:1', [card('a', 0, 1000), card('b', 123456789, 1000), card('c', null, 500, { elapsedMs: 500.2 })]);
    store.putCardinalities('ds:2', [card('a', 7, 1000)]);
    const got = store.getCardinalities('ds:1', ['a', 'b', 'c', 'missing']);
    assert.deepEqual([...got.keys()], ['a', 'b', 'c']);
    assert.deepEqual(got.get('b'), card('b', 123456789, 1000));
    assert.deepEqual(got.get('c'), card('c', null, 500, { elapsedMs: 500.2 }));
    assert.equal(got.get('a')?.rows, 0);
    assert.equal(store.getCardinalities('ds:2', ['a']).get('a')?.rows, 7);
    assert.equal(store.getCardinalities('ds:3', ['a']).size, 0);
  });

  it('replaces a timeout only with a count or a longer timeout, and never a count with a timeout', () => {
    store.putCardinalities('ds', [card('t', null, 1000)]);
    store.putCardinalities('ds', [card('t', null, 500)]);
    assert.equal(store.getCardinalities('ds', ['t']).get('t')?.timeoutMs, 1000);
    store.putCardinalities('ds', [card('t', null, 1000, { elapsedMs: 99 })]);
    assert.equal(store.getCardinalities('ds', ['t']).get('t')?.elapsedMs, 3.5);
    store.putCardinalities('ds', [card('t', null, 4000)]);
    assert.equal(store.getCardinalities('ds', ['t']).get('t')?.timeoutMs, 4000);
    store.putCardinalities('ds', [card('t', 42, 8000)]);
    store.putCardinalities('ds', [card('t', null, 60000)]);
    assert.deepEqual(store.getCardinalities('ds', ['t']).get('t'), card('t', 42, 8000));
  });

  it('says which cached entries to collect again for a timeout', () => {
    assert.equal(shouldRecollect(undefined, 1000), true);
    assert.equal(shouldRecollect(card('x', 5, 10), 1000), false);
    assert.equal(shouldRecollect(card('x', null, 1000), 1000), false);
    assert.equal(shouldRecollect(card('x', null, 1000), 1001), true);
    assert.equal(shouldRecollect(execution('k', null, 200), 100), false);
    assert.equal(shouldRecollect(execution('k', null, 200), 300), true);
    assert.equal(shouldRecollect(execution('k', 12.5, 200), 300), false);
  });

  it('writes a batch in one transaction: a bad row stores nothing', () => {
    const code = codeOf(() => store.putCardinalities('ds', [card('ok', 1, 100), card('bad', -1, 100)]));
    assert.equal(code, 'RESULTS_BAD_RECORD');
    assert.equal(store.getCardinalities('ds', ['ok']).size, 0);
    assert.equal(codeOf(() => store.putCardinalities('ds', [card('f', 1.5, 100)])), 'RESULTS_BAD_RECORD');
    assert.equal(codeOf(() => store.putCardinalities('ds', [card('z', 1, 0)])), 'RESULTS_BAD_RECORD');
    assert.equal(codeOf(() => store.putCardinalities('ds', [card('d', 1, 10, { collectedAt: 'yesterday' })])), 'RESULTS_BAD_RECORD');
  });

  it('stores many rows and finds them again', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => card(`h${i}`, i % 7 === 0 ? null : i * 3, 20000));
    store.putCardinalities('big', rows);
    const got = store.getCardinalities('big', rows.map((r) => r.sqlHash));
    assert.equal(got.size, 5000);
    assert.equal(got.get('h4999')?.rows, 4999 * 3);
    assert.equal(got.get('h7')?.rows, null);
  });

  it('round-trips plan executions with the same timeout rule', () => {
    store.putPlanExecutions('ds', [execution('p1', 12.25, 1000), execution('p2', null, 1000)]);
    const got = store.getPlanExecutions('ds', ['p1', 'p2', 'p3']);
    assert.deepEqual(got.get('p1'), execution('p1', 12.25, 1000));
    assert.deepEqual(got.get('p2'), execution('p2', null, 1000));
    assert.equal(got.has('p3'), false);
    store.putPlanExecutions('ds', [execution('p1', null, 5000), execution('p2', null, 500)]);
    assert.equal(store.getPlanExecutions('ds', ['p1']).get('p1')?.executionMs, 12.25);
    assert.equal(store.getPlanExecutions('ds', ['p2']).get('p2')?.timeoutMs, 1000);
    store.putPlanExecutions('ds', [execution('p2', 800, 2000)]);
    assert.equal(store.getPlanExecutions('ds', ['p2']).get('p2')?.executionMs, 800);
    assert.equal(store.getPlanExecutions('other', ['p1']).size, 0);
    assert.equal(codeOf(() => store.putPlanExecutions('ds', [execution('', 1, 10)])), 'RESULTS_BAD_RECORD');
  });

  it('registers models and lists them by algorithm and dataset, oldest first; a re-save replaces', () => {
    const model = (id: string, algorithm: string, dataset: string, createdAt: string) => ({
      id,
      algorithm,
      dataset,
      dir: `/models/${id}`,
      params: { epochs: 10, hidden: [64, 64] },
      backend: 'wasm',
      createdAt,
      report: { bestValidationLoss: 0.5, details: { q: [1, 2] } },
    });
    store.recordModel(model('m2', 'mscn', 'builtin', '2024-05-02T00:00:00Z'));
    store.recordModel(model('m1', 'mscn', 'builtin', '2024-05-01T00:00:00Z'));
    store.recordModel(model('l1', 'lero', 'builtin', '2024-05-03T00:00:00Z'));
    store.recordModel(model('m3', 'mscn', 'other', '2024-05-04T00:00:00Z'));
    assert.deepEqual(store.listModels().map((m) => m.id), ['m1', 'm2', 'l1', 'm3']);
    assert.deepEqual(store.listModels({ algorithm: 'mscn' }).map((m) => m.id), ['m1', 'm2', 'm3']);
    assert.deepEqual(store.listModels({ algorithm: 'mscn', dataset: 'builtin' }).map((m) => m.id), ['m1', 'm2']);
    assert.deepEqual(store.listModels({ dataset: 'builtin' }).map((m) => m.id), ['m1', 'm2', 'l1']);
    assert.deepEqual(store.listModels({ algorithm: 'lero' })[0], model('l1', 'lero', 'builtin', '2024-05-03T00:00:00Z'));
    store.recordModel({ ...model('m1', 'mscn', 'builtin', '2024-05-01T00:00:00Z'), backend: 'cpu' });
    assert.equal(store.listModels({ algorithm: 'mscn', dataset: 'builtin' })[0]?.backend, 'cpu');
    assert.equal(store.listModels().length, 4);
    assert.equal(codeOf(() => store.recordModel({ ...model('x', 'mscn', 'b', AT), dir: '' })), 'RESULTS_BAD_RECORD');
    assert.equal(codeOf(() => store.recordModel({ ...model('x', 'mscn', 'b', AT), params: [1, 2] })), 'RESULTS_BAD_RECORD');
  });

  it('refuses calls after close with RESULTS_STORE_CLOSED; closing twice is fine', () => {
    store.putCardinalities('ds', [card('a', 1, 10)]);
    store.close();
    store.close();
    assert.equal(codeOf(() => store.getCardinalities('ds', ['a'])), 'RESULTS_STORE_CLOSED');
    assert.equal(codeOf(() => store.listModels()), 'RESULTS_STORE_CLOSED');
  });

  it('lets two stores on one file see each other\'s writes', () => {
    const other = ResultsStore.open(store.path);
    try {
      store.putCardinalities('ds', [card('shared', 99, 100)]);
      assert.equal(other.getCardinalities('ds', ['shared']).get('shared')?.rows, 99);
    } finally {
      other.close();
    }
  });
});

describe('results/defaultResultsDir', () => {
  it('is $PILOT_RESULTS when set, else <project>/results', () => {
    assert.equal(defaultResultsDir('/proj', {}), '/proj/results');
    assert.equal(defaultResultsDir('/proj', { PILOT_RESULTS: '' }), '/proj/results');
    assert.equal(defaultResultsDir('/proj', { PILOT_RESULTS: '/data/out' }), '/data/out');
    assert.equal(defaultResultsStorePath('/proj', {}), '/proj/results/pilot.sqlite');
  });
});
