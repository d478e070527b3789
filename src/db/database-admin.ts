import pg from 'pg';
import { toDatabaseError } from './database-error.js';

/**
 * Creates `database` (with pg_pilot when the server has it) unless it exists. CREATE DATABASE
 * cannot run inside a transaction, so this uses a plain client rather than the Interactor.
 */
export async function ensureDatabase(admin: pg.ClientConfig, database: string): Promise<boolean> {
  const client = new pg.Client(admin);
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      return true;
    }
    return false;
  } catch (error) {
    throw toDatabaseError(error, { target: `${admin.host ?? ''}/${database}` });
  } finally {
    await client.end().catch(() => {});
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
