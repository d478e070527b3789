import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestHome, databaseNames, IMPORT_FIXTURES, STATS_TINY, type TestHome } from './dataset-test-home.js';
import { runCli } from './run-cli.js';

const fx = (p: string) => join(IMPORT_FIXTURES, p);

describe('pilot dataset (the real CLI on a managed cluster)', function () {
  this.timeout(180_000);
  let t: TestHome;
  const pilot = (...args: string[]) => runCli([...args, '--home', t.home]);

  before(async () => {
    t = await createTestHome();
  });
  after(async () => t?.close());

  it('list shows the built-in example dataset, not yet loaded', async () => {
    const r = await pilot('dataset', 'list');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME +WHERE +DATABASE +STATE +TRAIN +TEST +FAST$/m);
    assert.match(r.stdout, /^example +project +managed:pilot_example +not loaded +8 +4 +2$/m);
  });

  it('load fills a built-in dataset\'s database from its manifest, and refuses to load it twice', async () => {
    const r = await pilot('dataset', 'load', 'example');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'loaded example: customers 6, items 11, orders 8\n');
    const again = await pilot('dataset', 'load', 'example');
    assert.equal(again.code, 2);
    assert.match(again.stderr, /error DATASET_DATABASE_NOT_EMPTY: database "pilot_example" already exists/);
    assert.equal((await pilot('dataset', 'load', 'example', '--force')).code, 0);
  });

  it('import registers a dataset and prints what it loaded and skipped', async () => {
    const r = await pilot('dataset', 'import', 'csv', fx('csv'), '--name', 'shop', '--train', fx('lero/train.txt'), '--test', fx('stats-ceb/shop-cards.txt'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^imported shop into .*datasets\/shop \(database shop in the managed cluster\)$/m);
    assert.match(r.stdout, /^tables: customers 4, items 7, orders 5$/m);
    assert.match(r.stdout, /^  train +2 queries from .*lero\/train\.txt \(lero; query names kept\); query graphs: 2 of 2$/m);
    assert.match(r.stdout, /^  test +2 queries from .*stats-ceb\/shop-cards\.txt \(stats-ceb; true cardinalities kept\); query graphs: 2 of 2$/m);
    assert.match(r.stdout, /^skipped 3 entries:\n  .*lero\/train\.txt:3: expected "<name>#####<SQL>" \(Lero format\)$/m);
  });

  it('show summarizes manifest, tables, workloads and PostgreSQL\'s q-error', async () => {
    const r = await pilot('dataset', 'show', 'example');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^example: A tiny hand-written shop/);
    assert.match(r.stdout, /^state +loaded \(3 tables\)$/m);
    assert.match(r.stdout, /^ +orders +8 +\d+ kB$/m);
    assert.match(r.stdout, /^ +test +4 +4 of 4 +- +/m);
    assert.match(r.stdout, /^ +all +4 +\d+\.\d\d/m);
    const json = JSON.parse((await pilot('dataset', 'show', 'example', '--json')).stdout);
    assert.equal(json.qerror.queries.length, 4);
    assert.equal(json.qerror.queries[0].actualRows, 8, 'true rows of the join under COUNT(*), from EXPLAIN ANALYZE');
    assert.deepEqual(json.tables.map((x: { table: string; rows: number }) => [x.table, x.rows]), [['customers', 6], ['items', 11], ['orders', 8]]);
  });

  it('show lists the labels kept at import, and skips the q-error on request', async () => {
    const r = await pilot('dataset', 'show', 'shop', '--no-qerror');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ +train +2 +2 of 2 +names 2 +/m);
    assert.match(r.stdout, /^ +test +2 +2 of 2 +cardinalities 2 +/m);
    assert.match(r.stdout, /^  skipped \(--no-qerror\)$/m);
  });

  it('list reports a broken manifest with file and field, and still lists the others', async () => {
    mkdirSync(join(t.home, 'datasets', 'broken'), { recursive: true });
    writeFileSync(join(t.home, 'datasets', 'broken', 'dataset.json'), JSON.stringify({ name: 'broken', description: 'x', provenance: {}, database: { kind: 'managed', name: 'b' }, load: { kind: 'none' }, workloads: { train: 1, test: 't' }, readOnly: false }));
    const r = await pilot('dataset', 'list');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^example +project +managed:pilot_example +loaded \(3 tables\) +8 +4 +2$/m);
    assert.match(r.stdout, /^shop +home +managed:shop +loaded \(3 tables\) +2 +2 +-$/m);
    assert.match(r.stdout, /1 dataset directory with problems:\n/);
    assert.match(r.stdout, /^  .*datasets\/broken\/dataset\.json: \/provenance\/source: is required$/m);
    assert.match(r.stdout, /^  .*datasets\/broken\/dataset\.json: \/workloads\/train: must be string$/m);
    const show = await pilot('dataset', 'show', 'broken');
    assert.equal(show.code, 2);
    assert.match(show.stderr, /error DATASET_BROKEN: dataset "broken" cannot be used:\n[^]*\/workloads\/train: must be string/);
    assert.equal((await pilot('dataset', 'remove', 'broken')).code, 0);
  });

  it('remove deletes a user dataset, and its database with --drop-database; built-ins stay', async () => {
    const builtin = await pilot('dataset', 'remove', 'example');
    assert.equal(builtin.code, 2);
    assert.match(builtin.stderr, /error DATASET_NOT_REMOVABLE: "example" is a built-in dataset/);
    const r = await pilot('dataset', 'remove', 'shop', '--drop-database');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^dropped database shop\nremoved shop \(/);
    assert.equal(existsSync(join(t.home, 'datasets', 'shop')), false);
    assert.ok(!(await databaseNames(t)).includes('shop'));
    const gone = await pilot('dataset', 'show', 'shop');
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /error DATASET_NOT_FOUND: no dataset named "shop" \(known: example\)/);
  });

  it('generate makes the built-in dataset with labelled workloads, once; load --force regenerates it', async () => {
    const r = await pilot('dataset', 'generate', '--scale', 'small', '--seed', '7', '--name', 'gen');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^generated gen in [\d.]+ s: .*datasets\/gen, database gen in the managed cluster$/m);
    assert.match(r.stdout, /^tables: badges [\d,]+, comments [\d,]+, posthistory [\d,]+, postlinks [\d,]+, posts [\d,]+, tags [\d,]+, users [\d,]+, votes [\d,]+$/m);
    const again = await pilot('dataset', 'generate', '--scale', 'small', '--seed', '7', '--name', 'gen');
    assert.match(again.stdout, /^gen is already generated with seed 7 and scale small/);
    const other = await pilot('dataset', 'generate', '--scale', 'small', '--seed', '8', '--name', 'gen');
    assert.equal(other.code, 2);
    assert.match(other.stderr, /error DATASET_EXISTS: dataset "gen" already exists/);
    const json = JSON.parse((await pilot('dataset', 'show', 'gen', '--json', '--no-qerror')).stdout);
    assert.deepEqual(json.manifest.load, { kind: 'builtin', seed: 7, scale: 'small' });
    assert.deepEqual(json.workloads.map((w: { name: string; queries: number; labels: object }) => [w.name, w.queries, w.labels]), [
      ['train', 1000, { cardinalities: 1000 }],
      ['test', 150, { cardinalities: 150 }],
      ['fast', 30, { cardinalities: 30 }],
    ]);
    const reload = await pilot('dataset', 'load', 'gen', '--force');
    assert.equal(reload.code, 0, reload.stderr);
    assert.match(reload.stdout, /^loaded gen: badges [\d,]+/);
  });

  it('extract-log registers a read-only production dataset pointing at the DSN, without its password', async () => {
    const log = fileURLToPath(new URL('../../fixtures/logs/postgresql.log', import.meta.url));
    const r = await pilot('dataset', 'extract-log', '--input', log, '--dsn', 'postgres://reader:secret@127.0.0.1:1/shop', '--test-fraction', '0.5');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^extracted production into .*datasets\/production \(read-only; database postgres:\/\/reader@127\.0\.0\.1:1\/shop\)$/m);
    assert.match(r.stdout, /^note: the password was left out/m);
    const json = JSON.parse((await pilot('dataset', 'show', 'production', '--json')).stdout);
    assert.equal(json.manifest.readOnly, true);
    assert.deepEqual(json.manifest.load, { kind: 'none' });
    assert.equal(json.manifest.database.dsn, 'postgres://reader@127.0.0.1:1/shop');
    assert.ok(json.workloads[0].queries + json.workloads[1].queries > 0);
    assert.ok(existsSync(join(t.home, 'datasets', 'production', 'queries.json')));
    const list = await pilot('dataset', 'list');
    assert.match(list.stdout, /^production +home +dsn:postgres:\/\/reader@127\.0\.0\.1:1\/shop \(read-only\) +unreachable: /m);
    const drop = await pilot('dataset', 'remove', 'production', '--drop-database');
    assert.equal(drop.code, 2);
    assert.match(drop.stderr, /pilot never drops databases it does not manage/);
  });

  it('import of stats_tiny through the CLI, then list', async function () {
    if (!existsSync(STATS_TINY)) {
      console.log(`      skipping: ${STATS_TINY} is missing (../shared is not beside the project)`);
      this.skip();
    }
    const r = await pilot('dataset', 'import', 'pilotscope', STATS_TINY, '--name', 'stats_tiny', '--license', 'CC-BY-SA-4.0');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^tables: badges 798, comments 1,743, posthistory 3,031, postlinks 111, posts 919, tags 10, users 403, votes 3,280$/m);
    const list = await pilot('dataset', 'list');
    assert.match(list.stdout, /^stats_tiny +home +managed:stats_tiny +loaded \(8 tables\) +1,000 +146 +84$/m);
  });
});
