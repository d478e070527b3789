/**
 * How large should Lero's chooseMargin be? Loads a saved Lero model and, for each query of a
 * builtin workload, generates and scores the candidates, then times PostgreSQL's own plan and
 * the best-scoring other candidate (EXPLAIN ANALYZE, TIMING OFF, after one warm-up). Whatever
 * the margin, the choice is one of those two plans, so one pass gives every margin's totals.
 *
 *   npx tsx algorithms/lero/bench/choose-margin.ts --model DIR [--workload train]
 *     [--offset 200] [--limit 100] [--margins 0,0.5,1,2,3] [--timeout 30000]
 *
 * Tune on training queries the model did not train on (Lero uses the first maxTrainQueries).
 * Prints one JSON object on stdout; progress goes to stderr. A candidate is cut off at
 * max(10x the default plan's time, 1 s) and counted at its timeout (a lower bound).
 */
import { parseArgs } from 'node:util';
import { timeWithCards } from '../../bench-time-with-cards.js';
import { benchWorkload } from '../../bench-workload.js';
import { lero } from '../index.js';
import type { LeroInstance } from '../lero-instance.js';
import { openAlgorithmSession } from '../../../src/cli/commands/algo/algorithm-session.js';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    workload: { type: 'string', default: 'train' },
    offset: { type: 'string', default: '200' },
    limit: { type: 'string', default: '100' },
    margins: { type: 'string', default: '0,0.5,1,2,3,4' },
    timeout: { type: 'string', default: '30000' },
  },
});
if (args.model === undefined) throw new Error('--model DIR is required');
const margins = args.margins.split(',').map(Number);
const timeoutMs = Number(args.timeout);
const log = (m: string): void => void process.stderr.write(`${m}\n`);

const session = await openAlgorithmSession({ dataset: 'builtin', seed: 42, timeoutMs, concurrency: 2, quiet: true });
const { interactor } = session.runtime;
let instance: LeroInstance | undefined;

const time = (sql: string, cards: Readonly<Record<string, number>>, limitMs: number) => timeWithCards(interactor, sql, cards, limitMs);

try {
  instance = (await lero.load(args.model, session.runtime)) as LeroInstance;
  const rows: { query: string; defaultMs: number; otherMs: number; advantage: number }[] = [];
  for (const query of benchWorkload(session, args.workload, Number(args.offset), Number(args.limit))) {
    const { id, sql } = query;
    // Margin 0 with a huge score range: the scores of all candidates, the default first.
    const decision = await instance.plan(query);
    // The margin applies to the first member's scores (an ensemble's others can only veto).
    const details = decision.details as { scores: number[]; memberScores?: number[][] };
    const scores = details.memberScores?.[0] ?? details.scores;
    const defaultTime = await time(sql, {}, timeoutMs);
    let bestOther = -1;
    scores.forEach((s, j) => {
      if (j > 0 && (bestOther < 0 || s < scores[bestOther]!)) bestOther = j;
    });
    let otherMs = defaultTime.ms;
    let advantage = -Infinity;
    if (bestOther > 0) {
      advantage = scores[0]! - scores[bestOther]!;
      // plan() pushed the best candidate's cards only when it beat the default; re-derive them.
      const cards = await bestOtherCards(sql, bestOther);
      otherMs = (await time(sql, cards, Math.min(timeoutMs, Math.max(10 * defaultTime.ms, 1000)))).ms;
    }
    rows.push({ query: id, defaultMs: defaultTime.ms, otherMs, advantage });
    log(`${rows.length} ${id} default ${defaultTime.ms.toFixed(1)} ms, best other ${otherMs.toFixed(1)} ms, advantage ${advantage.toFixed(2)}`);
  }
  const defaultTotal = rows.reduce((n, r) => n + r.defaultMs, 0);
  const perMargin = Object.fromEntries(
    margins.map((m) => {
      let total = 0;
      let slower2x = 0;
      let changed = 0;
      let worst = { ratio: 0, query: '' };
      for (const r of rows) {
        const ms = r.advantage > m ? r.otherMs : r.defaultMs;
        if (r.advantage > m) changed++;
        total += ms;
        const ratio = ms / Math.max(r.defaultMs, 0.001);
        if (ratio > 2) slower2x++;
        if (ratio > worst.ratio) worst = { ratio: Math.round(ratio * 100) / 100, query: r.query };
      }
      return [`margin=${m}`, { totalMs: Math.round(total), ratio: Math.round((total / defaultTotal) * 1000) / 1000, slower2x, changed, worst }];
    }),
  );
  process.stdout.write(`${JSON.stringify({ model: args.model, workload: args.workload, offset: Number(args.offset), queries: rows.length, defaultMs: Math.round(defaultTotal), margins: perMargin, rows }, null, 2)}\n`);
} finally {
  instance?.dispose();
  await session.close();
}

async function bestOtherCards(sql: string, index: number): Promise<Readonly<Record<string, number>>> {
  const { generateCandidates } = await import('../generate-candidates.js');
  const set = await generateCandidates(interactor, sql, { factors: (instance as LeroInstance).params['factors'] as number[] });
  const candidate = set.candidates[index];
  if (candidate === undefined) throw new Error(`candidate ${index} vanished on a second generation`);
  return candidate.cards;
}
