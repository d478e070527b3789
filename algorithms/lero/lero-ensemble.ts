/**
 * Lero's members: models of one shape trained on the same ranking pairs from different seeds
 * (initial weights, shuffles and validation split). Member 0 uses the run's seed as a lone Lero
 * model does, so an ensemble of one is the paper's model.
 */
import { fit, type FitResult } from '../../src/ml/index.js';
import { deriveSeed } from '../../src/util/prng.js';
import type { AlgorithmRuntime } from '../algorithm.js';
import { LeroModel, type LeroModelShape, type PlanPair } from './lero-model.js';
import type { LeroParams } from './lero-params.js';

export interface LeroMember {
  readonly model: LeroModel;
  readonly fit: FitResult;
}

/** The seed member k's weights are drawn from. */
function memberSeed(seed: number, member: number): number {
  return member === 0 ? seed : deriveSeed(seed, `lero/member/${member}`);
}

/** Trains `count` members one after the other; on an error, the ones already trained are disposed. */
export async function fitLeroMembers(
  runtime: Pick<AlgorithmRuntime, 'tf' | 'seed' | 'progress'>,
  pairs: readonly PlanPair[],
  shape: LeroModelShape,
  config: Pick<LeroParams, 'epochs' | 'batchSize' | 'learningRate' | 'patience' | 'validationFraction'>,
  count: number,
): Promise<LeroMember[]> {
  const members: LeroMember[] = [];
  try {
    for (let k = 0; k < count; k++) {
      const seed = memberSeed(runtime.seed, k);
      const model = LeroModel.create(runtime.tf, shape, seed, k);
      try {
        const result = await fit(runtime.tf, model, pairs, {
          epochs: config.epochs,
          batchSize: config.batchSize,
          learningRate: config.learningRate,
          patience: config.patience,
          validationFraction: config.validationFraction,
          seed: deriveSeed(seed, 'lero/fit'),
          progress: runtime.progress,
          label: count === 1 ? 'lero: train' : `lero: train member ${k + 1}/${count}`,
        });
        members.push({ model, fit: result });
      } catch (error) {
        model.dispose();
        throw error;
      }
    }
    return members;
  } catch (error) {
    for (const m of members) m.model.dispose();
    throw error;
  }
}

/** Every member's scores of `trees`: `[member][tree]`. */
export async function memberScores(models: readonly LeroModel[], trees: Parameters<LeroModel['scoreValues']>[0]): Promise<number[][]> {
  const scores: number[][] = [];
  for (const model of models) scores.push(await model.scoreValues(trees));
  return scores;
}
