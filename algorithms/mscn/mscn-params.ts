import type { ParamsSchema } from '../algorithm.js';
import { MSCN_LOSSES, type MscnLoss } from './mscn-loss.js';

/** MSCN's parameters, defaults filled in (see MSCN_PARAMS_SCHEMA). A type, not an interface, so it fits Record<string, unknown>. */
export type MscnParams = {
  readonly hiddenUnits: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly loss: MscnLoss;
  readonly patience: number;
  readonly validationFraction: number;
  readonly sampleSize: number;
  /** null: the runtime's timeout. */
  readonly timeoutMs: number | null;
  /** null: every training query. */
  readonly maxTrainQueries: number | null;
  readonly updateEpochs: number;
  /** null: a tenth of learningRate. */
  readonly updateLearningRate: number | null;
  readonly pushMinTables: number;
  readonly pushMinSampleRows: number;
  readonly batchGrouping: MscnBatchGrouping;
};

/** How training batches are drawn: whole queries' sub-plans together, or sub-plans from anywhere. */
export const MSCN_BATCH_GROUPINGS = ['query', 'none'] as const;
export type MscnBatchGrouping = (typeof MSCN_BATCH_GROUPINGS)[number];

export const MSCN_PARAMS_SCHEMA = {
  type: 'object',
  properties: {
    hiddenUnits: { type: 'integer', minimum: 1, maximum: 4096, default: 256, description: 'width of the set convolutions and of the final hidden layer' },
    epochs: { type: 'integer', minimum: 1, default: 100, description: 'most epochs to train (early stopping usually ends sooner)' },
    batchSize: { type: 'integer', minimum: 1, default: 128, description: 'sub-plans per optimizer step' },
    learningRate: { type: 'number', exclusiveMinimum: 0, default: 0.001, description: 'Adam learning rate' },
    loss: {
      enum: MSCN_LOSSES,
      default: 'logQError',
      description: "logQError: mean log q-error (every sub-plan weighs the same); qError: mean q-error, the paper's (weighs each sub-plan by its error: good tails, poor medians)",
    },
    patience: { type: 'integer', minimum: 0, default: 10, description: 'epochs without a better validation q-error before training stops' },
    validationFraction: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.1, description: 'share of the distinct training sub-plans held out to validate (and to report q-errors on)' },
    sampleSize: { type: 'integer', minimum: 1, maximum: 100000, default: 1000, description: 'rows sampled per table for the sample bitmaps' },
    timeoutMs: { type: ['integer', 'null'], minimum: 1, default: null, description: "timeout of each true-cardinality count (null: the runtime's timeout)" },
    maxTrainQueries: { type: ['integer', 'null'], minimum: 1, default: null, description: 'train on the first N training queries only (null: all)' },
    updateEpochs: {
      type: 'integer',
      minimum: 1,
      default: 5,
      description: "epochs of each incremental update (the scheduler's periodic update), over the sub-plans of the queries run since the previous one only",
    },
    updateLearningRate: {
      type: ['number', 'null'],
      exclusiveMinimum: 0,
      default: null,
      description: 'Adam learning rate of incremental updates (null: a tenth of learningRate, so a few queries refine the model without erasing what it learned)',
    },
    pushMinTables: {
      type: 'integer',
      minimum: 1,
      default: 2,
      description: "push MSCN's estimate only for sub-plans of at least this many relations; smaller ones keep PostgreSQL's own (1: push every sub-plan, as the paper does)",
    },
    pushMinSampleRows: {
      type: 'integer',
      minimum: 0,
      default: 5,
      description: "push estimates only of sub-plans whose relations each keep at least this many sample rows (fewer: MSCN's bitmap says little, and PostgreSQL's statistics still see rare values; 0: push them all)",
    },
    batchGrouping: {
      enum: MSCN_BATCH_GROUPINGS,
      default: 'query',
      description:
        "query: each batch holds the sub-plans of a few whole training queries (shuffled by query each epoch), so the relations and predicates they share go through the set networks once: about 1.4x the samples/s at the same q-error; none: sub-plans from anywhere (the paper's)",
    },
  },
  additionalProperties: false,
} as const satisfies ParamsSchema;

/** The defaults, for callers that build params without the schema validator. */
export const MSCN_DEFAULT_PARAMS: MscnParams = Object.freeze(
  Object.fromEntries(Object.entries(MSCN_PARAMS_SCHEMA.properties).map(([k, v]) => [k, v.default])) as unknown as MscnParams,
);

/** Params as validated by the schema (the caller applied it), typed. */
export function readMscnParams(params: Readonly<Record<string, unknown>>): MscnParams {
  return { ...MSCN_DEFAULT_PARAMS, ...params } as MscnParams;
}

/** The learning rate of incremental updates (one rule for every algorithm). */
export { updateLearningRate } from '../../src/ml/fine-tune.js';
