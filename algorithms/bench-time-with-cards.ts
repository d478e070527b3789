import type { Interactor } from '../src/db/interactor.js';

/**
 * For the algorithms' tuning benches: the server's time (EXPLAIN ANALYZE) of the second of two
 * runs of `sql` with `cards` pushed (the first warms the cache); the limit when cut off.
 */
export async function timeWithCards(interactor: Pick<Interactor, 'execute'>, sql: string, cards: Readonly<Record<string, number>>, limitMs: number): Promise<{ ms: number; timedOut: boolean }> {
  let ms = limitMs;
  for (let run = 0; run < 2; run++) {
    const r = await interactor.execute(sql, { push: { cards: { ...cards } }, pull: ['executionTime'], timeoutMs: limitMs });
    if (r.status !== 'ok') return { ms: limitMs, timedOut: true };
    ms = r.executionTimeMs ?? r.elapsedMs;
  }
  return { ms, timedOut: false };
}
