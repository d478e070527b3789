/**
 * Lero's candidate plans: the planner's own plan plus the plans it picks when every sub-plan of
 * one join size has its estimate scaled by a factor. Scaling all sub-plans of size k up (or down)
 * makes joins of that size look expensive (or cheap), which pushes PostgreSQL to other join
 * orders and methods without enumerating plans ourselves.
 */
import type { ExecuteOptions, ExecuteResult, SubplanEstimate } from '../../src/db/interactor.js';
import { planSignature, type ExplainResult, type PlanNode } from '../../src/db/explain/index.js';
import { PilotError } from '../../src/errors/index.js';
import { restoreEstimates } from './restore-estimates.js';

export const DEFAULT_FACTORS: readonly number[] = [0.01, 0.1, 1, 10, 100];

/** The part of the Interactor candidate generation needs (EXPLAIN only, nothing is executed). */
export type ExplainInteractor = { execute(sql: string, options?: ExecuteOptions): Promise<ExecuteResult> };

/** One (factor, join size) scaling that produced a candidate. */
export interface CandidateSource {
  readonly factor: number;
  readonly joinSize: number;
}

export interface Candidate {
  /** planSignature of the plan: join order, join and scan methods, no row counts. */
  readonly signature: string;
  readonly plan: ExplainResult;
  /** The plan's root with the planner's own row estimates where the cards had replaced them (see restoreEstimates). */
  readonly restoredRoot: PlanNode;
  /** What to push to get this plan back; `{}` for the default plan. */
  readonly cards: Readonly<Record<string, number>>;
  readonly isDefault: boolean;
  /** Every scaling that gave this plan (empty for the default plan unless a scaling also gave it). */
  readonly sources: readonly CandidateSource[];
}

export interface CandidateSet {
  /** Distinct plans; the default plan is always first. */
  readonly candidates: readonly Candidate[];
  /** The planner's level-1 sub-plan estimates for the unhinted query. */
  readonly estimates: readonly SubplanEstimate[];
  /** EXPLAINs issued (1 + factors × join sizes). */
  readonly explains: number;
}

export interface GenerateCandidatesOptions {
  readonly factors?: readonly number[];
}

/**
 * Candidates for `sql`: EXPLAIN it once pulling the planner's sub-plan estimates, then for each
 * factor f and join size k in 2..n push rows × f for every sub-plan of k relations and EXPLAIN
 * again. Plans are deduplicated by signature; each keeps the cards of the first scaling that
 * produced it (factors in the given order, then k ascending), so the result is deterministic.
 * The scaled EXPLAINs run concurrently up to the interactor's pool size.
 */
export async function generateCandidates(interactor: ExplainInteractor, sql: string, options: GenerateCandidatesOptions = {}): Promise<CandidateSet> {
  const factors = options.factors ?? DEFAULT_FACTORS;
  for (const f of factors) {
    if (!Number.isFinite(f) || f <= 0) throw new PilotError('LERO_BAD_FACTOR', `a candidate scaling factor must be a finite number > 0, got ${f}`);
  }
  const base = await interactor.execute(sql, { pull: ['subplanEstimates', 'plan'] });
  if (base.status !== 'ok' || base.plan === undefined || base.subplanEstimates === undefined) {
    throw new PilotError('LERO_NO_PLAN', 'EXPLAIN of the query returned no plan or no sub-plan estimates', { context: { sql } });
  }
  const estimates = base.subplanEstimates.filter((e) => e.level === 1);
  const relations = estimates.reduce((n, e) => Math.max(n, e.relations), 0);

  const scalings: CandidateSource[] = [];
  for (const factor of factors) for (let joinSize = 2; joinSize <= relations; joinSize += 1) scalings.push({ factor, joinSize });
  const plans = await Promise.all(
    scalings.map(async (s) => {
      const cards = scaledCards(estimates, s.joinSize, s.factor);
      const result = await interactor.execute(sql, { push: { cards }, pull: ['plan'] });
      if (result.status !== 'ok' || result.plan === undefined) throw new PilotError('LERO_NO_PLAN', 'EXPLAIN with scaled cardinalities returned no plan', { context: { sql, ...s } });
      return { source: s, cards, plan: result.plan };
    }),
  );

  const bySignature = new Map<string, Candidate & { sources: CandidateSource[] }>();
  const defaultSignature = planSignature(base.plan.root);
  bySignature.set(defaultSignature, { signature: defaultSignature, plan: base.plan, restoredRoot: restoreEstimates(base.plan.root, estimates), cards: {}, isDefault: true, sources: [] });
  for (const p of plans) {
    const signature = planSignature(p.plan.root);
    const seen = bySignature.get(signature);
    if (seen !== undefined) seen.sources.push(p.source);
    else bySignature.set(signature, { signature, plan: p.plan, restoredRoot: restoreEstimates(p.plan.root, estimates), cards: p.cards, isDefault: false, sources: [p.source] });
  }
  return { candidates: [...bySignature.values()], estimates, explains: 1 + plans.length };
}

/**
 * The cards that scale every sub-plan of `joinSize` relations by `factor`. Only those are pushed:
 * pg_pilot leaves the others at the planner's own estimate.
 */
export function scaledCards(estimates: readonly SubplanEstimate[], joinSize: number, factor: number): Record<string, number> {
  const cards: Record<string, number> = {};
  for (const e of estimates) if (e.relations === joinSize) cards[e.key] = e.plannerRows * factor;
  return cards;
}
