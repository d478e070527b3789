import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { extractWorkloadFromPgStatStatements } from '../../../src/dataset/log/extract-workload-from-pg-stat-statements.js';
import { skipCount } from '../../../src/dataset/log/extraction-report.js';
import { loadStatementParser } from '../../../src/dataset/log/statement-parser.js';
import { FIXTURE_FILES, produceFixtureLogs, type FixtureRun } from '../../../scripts/make-log-fixtures.js';
import { FIXTURE_DATABASE, fixtureExpectations, type FixtureExpectations } from '../../fixtures/logs/fixture-workload.js';
import { assertMatchesExpectations, assertRepresentatives } from '../../unit/log/fixture-check.js';

/**
 * The fixture workload run live against a temp PostgreSQL cluster that logs in all three
 * formats (and preloads pg_stat_statements): the fresh logs must give what the workload says.
 */
describe('workload extraction from a live server', function () {
  this.timeout(120_000);
  let run: FixtureRun;
  let expected: FixtureExpectations;

  before(async () => {
    const parser = await loadStatementParser();
    expected = fixtureExpectations((sql) => parser.fingerprint(sql));
    run = await produceFixtureLogs({ settings: { shared_preload_libraries: 'pg_stat_statements' } });
  });
  after(async () => {
    await run?.destroy();
  });

  for (const format of ['stderr', 'csvlog', 'jsonlog'] as const) {
    it(`extracts every executed SELECT from the fresh ${format} log`, async () => {
      const extraction = await extractWorkloadFromLogs([join(run.logDir, FIXTURE_FILES[format])], { split: { by: 'time', testFraction: 0.25 } });
      assert.equal(extraction.report.files[0]!.format, format);
      assertMatchesExpectations(extraction, expected);
      assertRepresentatives(extraction);
      assert.equal(Object.keys(extraction.report.skipped).filter((r) => ['prefix-mismatch', 'invalid-csv', 'invalid-json', 'truncated-record', 'read-error'].includes(r)).length, 0);
      const cutoff = Math.min(...extraction.test.map((q) => Date.parse(q.firstSeen!)));
      assert.ok(extraction.train.every((q) => Date.parse(q.firstSeen!) < cutoff), 'train before test');
    });
  }

  it('reads the same workload from pg_stat_statements, parameterized, counting only what succeeded', async () => {
    await run.cluster.start();
    const pool = new pg.Pool({ ...run.cluster.connection(FIXTURE_DATABASE), max: 2 });
    try {
      await assert.rejects(extractWorkloadFromPgStatStatements(pool, { split: { by: 'seed', seed: 1, testFraction: 0.3 } }), (e: { code: string; hint: string }) => {
        return e.code === 'PG_STAT_STATEMENTS_MISSING' && e.hint.includes('shared_preload_libraries');
      });
      await pool.query('CREATE EXTENSION pg_stat_statements');
      const extraction = await extractWorkloadFromPgStatStatements(pool, { split: { by: 'seed', seed: 1, testFraction: 0.3 } });
      const byFingerprint = new Map(extraction.queries.map((q) => [q.fingerprint, q]));
      for (const e of expected.queries) {
        const q = byFingerprint.get(e.fingerprint);
        assert.ok(q, `missing ${e.example}`);
        assert.equal(q.count, e.count, e.example);
        assert.equal(q.parameterized, /\$\d/.test(q.sql), `placeholders of ${q.sql}`);
        assert.ok(q.durations.sumMs > 0 && q.durations.meanMs !== null && q.durations.medianMs === null);
      }
      // pg_stat_statements records the statements of `SELECT 1; SELECT 2` one by one (a log
      // has them as one multi-statement string); its own reads are left out.
      const others = extraction.queries.filter((q) => !expected.queries.some((e) => e.fingerprint === q.fingerprint));
      assert.deepEqual(others.map((q) => [q.sql, q.count]), [['SELECT $1', 2]]);
      assert.ok(extraction.queries.some((q) => /\$1/.test(q.sql)));
      const placeholders = extraction.queries.filter((q) => q.parameterized).length;
      assert.ok(extraction.report.warnings.includes(`${placeholders} of ${extraction.queries.length} queries have $n placeholders (pg_stat_statements replaces constants with them): they need values before they can run (parameterized: true)`));
      assert.ok(skipCount(extraction.report, 'dml') > 0 && skipCount(extraction.report, 'ddl') > 0);
      await assert.rejects(extractWorkloadFromPgStatStatements(pool, { split: { by: 'time', testFraction: 0.3 } }), { code: 'LOG_SPLIT_NO_TIMES' });
    } finally {
      await pool.end();
      await run.cluster.stop();
    }
  });
});
