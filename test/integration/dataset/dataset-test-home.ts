import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DatabaseAccess } from '../../../src/dataset/import/database-access.js';
import { ManagedCluster } from '../../../src/db/managed-cluster.js';
import { findPgBinaries } from '../../../src/db/pg-binaries.js';

/** ../shared/datasets/stats_tiny beside the project (absent on a fresh machine: those tests skip). */
export const STATS_TINY = fileURLToPath(new URL('../../../../shared/datasets/stats_tiny/', import.meta.url));
export const IMPORT_FIXTURES = fileURLToPath(new URL('../../fixtures/import/', import.meta.url));

export interface TestHome {
  readonly home: string;
  readonly cluster: ManagedCluster;
  readonly access: DatabaseAccess;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(database: string, sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * A pilot home of its own in a temp directory, with its own managed cluster (pg_pilot preloaded
 * when it is installed, and any `settings`, e.g. more shared_preload_libraries), so dataset
 * tests can create and drop databases and datasets freely.
 */
export async function createTestHome(options: { settings?: Record<string, string> } = {}): Promise<TestHome> {
  const home = mkdtempSync(join(tmpdir(), 'pilot-dataset-it-'));
  chmodSync(home, 0o755);
  const cluster = new ManagedCluster({ home });
  const bins = findPgBinaries();
  const pgPilot = existsSync(join(dirname(bins.bindir), 'lib', 'pg_pilot.so'));
  await cluster.start({ withoutPgPilot: !pgPilot, ...(options.settings ? { settings: options.settings } : {}) });
  const connection = (database: string): pg.ClientConfig => ({ ...cluster.connection(database) });
  return {
    home,
    cluster,
    access: { admin: connection('postgres'), connection, psql: join(bins.bindir, 'psql') },
    async query<T extends pg.QueryResultRow>(database: string, sql: string): Promise<T[]> {
      const client = new pg.Client(connection(database));
      await client.connect();
      try {
        return (await client.query<T>(sql)).rows;
      } finally {
        await client.end();
      }
    },
    async close() {
      await cluster.destroy();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function databaseNames(t: TestHome): Promise<string[]> {
  return (await t.query<{ datname: string }>('postgres', 'SELECT datname FROM pg_database ORDER BY 1')).map((r) => r.datname);
}
