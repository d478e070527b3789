import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyStatement } from '../../../src/dataset/log/classify-statement.js';
import { assertReadOnlySql } from '../../../src/db/read-only-guard.js';
import type { PilotError } from '../../../src/errors/index.js';
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { skipCount } from '../../../src/dataset/log/extraction-report.js';
import { SKIP_REASONS, type StatementSkipReason } from '../../../src/dataset/log/skip-reasons.js';
import { loadStatementParser, type StatementParser } from '../../../src/dataset/log/statement-parser.js';
import { SEED_SPLIT, tempDirs } from './log-test-helpers.js';

const KEPT = [
  'SELECT 1',
  'SELECT a FROM t WHERE b IN (SELECT c FROM u)',
  'VALUES (1), (2)',
  'WITH x AS (SELECT 1) SELECT * FROM x',
  'SELECT 1 UNION ALL SELECT 2',
  "SELECT count(*) FROM t WHERE lower(name) = 'x'",
  'SELECT * FROM t FOR READ ONLY',
];

const SKIPPED: readonly [StatementSkipReason, string][] = [
  ['explain', 'EXPLAIN ANALYZE SELECT 1'],
  ['dml', 'INSERT INTO t VALUES (1)'],
  ['dml', 'UPDATE t SET a = 1'],
  ['dml', 'DELETE FROM t'],
  ['dml', 'MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN DELETE'],
  ['ddl', 'CREATE TABLE t (a int)'],
  ['ddl', 'ALTER TABLE t ADD COLUMN b int'],
  ['ddl', 'DROP TABLE t'],
  ['ddl', 'CREATE INDEX ON t (a)'],
  ['ddl', 'TRUNCATE t'],
  ['select-into', 'CREATE TABLE t2 AS SELECT 1'],
  ['transaction', 'BEGIN'],
  ['transaction', 'COMMIT'],
  ['transaction', 'ROLLBACK'],
  ['session-setting', "SET search_path = 'x'"],
  ['session-setting', 'RESET ALL'],
  ['session-setting', 'SHOW work_mem'],
  ['session-setting', 'DISCARD ALL'],
  ['prepared-statement', 'PREPARE p AS SELECT 1'],
  ['prepared-statement', 'EXECUTE p'],
  ['prepared-statement', 'DEALLOCATE p'],
  ['copy', 'COPY t TO STDOUT'],
  ['select-into', 'SELECT * INTO t2 FROM t'],
  ['locking-clause', 'SELECT * FROM t FOR UPDATE'],
  ['locking-clause', 'SELECT * FROM (SELECT * FROM t FOR SHARE) s'],
  ['modifying-cte', 'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d'],
  ['modifying-cte', 'WITH i AS (INSERT INTO t VALUES (1) RETURNING a) SELECT a FROM i'],
  ['side-effect-function', "SELECT nextval('s')"],
  ['side-effect-function', 'SELECT pg_catalog.pg_advisory_lock(42)'],
  ['side-effect-function', 'SELECT * FROM t WHERE pg_sleep(1) IS NOT NULL'],
  ['other-utility', 'VACUUM t'],
  ['other-utility', 'LISTEN ch'],
  ['other-utility', 'DO $$ BEGIN END $$'],
  ['multiple-statements', 'SELECT 1; SELECT 2'],
  ['empty', '-- nothing here'],
];

describe('statement classification and skip reasons', () => {
  let parser: StatementParser;
  const dirs = tempDirs();
  before(async () => {
    parser = await loadStatementParser();
  });
  after(() => dirs.cleanup());

  it('keeps single read-only SELECTs, VALUES and read-only WITH', () => {
    for (const sql of KEPT) assert.deepEqual(classifyStatement(parser.parse(sql)), { keep: true, kind: 'SelectStmt' }, sql);
  });

  for (const [reason, sql] of SKIPPED) {
    it(`skips ${JSON.stringify(sql)} as ${reason}`, () => {
      const verdict = classifyStatement(parser.parse(sql));
      assert.equal(verdict.keep, false);
      assert.equal(verdict.keep === false && verdict.reason, reason);
    });
  }

  it('counts every reason in the report, keeps the first examples with file and line, and balances', async () => {
    const dir = dirs.make();
    const file = join(dir, 'reasons.log');
    const statements = [...KEPT, ...SKIPPED.map(([, sql]) => sql), 'SELEC broken', ...Array.from({ length: 9 }, (_, i) => `INSERT INTO t VALUES (${i})`)];
    const lines = statements.map((sql, i) => `2024-01-01 00:00:${String(i % 60).padStart(2, '0')}.000 UTC [7] u@d LOG:  statement: ${sql}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const extraction = await extractWorkloadFromLogs([file], { format: 'stderr', prefix: '%m [%p] %q%u@%d ', split: SEED_SPLIT, maxExamples: 3 });
    const r = extraction.report;
    assert.equal(r.kept, KEPT.length);
    assert.equal(r.statements, statements.length);
    assert.equal(skipCount(r, 'unparsable'), 1);
    assert.equal(skipCount(r, 'dml'), 4 + 9);
    const dml = r.skipped.dml!;
    assert.equal(dml.examples.length, 3, 'at most maxExamples');
    assert.deepEqual(dml.examples[0], { file, line: KEPT.length + 2, excerpt: 'INSERT INTO t VALUES (1)' });
    for (const [reason] of SKIPPED) assert.ok(skipCount(r, reason) > 0, reason);
    assert.equal(r.statementKinds.InsertStmt, 10);
    assert.equal(r.statementKinds.SelectStmt, KEPT.length + SKIPPED.filter(([reason, sql]) => /^(SELECT|WITH)/.test(sql) && reason !== 'multiple-statements').length);
    assert.ok(Object.keys(r.skipped).every((k) => (SKIP_REASONS as readonly string[]).includes(k)));
  });

  describe('the same classifier in the interactor read-only guard', () => {
    /** Reads the guard lets through although the log extractor skips them: no workload queries, but reads. */
    const GUARD_ALLOWS: readonly string[] = ['EXPLAIN ANALYZE SELECT 1', 'SHOW work_mem', "SELECT nextval('s')", 'SELECT pg_catalog.pg_advisory_lock(42)', 'SELECT * FROM t WHERE pg_sleep(1) IS NOT NULL'];
    const refusal = async (sql: string) => {
      try {
        await assertReadOnlySql(sql);
        return undefined;
      } catch (error) {
        return error as PilotError;
      }
    };

    it('lets the kept SELECTs through, and SHOW, EXPLAIN of a read and function calls (the READ ONLY transaction stops writes there)', async () => {
      for (const sql of [...KEPT, ...GUARD_ALLOWS]) assert.equal(await refusal(sql), undefined, sql);
    });

    it('refuses every other skipped statement before it is sent, with the reason', async () => {
      for (const [reason, sql] of SKIPPED) {
        if (GUARD_ALLOWS.includes(sql)) continue;
        const error = await refusal(sql);
        assert.ok(error, sql);
        assert.equal(error.code, reason === 'multiple-statements' || reason === 'empty' ? 'READ_ONLY_MULTIPLE' : 'READ_ONLY_VIOLATION', sql);
      }
      assert.match((await refusal('SELECT * INTO t2 FROM t'))!.message, /SELECT INTO creates a table/);
      assert.match((await refusal('SELECT * FROM (SELECT * FROM t FOR SHARE) s'))!.message, /FOR UPDATE\/SHARE takes row locks/, 'a lock below the top level too');
      assert.match((await refusal('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d'))!.message, /a WITH clause modifies data/);
      assert.match((await refusal('EXPLAIN ANALYZE DELETE FROM t'))!.message, /Delete is not a read/);
      assert.match((await refusal('CREATE TABLE t2 AS SELECT 1'))!.message, /CreateTableAs is not a read/);
      assert.equal((await refusal('SELEC broken'))!.code, 'READ_ONLY_UNPARSABLE');
    });

    it('decides by the classifier\'s read-only policy: a lock is refused even beside a function call', async () => {
      const verdict = (sql: string, policy: 'workload' | 'read-only') => classifyStatement(parser.parse(sql), { policy });
      for (const sql of KEPT) assert.deepEqual(verdict(sql, 'read-only'), { keep: true, kind: 'SelectStmt' }, sql);
      assert.deepEqual(verdict("SELECT nextval('s')", 'read-only'), { keep: true, kind: 'SelectStmt' });
      assert.deepEqual(verdict("SELECT nextval('s')", 'workload'), { keep: false, kind: 'SelectStmt', reason: 'side-effect-function' });
      assert.deepEqual(verdict('EXPLAIN SELECT 1', 'read-only'), { keep: true, kind: 'ExplainStmt' });
      assert.deepEqual(verdict('EXPLAIN ANALYZE UPDATE t SET a = 1', 'read-only'), { keep: false, kind: 'UpdateStmt', reason: 'dml' });
      assert.deepEqual(verdict('SHOW work_mem', 'read-only'), { keep: true, kind: 'VariableShowStmt' });
      // The workload policy stops at the side-effect function; the read-only one looks on.
      const locked = "SELECT nextval('s') FROM t FOR UPDATE";
      assert.deepEqual(verdict(locked, 'workload'), { keep: false, kind: 'SelectStmt', reason: 'side-effect-function' });
      assert.deepEqual(verdict(locked, 'read-only'), { keep: false, kind: 'SelectStmt', reason: 'locking-clause' });
      assert.match((await refusal(locked))!.message, /FOR UPDATE\/SHARE takes row locks/);
      assert.match((await refusal("SELECT f((SELECT 1 FROM t FOR SHARE))"))!.message, /FOR UPDATE\/SHARE takes row locks/, 'inside a function argument');
    });
  });
});
