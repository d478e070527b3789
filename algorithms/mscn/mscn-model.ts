import type * as tfType from '@tensorflow/tfjs';
import { LogTargetNormalizer } from '../../src/ml/log-target.js';
import type { TfRuntime } from '../../src/ml/tf-runtime.js';
import { enumerateSubplans, type QueryGraph } from '../../src/sql/index.js';
import type { FeaturizationWarnings } from './featurization-warnings.js';
import type { MscnFeaturizer, SubplanFeatures } from './featurizer.js';
import { mscnLoss, type MscnLoss } from './mscn-loss.js';
import { createMscnNetwork, type MscnNetwork } from './mscn-network.js';

/** A training example: one distinct sub-plan and its true cardinality. */
export interface MscnSample {
  readonly features: SubplanFeatures;
  readonly rows: number;
}

/** MSCN's estimate of one sub-plan of a query. */
export interface MscnSubplanEstimate {
  readonly key: string;
  readonly relations: number;
  readonly rows: number;
  /** The fewest sample rows any of its relations keeps (all of them for a relation without predicates). */
  readonly minSampleRows: number;
}

/** Featurizer + network + target normalizer: everything needed to estimate a sub-plan's rows. */
export class MscnModel {
  readonly network: MscnNetwork;

  constructor(
    private readonly rt: TfRuntime,
    readonly featurizer: MscnFeaturizer,
    readonly normalizer: LogTargetNormalizer,
    readonly hiddenUnits: number,
    seed: number,
    private readonly lossKind: MscnLoss,
  ) {
    this.network = createMscnNetwork(rt, featurizer.dims, hiddenUnits, seed);
  }

  get variables(): readonly tfType.Variable[] {
    return this.network.variables;
  }

  /** The batch's loss (what `fit` minimizes): mean q-error or mean log q-error, see mscn-loss.ts. */
  loss(batch: readonly MscnSample[]): tfType.Scalar {
    const { tf } = this.rt;
    return tf.tidy(() => {
      const predicted = this.network.predict(this.featurizer.pack(batch.map((s) => s.features)));
      const target = tf.tensor1d(batch.map((s) => this.normalizer.normalize(s.rows)));
      return mscnLoss(this.rt, this.lossKind, predicted, target, this.normalizer);
    });
  }

  /**
   * Estimated rows of each featurized sub-plan, in order, `batchSize` at a time. Read with
   * `data()`: tfjs-backend-webgpu cannot read synchronously in Node. No tensor outlives the call.
   */
  async estimateFeatures(features: readonly SubplanFeatures[], batchSize = 1024): Promise<number[]> {
    const out: number[] = [];
    for (let start = 0; start < features.length; start += batchSize) {
      const predicted = this.network.predict(this.featurizer.pack(features.slice(start, start + batchSize)));
      try {
        for (const v of await predicted.data()) out.push(this.normalizer.denormalize(v));
      } finally {
        predicted.dispose();
      }
    }
    return out;
  }

  /** Estimated rows of every connected sub-plan of a query, by sub-plan key. */
  async estimateQuery(graph: QueryGraph, warnings: FeaturizationWarnings): Promise<Map<string, number>> {
    return new Map((await this.estimateSubplans(graph, warnings)).map((e) => [e.key, e.rows]));
  }

  /** Every connected sub-plan's estimate, with what the push policy needs to know about it. */
  async estimateSubplans(graph: QueryGraph, warnings: FeaturizationWarnings): Promise<MscnSubplanEstimate[]> {
    const subplans = enumerateSubplans(graph);
    const features = this.featurizer.featurizeQuery(graph, subplans, warnings);
    const estimates = await this.estimateFeatures(features);
    return subplans.map((s, i) => ({
      key: s.key,
      relations: s.aliases.length,
      rows: estimates[i] as number,
      minSampleRows: Math.min(...(features[i] as SubplanFeatures).tables.map((t) => t.keptRows)),
    }));
  }

  dispose(): void {
    this.network.dispose();
  }
}
