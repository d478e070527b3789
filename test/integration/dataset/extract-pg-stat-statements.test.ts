import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { QueriesFile } from '../../../src/dataset/log/index.js';
import { createTestHome, type TestHome } from './dataset-test-home.js';
import { runCli } from './run-cli.js';

const DB = 'pilot_test_pgss';
const OTHER_DB = 'pilot_test_pgss_other';

/** What runs on the server: [SQL of each call]. Constants vary between calls of one statement. */
const CALLS = {
  reputation: [1, 2, 3].map((i) => `SELECT COUNT(*) FROM users u WHERE u.reputation > ${5 * i}`),
  join: ['SELECT COUNT(*) FROM users u, posts p WHERE u.id = p.owner', 'SELECT COUNT(*) FROM users u, posts p WHERE u.id = p.owner'],
  score: [0, 1, 2, 3].map((i) => `SELECT COUNT(*) FROM posts p WHERE p.score = ${i}`),
  joinFiltered: [1, 2, 3].map((i) => `SELECT COUNT(*) FROM users u, posts p WHERE u.id = p.owner AND p.score IN (1, 2) AND u.reputation < ${50 + i}`),
  between: [10, 20, 30].map((i) => `SELECT COUNT(*) FROM posts p WHERE p.owner BETWEEN 1 AND ${i}`),
  insert: ['INSERT INTO posts VALUES (1000, 1, 1)'],
} as const;

/**
 * `pilot dataset extract-log --source pg_stat_statements` end to end on a managed cluster of its
 * own that preloads pg_stat_statements beside pg_pilot: a few SELECTs and an INSERT are run in
 * a database, then the CLI reads the view through a DSN, and the dataset goes through
 * `pilot dataset show` and `pilot test`, which must say why the queries with $n are left out.
 */
describe('pilot dataset extract-log --source pg_stat_statements (a live server)', function () {
  this.timeout(120_000);
  let t: TestHome;
  let dsn: string;
  let results: string;
  const pilot = (...args: string[]) => runCli([...args, '--home', t.home]);
  const pgss = (...args: string[]) => pilot('dataset', 'extract-log', '--source', 'pg_stat_statements', ...args);
  const queriesFile = (name: string) => JSON.parse(readFileSync(join(t.home, 'datasets', name, 'queries.json'), 'utf8')) as QueriesFile;

  before(async () => {
    t = await createTestHome({ settings: { shared_preload_libraries: 'pg_stat_statements' } });
    results = join(t.home, 'results');
    await t.query('postgres', `CREATE DATABASE ${DB}`);
    await t.query('postgres', `CREATE DATABASE ${OTHER_DB}`);
    const { port, user } = t.cluster.connection();
    dsn = `postgres://${user}:secret@127.0.0.1:${port}/${DB}`;
    const client = new pg.Client(t.cluster.connection(DB));
    await client.connect();
    try {
      await client.query('CREATE EXTENSION pg_stat_statements');
      await client.query('CREATE TABLE users (id int PRIMARY KEY, reputation int); CREATE TABLE posts (id int PRIMARY KEY, owner int, score int)');
      await client.query('INSERT INTO users SELECT g, g % 100 FROM generate_series(1, 200) g; INSERT INTO posts SELECT g, g % 200 + 1, g % 7 FROM generate_series(1, 400) g; ANALYZE');
      for (const calls of Object.values(CALLS)) for (const sql of calls) await client.query(sql);
    } finally {
      await client.end();
    }
    await t.query(OTHER_DB, 'SELECT COUNT(*) FROM pg_class c WHERE c.relpages > 3');
  });
  after(async () => t?.close());

  it('refuses option mix-ups with exit 2 before reading anything', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const cases: [string[], RegExp][] = [
        [['--input', 'x.log', '--dsn', dsn], /error USAGE: --input names log files, but --source pg_stat_statements reads the server's view/],
        [['--prefix', '%m ', '--sort-rotated', '--dsn', dsn], /error USAGE: --prefix, --sort-rotated only apply to log files/],
        [['--split', 'time', '--dsn', dsn], /error USAGE: --split time cannot be used with --source pg_stat_statements: the view keeps no times of day/],
        [[], /error IMPORT_BAD_INPUT: --source pg_stat_statements reads that view on the production server: give it with --dsn/],
        [['--dsn', dsn, '--min-calls', '0'], /error IMPORT_BAD_INPUT: --min-calls must be a whole number of calls, 1 or more \(got 0\)/],
      ];
      for (const [args, message] of cases) {
        const r = await pgss('--name', 'refused', ...args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
      }
      const logs = await pilot('dataset', 'extract-log', '--name', 'refused', '--dsn', dsn);
      assert.equal(logs.code, 2);
      assert.match(logs.stderr, /error USAGE: --input is required with --source logs \(the default\)/);
      const minCalls = await pilot('dataset', 'extract-log', '--name', 'refused', '--input', 'x.log', '--min-calls', '2', '--dsn', dsn);
      assert.match(minCalls.stderr, /error USAGE: --min-calls only applies to --source pg_stat_statements/);
      assert.equal(existsSync(join(t.home, 'datasets', 'refused')), false);
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it('runs on a managed cluster that preloads pg_stat_statements beside pg_pilot', async () => {
    const [row] = await t.query<{ shared_preload_libraries: string }>(DB, 'SHOW shared_preload_libraries');
    const pgPilot = t.cluster.status().then((s) => s.preload);
    assert.equal(row?.shared_preload_libraries, (await pgPilot) ? 'pg_pilot,pg_stat_statements' : 'pg_stat_statements');
  });

  it('says how to enable the extension where it is missing', async () => {
    const r = await pgss('--name', 'other', '--dsn', dsn.replace(DB, OTHER_DB));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error PG_STAT_STATEMENTS_MISSING: the pg_stat_statements extension is not installed in this database/);
    assert.match(r.stderr, /hint: add pg_stat_statements to shared_preload_libraries .* then run CREATE EXTENSION pg_stat_statements/);
  });

  it('writes a read-only dataset with the SELECTs and their call counts, placeholders kept and counted', async () => {
    // Seed 1 puts the query without constants in test with two with placeholders (split by fingerprint hash).
    const r = await pgss('--dsn', dsn, '--seed', '1', '--test-fraction', '0.5');
    assert.equal(r.code, 0, r.stderr);
    const [line1, line2, line3] = r.stdout.split('\n');
    const port = t.cluster.connection().port;
    const shownDsn = `postgres://${t.cluster.connection().user}@127.0.0.1:${port}/${DB}`;
    assert.equal(line1, `extracted production into ${join(t.home, 'datasets', 'production')} (read-only; database ${shownDsn})`);
    assert.match(line2!, /^read \d+ statements from pg_stat_statements \(this database's, called at least 1 time\); kept 5 read-only statements called 15 times, 5 distinct queries$/);
    assert.match(line3!, /^workloads: train \d, test \d \(queries\.json holds call counts and total\/mean\/min\/max times\)$/);
    assert.match(r.stdout, /^skipped: .*dml [1-9]/m);
    assert.match(r.stdout, /^warning: 4 of 5 queries have \$n placeholders \(pg_stat_statements replaces constants with them\)/m);
    assert.match(r.stdout, /^note: the workload files keep the 4 queries with placeholders as the server ran them; pilot dataset show counts them as refused \(parameter\)/m);
    assert.match(r.stdout, /^note: the password was left out of the manifest's DSN/m);

    const manifest = JSON.parse(readFileSync(join(t.home, 'datasets', 'production', 'dataset.json'), 'utf8'));
    assert.equal(manifest.readOnly, true);
    assert.deepEqual(manifest.database, { kind: 'dsn', dsn: shownDsn });
    assert.deepEqual(manifest.load, { kind: 'none' });
    assert.equal(manifest.provenance.source, `pg_stat_statements of ${shownDsn}`);
    assert.ok(!JSON.stringify(manifest).includes('secret'));

    const { queries } = queriesFile('production');
    const find = (pattern: RegExp) => queries.filter((q) => pattern.test(q.sql));
    const expect: [RegExp, number, boolean][] = [
      [/^SELECT COUNT\(\*\) FROM users u WHERE u\.reputation > \$1$/, 3, true],
      [/^SELECT COUNT\(\*\) FROM users u, posts p WHERE u\.id = p\.owner$/, 2, false],
      [/^SELECT COUNT\(\*\) FROM posts p WHERE p\.score = \$1$/, 4, true],
      [/^SELECT COUNT\(\*\) FROM users u, posts p WHERE u\.id = p\.owner AND p\.score IN \(\$1, \$2\) AND u\.reputation < \$3$/, 3, true],
      [/^SELECT COUNT\(\*\) FROM posts p WHERE p\.owner BETWEEN \$1 AND \$2$/, 3, true],
    ];
    for (const [pattern, count, parameterized] of expect) {
      const [q, ...more] = find(pattern);
      assert.ok(q && more.length === 0, `one query ${pattern}: ${queries.map((x) => x.sql).join(' | ')}`);
      assert.equal(q.count, count, q.sql);
      assert.equal(q.parameterized, parameterized, q.sql);
      assert.ok(q.durations.sumMs > 0 && q.durations.meanMs !== null && q.durations.count === count, q.sql);
    }
    assert.equal(queries.length, expect.length, 'no INSERT, no setup statement, nothing of the other database');
    const files = ['train', 'test'].map((side) => readFileSync(join(t.home, 'datasets', 'production', `${side}.sql`), 'utf8')).join('');
    assert.equal(files.split('\n').filter(Boolean).length, 5);
    assert.match(files, /^SELECT COUNT\(\*\) FROM posts p WHERE p\.score = \$1;$/m);
    // The reader's own statements (recorded by the view too): one READ ONLY transaction of reads.
    const own = await t.query<{ query: string }>(DB, "SELECT query FROM pg_stat_statements WHERE query LIKE '/* pilot: pg_stat_statements reader */%'");
    const verbs = new Set(own.map((o) => o.query.replace('/* pilot: pg_stat_statements reader */', '').trim().split(/\s+/).slice(0, 3).join(' ')));
    assert.ok(verbs.has('BEGIN READ ONLY') && verbs.has('ROLLBACK'), [...verbs].join(' | '));
    assert.ok([...verbs].every((v) => v === 'BEGIN READ ONLY' || v === 'ROLLBACK' || v.startsWith('SELECT ')), [...verbs].join(' | '));
    // Called 3 times or more: only the four with placeholders (before pilot test below runs the join again).
    const frequent = await pgss('--dsn', dsn, '--name', 'frequent', '--min-calls', '3', '--test-fraction', '0.5');
    assert.equal(frequent.code, 0, frequent.stderr);
    assert.match(frequent.stdout, /called at least 3 times\); kept 4 read-only statements called 13 times, 4 distinct queries$/m);
    assert.ok(queriesFile('frequent').queries.every((q) => q.parameterized && q.count >= 3));
  });

  it('pilot dataset show counts the queries with placeholders as refused, and --qerror leaves them out', async () => {
    const { queries } = queriesFile('production');
    const side = (set: 'train' | 'test') => queries.filter((q) => q.set === set);
    const r = await pilot('dataset', 'show', 'production');
    assert.equal(r.code, 0, r.stderr);
    for (const set of ['train', 'test'] as const) {
      const all = side(set);
      const refused = all.filter((q) => q.parameterized).length;
      const graphs = `${all.length - refused} of ${all.length}${refused > 0 ? ` \\(refused: parameter ${refused}\\)` : ''}`;
      assert.match(r.stdout, new RegExp(`^ +${set} +${all.length} +${graphs} `, 'm'));
    }
    // --qerror runs the test queries that can run, and says how many it left out.
    const test = side('test');
    const leftOut = test.filter((q) => q.parameterized).length;
    assert.ok(leftOut > 0 && leftOut < test.length, 'the test side mixes queries with and without placeholders');
    const json = JSON.parse((await pilot('dataset', 'show', 'production', '--qerror', '--json')).stdout);
    assert.equal(json.qerrorNote, `left out: ${leftOut} test queries with $n placeholders, which have no values to run with`);
    const runnable = test.findIndex((q) => !q.parameterized);
    assert.deepEqual(json.qerror.queries.map((q: { index: number; actualRows: number }) => [q.index, q.actualRows]), [[runnable, 401]], 'indices of the workload file; true rows of the join (400 posts + the INSERT)');
    // The frequent queries all have placeholders: nothing runs.
    const frequent = await pilot('dataset', 'show', 'frequent', '--qerror');
    assert.equal(frequent.code, 0, frequent.stderr);
    assert.match(frequent.stdout, /^  skipped: every test query \(\d\) has \$n placeholders, and no values to run with$/m);
  });

  it('pilot test times what can run, says why the others are left out, and refuses a workload of placeholders only', async () => {
    const { queries } = queriesFile('production');
    const set = queries.find((q) => !q.parameterized)!.set;
    const leftOut = queries.filter((q) => q.set === set && q.parameterized).length;
    assert.ok(leftOut > 0, 'the query without constants shares its side with queries with placeholders');
    const r = await pilot('test', '--algo', 'baseline', '--db', 'production', '--workload', set, '--repetitions', '1', '--warmups', '0', '--results', results, '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).queries, 1);
    assert.match(r.stderr, new RegExp(`left out ${leftOut} of ${leftOut + 1} ${set} queries that pilot cannot represent: parameter ${leftOut} \\(parameter: \\$n placeholders, which need values before they can run\\)`));

    const none = await pilot('test', '--algo', 'baseline', '--db', 'frequent', '--repetitions', '1', '--warmups', '0', '--results', results);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /error EXPERIMENT_EMPTY_WORKLOAD: the test workload of "frequent" has no query pilot can run \(left out \d of \d test queries that pilot cannot represent: parameter \d\)/);
    assert.match(none.stderr, /hint: queries with \$n placeholders \(pg_stat_statements keeps its texts that way\) cannot run until they are given values/);
  });
});
