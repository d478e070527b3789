import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSelectQueryCheck } from '../../../src/cli/commands/dataset/select-query-check.js';
import { DatasetError } from '../../../src/dataset/dataset-error.js';
import { importDataset, type ImportRequest } from '../../../src/dataset/import/import-dataset.js';
import type { QueryCheck } from '../../../src/dataset/import/read-workload-input.js';
import { readLabels, readWorkload } from '../../../src/dataset/registry/workload-files.js';
import { createTestHome, databaseNames, IMPORT_FIXTURES, type TestHome } from './dataset-test-home.js';

const fx = (p: string) => join(IMPORT_FIXTURES, p);

describe('importers on the managed cluster: CSV, pg_dump, workload formats, bad input', function () {
  this.timeout(180_000);
  let t: TestHome;
  let check: QueryCheck;
  const imp = (request: ImportRequest) => importDataset(request, { home: t.home, access: async () => t.access, check });
  const rejects = async (request: ImportRequest, code: string, message: RegExp) => {
    await assert.rejects(imp(request), (e: unknown) => {
      assert.ok(e instanceof DatasetError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, message);
      return true;
    });
  };

  before(async () => {
    t = await createTestHome();
    check = (await loadSelectQueryCheck()).check;
  });
  after(async () => t?.close());

  describe('CSV directory + schema.sql', () => {
    it('creates the tables, COPYs each <table>.csv (quoted fields, reordered header) and finds the workloads in the directory', async () => {
      const result = await imp({ format: 'csv', name: 'shop', paths: [fx('csv')] });
      const rows = await t.query<{ id: number; name: string; city: string | null }>('shop', 'SELECT id, name, city FROM customers ORDER BY id');
      assert.deepEqual(rows.map((r) => [r.id, r.name, r.city]), [[1, 'Ada', 'London'], [2, 'Grace "Amazing" Hopper', 'Arlington'], [3, 'Edsger', null], [4, 'Barbara, L.', 'Boston']]);
      const orders = await t.query<{ amount: string }>('shop', 'SELECT amount FROM orders WHERE id = 2');
      assert.equal(orders[0]!.amount, '99.00');
      assert.deepEqual(Object.fromEntries(result.tables.map((s) => [s.table, s.rows])), { customers: 4, items: 7, orders: 5 });
      assert.deepEqual(result.entry.manifest.load, { kind: 'csv', dir: fx('csv'), schema: fx('csv/schema.sql'), header: true });
      assert.deepEqual(result.workloads.map((w) => [w.name, w.queries.length]), [['train', 3], ['test', 2]]);
      const analyzed = await t.query<{ n: string }>('shop', 'SELECT COUNT(*) AS n FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL');
      assert.equal(Number(analyzed[0]!.n), 3);
    });

    it('loads files without a header line with --no-header', async () => {
      const result = await imp({ format: 'csv', name: 'shop-nh', paths: [fx('csv-no-header')], workloads: { train: fx('csv/train.sql'), test: fx('csv/test.sql') }, header: false });
      assert.deepEqual(Object.fromEntries(result.tables.map((s) => [s.table, s.rows])), { customers: 2, items: 2, orders: 2 });
    });

    it('refuses a header naming a column the table lacks, and drops the new database', async () => {
      const request = { format: 'csv', name: 'badhead', paths: [fx('csv-bad-header')], workloads: { train: fx('csv/train.sql'), test: fx('csv/test.sql') } } as const;
      await rejects(request, 'CSV_COLUMNS_MISMATCH', /csv-bad-header\/orders\.csv:1: the header names "customer", not a column of the table \(table orders has 3 columns: id, customer_id, amount\)/);
      assert.ok(!(await databaseNames(t)).includes('badhead'));
    });

    it('refuses a file without header whose field count differs from the table', async () => {
      const request = { format: 'csv', name: 'badcount', paths: [fx('csv')], header: false } as const;
      const dir = mkdtempSync(join(tmpdir(), 'pilot-csv-'));
      try {
        cpSync(fx('csv-no-header'), dir, { recursive: true });
        writeFileSync(join(dir, 'items.csv'), '1,apple\n');
        await rejects({ ...request, paths: [dir], workloads: { train: fx('csv/train.sql'), test: fx('csv/test.sql') } }, 'CSV_COLUMNS_MISMATCH', /items\.csv:1: the first line has 2 fields \(table items has 3 columns/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('reports a bad value with the file and line PostgreSQL names, loading nothing', async () => {
      const request = { format: 'csv', name: 'badvalue', paths: [fx('csv-bad-value')], workloads: { train: fx('csv/train.sql'), test: fx('csv/test.sql') } } as const;
      await rejects(request, 'CSV_LOAD_FAILED', /csv-bad-value\/orders\.csv:4: invalid input syntax for type integer: "two".*\(column customer_id\)/);
      assert.ok(!(await databaseNames(t)).includes('badvalue'));
    });

    it('refuses a CSV file that no table matches', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pilot-csv-'));
      try {
        cpSync(fx('csv'), dir, { recursive: true });
        writeFileSync(join(dir, 'refunds.csv'), 'id\n1\n');
        await rejects({ format: 'csv', name: 'extra', paths: [dir] }, 'CSV_TABLE_UNKNOWN', /refunds\.csv: schema\.sql created no table "refunds" \(tables: customers, items, orders\)/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('pg_dump', () => {
    it('shows psql\'s error with the dump\'s line, and leaves no database behind', async () => {
      const request = { format: 'pilotscope', name: 'broken', paths: [], dump: fx('dump/broken.sql'), workloads: { train: fx('dump/train_queries.txt'), test: fx('csv/test.sql') } } as const;
      await assert.rejects(imp(request), (e: DatasetError) => {
        assert.equal(e.code, 'DUMP_LOAD_FAILED');
        assert.match(e.message, /dump\/broken\.sql:2\d: ERROR: relation "public\.nothing" does not exist/);
        assert.equal(typeof e.context.line, 'number');
        return true;
      });
      assert.ok(!(await databaseNames(t)).includes('broken'));
    });

    it('skips workload entries that do not parse or are not SELECTs, with file:line', async () => {
      const result = await imp({ format: 'pilotscope', name: 'things', paths: [fx('dump/train_queries.txt'), fx('dump/test_queries.txt')], dump: fx('dump/good.sql') });
      assert.deepEqual(result.tables.map((s) => [s.table, s.rows]), [['things', 3]]);
      const test = result.workloads.find((w) => w.name === 'test')!;
      assert.equal(test.queries.length, 1);
      assert.deepEqual(test.skipped.map((s) => [s.file, s.line]), [[fx('dump/test_queries.txt'), 2], [fx('dump/test_queries.txt'), 3]]);
      assert.match(test.skipped[0]!.reason, /^does not parse: syntax error at or near "SELEC"/);
      assert.match(test.skipped[1]!.reason, /^not a SELECT \(DeleteStmt\)/);
      assert.deepEqual(readWorkload(result.entry, 'test')!.queries, ["SELECT COUNT(*) FROM things WHERE label = 'two';"]);
    });

    it('refuses a name that exists, and a non-empty database, unless --force', async () => {
      const request = { format: 'pilotscope', name: 'things', paths: [fx('dump/train_queries.txt'), fx('dump/test_queries.txt')], dump: fx('dump/good.sql') } as const;
      await rejects(request, 'DATASET_EXISTS', /dataset "things" already exists/);
      await rejects({ ...request, name: 'things2', database: 'things' }, 'DATASET_EXISTS', /database "things" already belongs to dataset "things"/);
      await t.query('postgres', 'CREATE DATABASE occupied');
      await t.query('occupied', 'CREATE TABLE t (x int)');
      await rejects({ ...request, name: 'occupied' }, 'DATASET_DATABASE_NOT_EMPTY', /database "occupied" already exists in the managed cluster and has 1 tables/);
      const again = await imp({ ...request, force: true });
      assert.deepEqual(again.tables.map((s) => s.rows), [3]);
    });

    it('refuses a missing file and a custom-format archive before touching the server', async () => {
      await rejects({ format: 'pilotscope', name: 'missing', paths: ['/nonexistent/dump.sql'] }, 'IMPORT_FILE_MISSING', /\/nonexistent\/dump\.sql does not exist/);
      const dir = mkdtempSync(join(tmpdir(), 'pilot-dump-'));
      try {
        writeFileSync(join(dir, 'archive.dump'), 'PGDMP\u0001\u000e\u0000binary');
        await rejects({ format: 'pilotscope', name: 'custom', paths: [], dump: join(dir, 'archive.dump'), workloads: { train: fx('csv/train.sql'), test: fx('csv/test.sql') } }, 'IMPORT_BAD_INPUT', /custom-format archive/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      assert.ok(!(await databaseNames(t)).includes('custom'));
    });
  });

  describe('workload formats for a loaded database (queries)', () => {
    it('keeps STATS-CEB true cardinalities as labels and reports malformed lines', async () => {
      const result = await imp({ format: 'queries', name: 'ceb', paths: [fx('stats-ceb')], database: 'shop' });
      const train = result.workloads.find((w) => w.name === 'train')!;
      assert.deepEqual(train.skipped.map((s) => s.line), [3, 4, 5]);
      assert.deepEqual(result.entry.manifest.load, { kind: 'none' });
      assert.deepEqual(result.entry.manifest.labels?.cardinalities, { train: 'train.cardinalities.json', test: 'test.cardinalities.json' });
      assert.deepEqual([...readLabels(result.entry, 'cardinalities', 'train', 3)!], [[0, 12], [1, 0], [2, 345]]);
      assert.deepEqual(JSON.parse(readFileSync(join(result.entry.dir, 'test.cardinalities.json'), 'utf8')), { 0: 798, 1: 3 });
    });

    it('keeps Lero and JOB query names', async () => {
      const result = await imp({ format: 'queries', name: 'named', paths: [], workloads: { train: fx('lero/train.txt'), test: fx('job') }, database: 'shop' });
      assert.deepEqual([...readLabels(result.entry, 'names', 'train', 2)!.values()], ['q1', 'q2']);
      assert.deepEqual([...readLabels(result.entry, 'names', 'test', 3)!.values()], ['1a', '2a', '10a']);
      assert.equal(readWorkload(result.entry, 'test')!.queries[2], 'SELECT COUNT(*) FROM customers c, orders o, items i WHERE c.id = o.customer_id AND o.id = i.order_id;');
    });

    it('needs an existing database, and a dataset needs both train and test', async () => {
      await rejects({ format: 'queries', name: 'nodb', paths: [fx('stats-ceb')], database: 'nowhere' }, 'IMPORT_BAD_INPUT', /there is no database "nowhere"/);
      await rejects({ format: 'queries', name: 'notest', paths: [], workloads: { train: fx('lero/train.txt') }, database: 'shop' }, 'IMPORT_BAD_INPUT', /no test workload/);
    });

    it('refuses a workload with no usable query', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pilot-wl-'));
      try {
        writeFileSync(join(dir, 'test.sql'), 'DELETE FROM orders;\nnot sql\n');
        await rejects({ format: 'queries', name: 'useless', paths: [fx('csv/train.sql'), join(dir, 'test.sql')], database: 'shop' }, 'IMPORT_NO_QUERIES', /has no usable query \(2 entries skipped\)\n.*test\.sql:1: not a SELECT/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
