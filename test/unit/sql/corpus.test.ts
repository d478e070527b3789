import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildQueryGraph, enumerateSubplans, REFUSAL_CODES, SqlParseError, splitQueryLines, type PgParser } from '../../../src/sql/index.js';
import { parser } from './sql-fixture.js';

/** Workloads in the shared checkout next to the repository (../shared), resolved from the repo root. */
const SHARED = new URL('../../../../shared/', import.meta.url);
const STATS = ['stats_train_time2int.txt', 'stats_test_time2int.txt', 'stats_fast_sql_time2int.txt'].map((f) => new URL(`datasets/stats_tiny/${f}`, SHARED));
const TPCDS = new URL('workloads/tpcds_test.sql', SHARED);
const KNOWN: ReadonlySet<string> = new Set(REFUSAL_CODES);

function queriesOr(this: Mocha.Context, file: URL): string[] {
  if (!existsSync(file)) {
    console.log(`    skipped: ${fileURLToPath(file)} is missing (the shared workloads are not checked out next to the repo)`);
    this.skip();
  }
  return splitQueryLines(readFileSync(file, 'utf8'));
}

describe('sql/corpus (shared STATS and TPC-DS workloads)', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  it('understands all 146 STATS test queries', function () {
    const queries = queriesOr.call(this, STATS[1] as URL);
    assert.equal(queries.length, 146);
    for (const sql of queries) {
      const result = buildQueryGraph(sql, p);
      assert.ok(result.ok, `${sql}\n${JSON.stringify(!result.ok && result.refusals)}`);
      assert.equal(result.graph.select.kind, 'count_star');
      assert.ok(enumerateSubplans(result.graph).some((s) => s.size === result.graph.relations.length), `the whole query is a connected sub-plan: ${sql}`);
    }
  });

  it('understands all 1,230 STATS queries (train, test, fast)', function () {
    const queries = STATS.flatMap((file) => queriesOr.call(this, file));
    assert.equal(queries.length, 1230);
    const refused = queries.filter((sql) => !buildQueryGraph(sql, p).ok);
    assert.deepEqual(refused, []);
  });

  it('understands or refuses with a known reason each of the 490 TPC-DS queries', function () {
    const queries = queriesOr.call(this, TPCDS);
    assert.equal(queries.length, 490);
    let understood = 0;
    for (const sql of queries) {
      let result;
      try {
        result = buildQueryGraph(sql, p);
      } catch (error) {
        // The workload spells `interval 30 days`, which is not PostgreSQL syntax.
        assert.ok(error instanceof SqlParseError, String(error));
        continue;
      }
      if (result.ok) {
        understood++;
        continue;
      }
      assert.ok(result.refusals.length > 0, sql);
      for (const refusal of result.refusals) {
        assert.ok(KNOWN.has(refusal.code), refusal.code);
        assert.ok(refusal.message.length > 0);
      }
    }
    assert.ok(understood > 0);
  });
});
