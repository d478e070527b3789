import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSelectQueryCheck } from '../../../src/cli/commands/dataset/select-query-check.js';
import { importDataset, type ImportResult } from '../../../src/dataset/import/import-dataset.js';
import { readWorkload } from '../../../src/dataset/registry/workload-files.js';
import { tallyQueries, type PgParser } from '../../../src/sql/index.js';
import { createTestHome, STATS_TINY, type TestHome } from './dataset-test-home.js';

const EXPECTED_ROWS = { badges: 798, comments: 1743, posthistory: 3031, postlinks: 111, posts: 919, tags: 10, users: 403, votes: 3280 };

describe('import stats_tiny (PilotScope format) into the managed cluster', function () {
  this.timeout(180_000);
  let t: TestHome;
  let parser: PgParser;
  let result: ImportResult;

  before(async function () {
    if (!existsSync(join(STATS_TINY, 'stats_tiny.sql'))) {
      console.log(`    skipping: ${STATS_TINY} is missing (../shared is not beside the project)`);
      this.skip();
    }
    t = await createTestHome();
    const loaded = await loadSelectQueryCheck();
    parser = loaded.parser;
    result = await importDataset({ format: 'pilotscope', name: 'stats_tiny', paths: [STATS_TINY] }, { home: t.home, access: async () => t.access, check: loaded.check });
  });
  after(async () => t?.close());

  it('loads the 8 tables with their row counts', async () => {
    const counts: Record<string, number> = {};
    for (const table of Object.keys(EXPECTED_ROWS)) {
      counts[table] = Number((await t.query<{ n: string }>('stats_tiny', `SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
    }
    assert.deepEqual(counts, EXPECTED_ROWS);
    assert.deepEqual(Object.fromEntries(result.tables.map((s) => [s.table, s.rows])), EXPECTED_ROWS, 'the report counts what ANALYZE saw');
  });

  it('analyzes the tables and keeps the dump\'s indexes', async () => {
    const analyzed = await t.query<{ n: string }>('stats_tiny', 'SELECT COUNT(*) AS n FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL');
    assert.equal(Number(analyzed[0]!.n), 8);
    const indexes = await t.query<{ n: string }>('stats_tiny', "SELECT COUNT(*) AS n FROM pg_indexes WHERE schemaname = 'public'");
    assert.equal(Number(indexes[0]!.n), 8 + 12, 'primary keys plus the 12 btree indexes');
  });

  it('registers the dataset with its normalized workloads: 1,000 train, 146 test, 84 fast, nothing skipped', () => {
    const { entry } = result;
    assert.equal(entry.dir, join(t.home, 'datasets', 'stats_tiny'));
    assert.equal(entry.origin, 'home');
    assert.deepEqual(entry.manifest.database, { kind: 'managed', name: 'stats_tiny' });
    assert.deepEqual(entry.manifest.load, { kind: 'pg_dump', file: join(STATS_TINY, 'stats_tiny.sql') });
    assert.equal(entry.manifest.readOnly, false);
    assert.deepEqual(result.workloads.map((w) => [w.name, w.format, w.queries.length, w.skipped.length]), [
      ['train', 'plain', 1000, 0],
      ['test', 'plain', 146, 0],
      ['fast', 'plain', 84, 0],
    ]);
    const test = readWorkload(entry, 'test')!;
    assert.equal(test.queries.length, 146);
    const original = readFileSync(join(STATS_TINY, 'stats_test_time2int.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    assert.equal(test.queries[0], original[0]!.trim(), 'single-line queries are kept as they were');
  });

  it('every query parses with the PostgreSQL parser and builds a query graph', () => {
    for (const name of ['train', 'test', 'fast'] as const) {
      const queries = readWorkload(result.entry, name)!.queries;
      for (const sql of queries) assert.doesNotThrow(() => parser.parse(sql), sql);
      const tally = tallyQueries(queries, parser);
      assert.equal(tally.understood, tally.total, `${name}: ${JSON.stringify(tally.reasons)}`);
    }
  });
});
