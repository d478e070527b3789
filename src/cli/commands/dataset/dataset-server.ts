import type pg from 'pg';
import { ManagedCluster, resolveHome } from '../../../db/managed-cluster.js';
import { findPgBinaries } from '../../../db/pg-binaries.js';
import type { DatabaseAccess } from '../../../dataset/import/database-access.js';
import { join } from 'node:path';

/**
 * The managed cluster of a pilot home, as the dataset commands use it. A dataset's manifest says
 * where its database is, so DATABASE_URL and PG* variables do not redirect managed datasets.
 */
export interface DatasetServer {
  readonly home: string;
  readonly cluster: ManagedCluster;
  /** Connection settings for managed databases while the cluster runs; undefined when it is stopped (nothing is started). */
  ifRunning(): Promise<((database: string) => pg.ClientConfig) | undefined>;
  /** Starts the cluster when needed. */
  access(): Promise<DatabaseAccess>;
}

export function datasetServer(homeOption: string | undefined, log: (m: string) => void): DatasetServer {
  const home = resolveHome(homeOption);
  const cluster = new ManagedCluster({ home, log });
  const connection = (database: string): pg.ClientConfig => ({ ...cluster.connection(database) });
  return Object.freeze({
    home,
    cluster,
    async ifRunning() {
      return (await cluster.status()).running ? connection : undefined;
    },
    async access(): Promise<DatabaseAccess> {
      if (!(await cluster.status()).running) await cluster.start();
      return { admin: connection('postgres'), connection, psql: join(findPgBinaries().bindir, 'psql') };
    },
  });
}
