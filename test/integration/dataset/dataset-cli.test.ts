import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    assert.equal(json.qerror.samples.length, 4);
    assert.equal(json.qerror.samples[0].truth, 8, 'true rows of the join under COUNT(*), from EXPLAIN ANALYZE');
    assert.deepEqual(json.tables.map((x: { table: string; rows: number }) => [x.table, x.rows]), [['customers', 6], ['items', 11], ['orders', 8]]);
  });

  it('show uses labelled true cardinalities, and skips the q-error on request', async () => {
    const r = await pilot('dataset', 'show', 'shop', '--json');
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.qerror.samples.map((s: { truth: number }) => s.truth), [100, 7], 'the (made-up) labels, not the counts in the database');
    const skipped = await pilot('dataset', 'show', 'shop', '--no-qerror');
    assert.match(skipped.stdout, /^  skipped \(--no-qerror\)$/m);
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
