import type { ParamsSchema } from '../algorithm.js';
import { ENSEMBLE_RULES, type EnsembleRule } from './choose-candidate.js';

export interface LeroParams {
  readonly factors: readonly number[];
  readonly maxTrainQueries: number;
  readonly candidateTimeoutFactor: number;
  readonly minCandidateTimeoutMs: number;
  readonly hiddenChannels: readonly number[];
  readonly denseUnits: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly patience: number;
  readonly validationFraction: number;
  readonly minTimeDifference: number;
  readonly minTimeDifferenceMs: number;
  readonly restoreEstimates: boolean;
  readonly updateEpochs: number;
  /** null: a tenth of learningRate. */
  readonly updateLearningRate: number | null;
  readonly chooseMargin: number;
  readonly ensembleSize: number;
  readonly ensembleRule: EnsembleRule;
}

const positiveIntegers = (description: string, def: readonly number[]) =>
  ({ type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, description, default: def }) as const;

export const LERO_PARAMS_SCHEMA: ParamsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    factors: {
      type: 'array',
      items: { type: 'number', exclusiveMinimum: 0 },
      minItems: 1,
      description: 'Scaling factors for the estimates of all sub-plans of one join size; each (factor, size) gives one candidate plan',
      default: [0.01, 0.1, 1, 10, 100],
    },
    maxTrainQueries: {
      type: 'integer',
      minimum: 1,
      description:
        'Training queries whose candidate plans are executed (the first ones of the workload, in order). On the builtin dataset 200 took 22 minutes to collect (2 shared cores) and beat PostgreSQL; 100 (14 minutes) did not',
      default: 200,
    },
    candidateTimeoutFactor: {
      type: 'number',
      exclusiveMinimum: 0,
      description: "A candidate's timeout as a multiple of the default plan's time (capped by the run's timeout)",
      default: 3,
    },
    minCandidateTimeoutMs: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'Lower bound of a candidate timeout, so very fast queries are not cut off by noise',
      default: 200,
    },
    hiddenChannels: positiveIntegers('Output channels of the tree-convolution layers', [64, 32]),
    denseUnits: positiveIntegers('Hidden units of the dense layers between pooling and the score', [16]),
    epochs: { type: 'integer', minimum: 1, description: 'Maximum training epochs', default: 60 },
    batchSize: { type: 'integer', minimum: 1, description: 'Plan pairs per training batch', default: 64 },
    learningRate: { type: 'number', exclusiveMinimum: 0, description: 'Adam learning rate', default: 0.001 },
    patience: { type: 'integer', minimum: 1, description: 'Epochs without validation improvement before stopping', default: 8 },
    validationFraction: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
      description: 'Fraction of the plan pairs held out (seeded) for validation and early stopping',
      default: 0.15,
    },
    minTimeDifference: {
      type: 'number',
      minimum: 0,
      description: 'Relative margin: two plans form a pair only when the slower is this fraction slower than the faster',
      default: 0.1,
    },
    minTimeDifferenceMs: {
      type: 'number',
      minimum: 0,
      description: 'Absolute margin (ms) that a pair must also exceed (filters timing noise on fast queries)',
      default: 1,
    },
    restoreEstimates: {
      type: 'boolean',
      description:
        "Featurize candidates with the planner's own join estimates instead of the scaled ones their EXPLAIN shows (measured worse on the builtin test workload: the scaled rows tell how far a plan is from the planner's own opinion)",
      default: false,
    },
    updateEpochs: {
      type: 'integer',
      minimum: 1,
      description: "Epochs of each incremental update (the scheduler's periodic update), over the plan pairs of the queries run since the previous one only",
      default: 5,
    },
    updateLearningRate: {
      type: ['number', 'null'],
      exclusiveMinimum: 0,
      description: 'Adam learning rate of incremental updates (null: a tenth of learningRate, so a few queries refine the ranking without erasing what it learned)',
      default: null,
    },
    chooseMargin: {
      type: 'number',
      minimum: 0,
      description:
        "Score advantage (log-odds of being faster) the best candidate needs over PostgreSQL's own plan to replace it (0: always the best score, as in the paper). On 200 held-out builtin training queries, 3 cut the queries more than 2x slower from 15 to 4 and kept the total at 0.59 of PostgreSQL's (0.46 with 0); see algorithms/lero/README.md",
      default: 3,
    },
    ensembleSize: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      description:
        "Models trained on the same pairs from different seeds; the first is the one-model Lero, the others check its choice (ensembleRule), so a preference that comes from one seed's weights rather than from the data does not count (1: one model, as in the paper). On 200 held-out builtin training queries at margin 3, 3 members with the veto rule cut the queries more than 2x slower from 5 to 3 and kept the total (0.517 of PostgreSQL's against 0.520); see algorithms/lero/README.md",
      default: 3,
    },
    ensembleRule: {
      enum: ENSEMBLE_RULES,
      description:
        "veto: the first member chooses, and its choice stands only if every other member also prefers it to PostgreSQL's plan; agreedMean: the largest mean advantage among candidates every member prefers; mean; min: the least convinced member's advantage",
      default: 'veto',
    },
  },
};

/** The defaults as a typed object (what `resolveParams` gives for `{}`). */
export function defaultLeroParams(): LeroParams {
  return Object.fromEntries(Object.entries(LERO_PARAMS_SCHEMA.properties).map(([k, v]) => [k, structuredClone(v.default)])) as unknown as LeroParams;
}

/** Params validated by the caller (resolveParams), read as LeroParams; missing ones take the defaults. */
export function readLeroParams(params: Readonly<Record<string, unknown>>): LeroParams {
  return { ...defaultLeroParams(), ...params } as LeroParams;
}

/** The learning rate of incremental updates (one rule for every algorithm). */
export { updateLearningRate } from '../../src/ml/fine-tune.js';
