import type pg from 'pg';
import { ManagedCluster, resolveHome } from './managed-cluster.js';

/** Where a command's database lives: the managed cluster, or a server the user named. */
export type ConnectionTarget =
  | { readonly kind: 'managed'; readonly cluster: ManagedCluster; readonly database: string }
  | { readonly kind: 'external'; readonly config: pg.PoolConfig; readonly source: string };

export interface ConnectionTargetOptions {
  dsn?: string | undefined;
  home?: string | undefined;
  database?: string | undefined;
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** PG* variables that name a server; PGUSER or PGPASSWORD alone do not. */
const SERVER_VARS = ['PGHOST', 'PGHOSTADDR', 'PGPORT', 'PGDATABASE', 'PGSERVICE'] as const;

/**
 * --dsn wins, then DATABASE_URL, then the standard PG* variables; without any of them every
 * command uses the managed cluster.
 */
export function resolveConnectionTarget(options: ConnectionTargetOptions): ConnectionTarget {
  const env = options.env ?? process.env;
  if (options.dsn) return { kind: 'external', config: { connectionString: options.dsn }, source: '--dsn' };
  if (env.DATABASE_URL) return { kind: 'external', config: { connectionString: env.DATABASE_URL }, source: 'DATABASE_URL' };
  const named = SERVER_VARS.filter((v) => env[v]);
  if (named.length > 0) {
    // node-postgres reads the PG* variables itself; a database option still picks the database.
    return { kind: 'external', config: options.database ? { database: options.database } : {}, source: named.join(', ') };
  }
  const cluster = new ManagedCluster({ home: resolveHome(options.home), ...(options.log ? { log: options.log } : {}) });
  return { kind: 'managed', cluster, database: options.database ?? 'postgres' };
}

/** Pool settings for the target, starting the managed cluster when it is not running. */
export async function connectionConfig(target: ConnectionTarget): Promise<pg.PoolConfig> {
  if (target.kind === 'external') return target.config;
  const status = await target.cluster.status();
  if (!status.running) await target.cluster.start();
  return { ...target.cluster.connection(target.database) };
}
