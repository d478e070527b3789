import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { generateBuiltinDataset, type BuiltinLoadPhase } from '../../../src/dataset/builtin/generate-builtin-dataset.js';
import { BUILTIN_TABLE_NAMES } from '../../../src/dataset/builtin/schema.js';
import { dropDatabase, type DatabaseAccess } from '../../../src/dataset/import/database-access.js';
import { loadCsvDirectory } from '../../../src/dataset/import/load-csv-directory.js';
import { loadPgDump } from '../../../src/dataset/import/load-pg-dump.js';
import { prepareEmptyDatabase } from '../../../src/dataset/import/prepare-database.js';
import { VACUUM_MESSAGE } from '../../../src/dataset/import/vacuum-loaded-tables.js';
import { findPgBinaries } from '../../../src/db/pg-binaries.js';
import { testCluster } from '../../helpers/cluster.js';
import { IMPORT_FIXTURES } from './dataset-test-home.js';

const BUILTIN = 'pilot_test_vacuum';
const CSV = 'pilot_test_vacuum_csv';
const DUMP = 'pilot_test_vacuum_dump';

interface TableState {
  readonly relname: string;
  readonly vacuumed: boolean;
  readonly analyzed: boolean;
  readonly n_mod_since_analyze: string;
  readonly n_ins_since_vacuum: string;
  readonly relpages: number;
  readonly relallvisible: number;
}

describe('loaders end with VACUUM (ANALYZE) of the loaded tables', function () {
  this.timeout(120_000);
  let access: DatabaseAccess;

  /** Every user table's statistics state, as autovacuum sees it. */
  const tableStates = async (database: string): Promise<TableState[]> => {
    const client = new pg.Client(access.connection(database));
    await client.connect();
    try {
      const { rows } = await client.query<TableState>(`
        SELECT s.relname, coalesce(s.last_vacuum, s.last_autovacuum) IS NOT NULL AS vacuumed,
               coalesce(s.last_analyze, s.last_autoanalyze) IS NOT NULL AS analyzed,
               s.n_mod_since_analyze, s.n_ins_since_vacuum, c.relpages, c.relallvisible
          FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid ORDER BY 1`);
      return rows;
    } finally {
      await client.end();
    }
  };

  /** Vacuumed and analyzed, nothing counted since (autovacuum has no reason to come), every page all-visible. */
  const assertSettled = async (database: string, tables: readonly string[]): Promise<void> => {
    const states = await tableStates(database);
    assert.deepEqual(states.map((s) => s.relname), [...tables].sort());
    for (const s of states) {
      assert.ok(s.vacuumed && s.analyzed, `${database}.${s.relname} was not vacuumed and analyzed`);
      assert.equal(Number(s.n_mod_since_analyze), 0, `${database}.${s.relname}: rows modified since the ANALYZE`);
      assert.equal(Number(s.n_ins_since_vacuum), 0, `${database}.${s.relname}: rows inserted since the VACUUM`);
      assert.equal(s.relallvisible, s.relpages, `${database}.${s.relname}: pages not all-visible`);
    }
  };

  before(async () => {
    const cluster = testCluster();
    if (!(await cluster.status()).running) await cluster.start();
    access = { admin: cluster.connection('postgres'), connection: (database) => cluster.connection(database), psql: join(findPgBinaries().bindir, 'psql') };
  });
  after(async () => {
    for (const database of [BUILTIN, CSV, DUMP]) await dropDatabase(access, database).catch(() => {});
  });

  it('the built-in generator, and again on a reload; the settled state outlasts the loading session', async () => {
    await prepareEmptyDatabase(access, BUILTIN, { force: true });
    const phases: BuiltinLoadPhase[] = [];
    const load = () => generateBuiltinDataset({ seed: 3, scale: 0.02, database: access.connection(BUILTIN), onProgress: (p) => phases.push(p.phase) });
    await load();
    assert.deepEqual([...new Set(phases)].slice(-2), ['vacuum-analyze', 'done']);
    await assertSettled(BUILTIN, BUILTIN_TABLE_NAMES);
    // Statistics a session did not flush reach shared memory when it goes idle or exits: they
    // would count as modifications after the ANALYZE.
    await sleep(1500);
    await assertSettled(BUILTIN, BUILTIN_TABLE_NAMES);
    await load();
    await assertSettled(BUILTIN, BUILTIN_TABLE_NAMES);
  });

  it('the CSV importer, and says so', async () => {
    await prepareEmptyDatabase(access, CSV, { force: true });
    const said: string[] = [];
    await loadCsvDirectory(access, CSV, { dir: join(IMPORT_FIXTURES, 'csv'), log: (m) => said.push(m) });
    assert.deepEqual(said, [VACUUM_MESSAGE]);
    await sleep(1500);
    await assertSettled(CSV, ['customers', 'items', 'orders']);
  });

  it('the pg_dump importer (rows inserted by psql), and says so', async () => {
    await prepareEmptyDatabase(access, DUMP, { force: true });
    const said: string[] = [];
    await loadPgDump(access, DUMP, join(IMPORT_FIXTURES, 'dump', 'good.sql'), (m) => said.push(m));
    assert.deepEqual(said, [VACUUM_MESSAGE]);
    await sleep(1500);
    await assertSettled(DUMP, ['things']);
  });
});
