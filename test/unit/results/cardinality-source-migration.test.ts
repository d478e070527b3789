import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateStore, ResultsStore, STORE_MIGRATIONS, type StoredCardinality } from '../../../src/results/index.js';
import { openSqlite } from '../../../src/results/sqlite-driver.js';
import { codeOf } from '../../helpers/error-code.js';

const AT = '2024-05-01T12:00:00.000Z';

function card(sqlHash: string, rows: number | null, extra: Partial<StoredCardinality> = {}): StoredCardinality {
  return { sqlHash, sql: `SELECT COUNT(*) FROM t AS t${sqlHash}`, rows, timeoutMs: 1000, elapsedMs: 2, collectedAt: AT, ...extra };
}

describe('results store: the source of true cardinalities (migration 2)', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pilot-source-'));
    path = join(dir, 'pilot.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a version-1 store in place: its counts read back as source "count"', () => {
    // A store as the first release wrote it: version 1, no source column.
    const db = openSqlite(path);
    try {
      assert.deepEqual(migrateStore(db, path, STORE_MIGRATIONS.filter((m) => m.version === 1)), { from: 0, to: 1 });
      db.prepare(
        'INSERT INTO true_cardinalities (dataset_key, sql_hash, sql, rows, timeout_ms, elapsed_ms, collected_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run('ds', 'old', 'SELECT COUNT(*) FROM t AS told', 42, 1000, 5, AT);
      db.prepare(
        'INSERT INTO true_cardinalities (dataset_key, sql_hash, sql, rows, timeout_ms, elapsed_ms, collected_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run('ds', 'slow', 'SELECT COUNT(*) FROM t AS tslow', null, 1000, 1000, AT);
    } finally {
      db.close();
    }
    const store = ResultsStore.open(path);
    try {
      assert.equal(store.version, STORE_MIGRATIONS.at(-1)!.version, "migrated to the latest version, through step 2");
      const got = store.getCardinalities('ds', ['old', 'slow']);
      assert.deepEqual(got.get('old'), { sqlHash: 'old', sql: 'SELECT COUNT(*) FROM t AS told', rows: 42, timeoutMs: 1000, elapsedMs: 5, collectedAt: AT, source: 'count' });
      assert.equal(got.get('slow')?.rows, null);
      assert.equal(got.get('slow')?.source, 'count');
    } finally {
      store.close();
    }
  });

  it('stores and reads back oracle values; a put without a source is a count', () => {
    const store = ResultsStore.open(path);
    try {
      store.putCardinalities('ds', [card('o', 7, { source: 'oracle' }), card('c', 8), card('t', null, { source: 'count' })]);
      const got = store.getCardinalities('ds', ['o', 'c', 't']);
      assert.equal(got.get('o')?.source, 'oracle');
      assert.equal(got.get('o')?.rows, 7);
      assert.equal(got.get('c')?.source, 'count');
      // An oracle value replaces a cached timeout, and the entry then says where it came from.
      store.putCardinalities('ds', [card('t', 123, { source: 'oracle' })]);
      assert.deepEqual(store.getCardinalities('ds', ['t']).get('t'), card('t', 123, { source: 'oracle' }));
    } finally {
      store.close();
    }
  });

  it('rejects an unknown source and an oracle "timeout"', () => {
    const store = ResultsStore.open(path);
    try {
      assert.equal(codeOf(() => store.putCardinalities('ds', [card('x', 1, { source: 'guess' as 'count' })])), 'RESULTS_BAD_RECORD');
      assert.equal(codeOf(() => store.putCardinalities('ds', [card('y', null, { source: 'oracle' })])), 'RESULTS_BAD_RECORD');
      assert.equal(store.getCardinalities('ds', ['x', 'y']).size, 0);
    } finally {
      store.close();
    }
  });

  it('the column itself refuses other values (CHECK), whoever writes', () => {
    ResultsStore.open(path).close();
    const db = openSqlite(path);
    try {
      assert.throws(
        () =>
          db
            .prepare('INSERT INTO true_cardinalities (dataset_key, sql_hash, sql, rows, timeout_ms, elapsed_ms, collected_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run('ds', 'z', 'x', 1, 1, 1, AT, 'guess'),
        /CHECK constraint failed/,
      );
    } finally {
      db.close();
    }
  });
});
