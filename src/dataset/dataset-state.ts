import pg from 'pg';
import type { DatasetManifest } from './registry/dataset-manifest.js';
import { listUserTables } from './import/database-access.js';

/** Whether a dataset's database holds data, as far as one catalog query can tell. */
export type DatasetState =
  | { readonly kind: 'loaded'; readonly tables: number }
  | { readonly kind: 'empty' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'cluster-stopped' }
  | { readonly kind: 'unreachable'; readonly message: string };

export const DATASET_STATE_KINDS = ['loaded', 'empty', 'missing', 'cluster-stopped', 'unreachable'] as const;

/**
 * Connection settings for the dataset's database: `managed` maps a managed database name to its
 * settings, or gives undefined while the managed cluster is stopped (nothing is started here).
 */
export function datasetConnection(manifest: DatasetManifest, managed: (database: string) => pg.ClientConfig | undefined): pg.ClientConfig | undefined {
  if (manifest.database.kind === 'managed') return managed(manifest.database.name);
  return { connectionString: manifest.database.dsn, connectionTimeoutMillis: 5000 };
}

/** Connects once and counts the user tables; never throws. */
export async function probeDatasetState(config: pg.ClientConfig | undefined): Promise<DatasetState> {
  if (config === undefined) return { kind: 'cluster-stopped' };
  const client = new pg.Client({ connectionTimeoutMillis: 5000, ...config });
  client.on('error', () => {});
  try {
    await client.connect();
    const tables = await listUserTables(client);
    return tables.length > 0 ? { kind: 'loaded', tables: tables.length } : { kind: 'empty' };
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return { kind: 'missing' };
    return { kind: 'unreachable', message: (error as Error).message };
  } finally {
    await client.end().catch(() => {});
  }
}

export function describeState(state: DatasetState): string {
  switch (state.kind) {
    case 'loaded':
      return `loaded (${state.tables} tables)`;
    case 'empty':
      return 'not loaded (empty database)';
    case 'missing':
      return 'not loaded';
    case 'cluster-stopped':
      return 'unknown (cluster stopped)';
    case 'unreachable':
      return `unreachable: ${state.message}`;
  }
}
