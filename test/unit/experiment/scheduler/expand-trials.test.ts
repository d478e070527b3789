import assert from 'node:assert/strict';
import type { AlgorithmDefinition } from '../../../../algorithms/algorithm.js';
import { findAlgorithm } from '../../../../algorithms/registry.js';
import { cartesian, expandTrials, MAX_TRIALS } from '../../../../src/experiment/scheduler/expand-trials.js';
import type { ExperimentSpec } from '../../../../src/experiment/spec/experiment-spec.js';

function spec(overrides: Partial<ExperimentSpec>): ExperimentSpec {
  return {
    kind: 'sweep',
    name: 't',
    dataset: 'd',
    trainDataset: 'd',
    workload: { name: 'test', limit: null },
    trainLimit: null,
    algorithms: [],
    db: {},
    baseline: true,
    objective: 'time',
    measurement: { repetitions: 1, warmups: 0, timeoutMs: 1000, instrument: 'wall' },
    order: 'trial-major',
    updateEvery: null,
    trainJobs: 1,
    retrain: false,
    seed: 42,
    ...overrides,
  };
}

describe('expandTrials', () => {
  let definitions: Map<string, AlgorithmDefinition>;
  before(async () => {
    definitions = new Map(await Promise.all(['baseline', 'mscn', 'lero'].map(async (n) => [n, await findAlgorithm(n)] as const)));
  });

  it('crosses each parameter grid with the settings grid and adds a baseline per settings combination and one under the server settings', () => {
    const trials = expandTrials(spec({ algorithms: [{ name: 'mscn', params: { epochs: [5, 10], hiddenUnits: [32] } }], db: { work_mem: ['4MB', '64MB'] } }), definitions);
    assert.deepEqual(
      trials.map((t) => t.label),
      [
        "baseline (server's settings)",
        'baseline db.work_mem=4MB',
        'baseline db.work_mem=64MB',
        'mscn epochs=5 hiddenUnits=32 db.work_mem=4MB',
        'mscn epochs=5 hiddenUnits=32 db.work_mem=64MB',
        'mscn epochs=10 hiddenUnits=32 db.work_mem=4MB',
        'mscn epochs=10 hiddenUnits=32 db.work_mem=64MB',
      ],
    );
    assert.deepEqual(trials.map((t) => t.index), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(new Set(trials.map((t) => t.key)).size, 7, 'every trial has its own key');
    assert.deepEqual(trials[0]?.dbSettings, {}, "the baseline under the server's own settings");
    const mscn = trials[3];
    assert.equal(mscn?.params['epochs'], 5);
    assert.equal(mscn?.params['batchSize'], 128, 'defaults are filled in');
    assert.deepEqual(mscn?.dbSettings, { work_mem: '4MB' });
  });

  it('keys are stable across expansions and change with what changes the model', () => {
    const one = expandTrials(spec({ algorithms: [{ name: 'mscn', params: { epochs: [5] } }] }), definitions);
    const again = expandTrials(spec({ algorithms: [{ name: 'mscn', params: { epochs: [5] } }] }), definitions);
    assert.deepEqual(one.map((t) => t.key), again.map((t) => t.key));
    const otherTrain = expandTrials(spec({ algorithms: [{ name: 'mscn', params: { epochs: [5] } }], trainDataset: 'e' }), definitions);
    assert.notEqual(otherTrain[1]?.key, one[1]?.key);
    const explicitDefault = expandTrials(spec({ algorithms: [{ name: 'mscn', params: { epochs: [5], batchSize: [128] } }] }), definitions);
    assert.equal(explicitDefault[1]?.key, one[1]?.key, 'naming a default value is the same trial');
  });

  it('adds no baseline when told not to or when one is listed', () => {
    assert.deepEqual(expandTrials(spec({ baseline: false, algorithms: [{ name: 'lero', params: {} }] }), definitions).map((t) => t.label), ['lero']);
    assert.deepEqual(
      expandTrials(spec({ algorithms: [{ name: 'mscn', params: {} }, { name: 'baseline', params: {} }] }), definitions).map((t) => t.label),
      ['mscn', 'baseline'],
    );
  });

  it('refuses empty grids, bad parameter values, unknown algorithms and huge grids', () => {
    assert.throws(() => expandTrials(spec({ algorithms: [{ name: 'mscn', params: { epochs: [] } }] }), definitions), { code: 'EXPERIMENT_EMPTY_GRID', message: /"epochs" has no values/ });
    assert.throws(() => expandTrials(spec({ algorithms: [{ name: 'mscn', params: { epochs: [0] } }] }), definitions), { code: 'ALGO_BAD_PARAMS', message: /epochs: must be >= 1/ });
    assert.throws(() => expandTrials(spec({ algorithms: [{ name: 'nosuch', params: {} }] }), definitions), { code: 'ALGO_UNKNOWN' });
    const many = Array.from({ length: 30 }, (_, i) => i + 1);
    assert.throws(() => expandTrials(spec({ algorithms: [{ name: 'mscn', params: { epochs: many, hiddenUnits: many } }] }), definitions), {
      code: 'EXPERIMENT_GRID_TOO_LARGE',
      message: new RegExp(`901 trials; at most ${MAX_TRIALS}`),
    });
  });

  it('cartesian varies the last axis fastest', () => {
    assert.deepEqual(cartesian<unknown>([['a', [1, 2]], ['b', ['x', 'y']]]), [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]);
    assert.deepEqual(cartesian([]), [{}]);
  });
});
