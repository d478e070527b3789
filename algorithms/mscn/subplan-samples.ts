import { collectTrueCardinalities, type CollectionResult } from '../../src/collect/index.js';
import { datasetKey } from '../../src/results/index.js';
import type { AlgorithmRuntime, WorkloadQuery } from '../algorithm.js';
import type { FeaturizationWarnings } from './featurization-warnings.js';
import type { MscnFeaturizer, SubplanFeatures } from './featurizer.js';
import type { MscnSample } from './mscn-model.js';
import type { MscnParams } from './mscn-params.js';

/** A distinct sub-plan with its true cardinality and the query it was first seen in (for PostgreSQL's estimate). */
export interface SourcedSample extends MscnSample {
  readonly queryId: string;
  readonly key: string;
  readonly size: number;
}

export interface SubplanSamples {
  readonly samples: SourcedSample[];
  /** Sub-plans left out because their count timed out. */
  readonly timedOut: number;
  /** Sub-plans left out because an identical one (same canonical COUNT(*) SQL) came earlier. */
  readonly duplicates: number;
}

/** The true cardinality of every connected sub-plan of `queries`, through the store's cache. */
export function collectSubplanCardinalities(queries: readonly WorkloadQuery[], params: MscnParams, runtime: AlgorithmRuntime): Promise<CollectionResult> {
  return collectTrueCardinalities(queries, {
    interactor: runtime.interactor,
    store: runtime.store,
    datasetKey: datasetKey(runtime.dataset, runtime.schema),
    concurrency: runtime.concurrency,
    timeoutMs: params.timeoutMs ?? runtime.timeoutMs,
    progress: runtime.progress,
    log: runtime.log,
    oracle: runtime.cardinalityOracle,
  });
}

/**
 * One sample per distinct counted sub-plan of `queries`, in query order: timed-out counts are
 * dropped, and identical sub-plans are kept once so none is both trained on and held out.
 */
export function subplanSamples(queries: readonly WorkloadQuery[], collected: CollectionResult, featurizer: MscnFeaturizer, warnings: FeaturizationWarnings): SubplanSamples {
  const seen = new Set<string>();
  const samples: SourcedSample[] = [];
  let timedOut = 0;
  let duplicates = 0;
  for (const query of queries) {
    const entries = (collected.perQuery.get(query.id) ?? []).filter((e) => {
      if (e.rows === null) timedOut++;
      else if (seen.has(e.sqlHash)) duplicates++;
      else return seen.add(e.sqlHash);
      return false;
    });
    if (entries.length === 0) continue;
    const features = featurizer.featurizeQuery(query.graph, entries.map((e) => ({ aliases: e.key.split(' ') })), warnings);
    entries.forEach((e, i) => samples.push({ features: features[i] as SubplanFeatures, rows: e.rows as number, queryId: query.id, key: e.key, size: e.size }));
  }
  return { samples, timedOut, duplicates };
}
