import pg from 'pg';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDatabase } from '../../src/db/database-admin.js';
import { ManagedCluster } from '../../src/db/managed-cluster.js';

/** The repository root; tests use the project's own managed cluster in ./.pilot. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const TEST_DATABASE = 'pilot_test';

export function testCluster(): ManagedCluster {
  return new ManagedCluster({ home: process.env.PILOT_HOME ?? join(repoRoot, '.pilot') });
}

/**
 * A pool on the managed cluster (started if needed, pg_pilot preloaded), connected to
 * `database`, which is created (with the pg_pilot extension) when missing.
 */
export async function testPool(database = TEST_DATABASE): Promise<pg.Pool> {
  const cluster = testCluster();
  const status = await cluster.status();
  if (!status.running) await cluster.start();
  await ensureDatabase(cluster.connection('postgres'), database);
  const pool = new pg.Pool({ ...cluster.connection(database), max: 4 });
  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_pilot');
  return pool;
}
