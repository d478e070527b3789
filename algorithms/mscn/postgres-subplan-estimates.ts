import type { Interactor } from '../../src/db/interactor.js';

/**
 * PostgreSQL's own row estimate of every sub-plan it built for `sql` (statement level only), by
 * sub-plan key: what MSCN's q-error is compared with. `cost` is pulled too so that the statement
 * is only planned (EXPLAIN), not run; undefined when planning timed out.
 */
export async function postgresSubplanEstimates(interactor: Pick<Interactor, 'execute'>, sql: string, timeoutMs: number): Promise<Map<string, number> | undefined> {
  const result = await interactor.execute(sql, { pull: ['cost', 'subplanEstimates'], timeoutMs });
  if (result.status !== 'ok') return undefined;
  const estimates = new Map<string, number>();
  for (const e of result.subplanEstimates ?? []) if (e.level === 1) estimates.set(e.key, e.plannerRows);
  return estimates;
}
