import type { Interactor } from '../../db/interactor.js';
import { PilotError } from '../../errors/index.js';

/**
 * Refuses, before anything is trained or timed, database settings the server does not have
 * (a dotted name such as `pg_strom.enabled` would otherwise be accepted silently as a
 * placeholder when the extension is not loaded) and values it rejects. Values are tried with
 * set_config in a transaction that is rolled back, so nothing changes on the server.
 */
export async function checkDbSettings(interactor: Pick<Interactor, 'execute'>, grid: Readonly<Record<string, readonly string[]>>): Promise<void> {
  const names = Object.keys(grid);
  if (names.length === 0) return;
  const listed = names.map((n) => `'${n.replace(/'/g, "''")}'`).join(', ');
  const found = await interactor.execute(`SELECT name FROM pg_settings WHERE name IN (${listed})`, { pull: ['records'] });
  const known = new Set(found.status === 'ok' ? (found.records ?? []).map((r) => String(r['name'])) : []);
  const missing = names.filter((n) => !known.has(n));
  if (missing.length > 0) {
    throw new PilotError('EXPERIMENT_UNKNOWN_SETTING', `the database has no setting ${missing.map((n) => `db.${n}`).join(', ')}`, {
      context: { settings: missing },
      hint: missing.some((n) => n.includes('.')) ? 'a dotted setting belongs to an extension: is it installed and in shared_preload_libraries?' : 'see `SHOW ALL` for the settings this server has',
    });
  }
  for (const [name, values] of Object.entries(grid)) {
    for (const value of values) {
      try {
        await interactor.execute('SELECT 1', { push: { settings: { [name]: value } } });
      } catch (error) {
        throw new PilotError('EXPERIMENT_BAD_SETTING', `db.${name} = ${JSON.stringify(value)} is refused by the database: ${(error as Error).message.split('\n')[0]}`, {
          context: { setting: name, value },
          cause: error,
        });
      }
    }
  }
}
