import assert from 'node:assert/strict';
import type { SweepArgs, TestArgs } from '../../../../src/cli/commands/experiment/command-object.js';
import { paramGroups, specFromSweepArgs, specFromTestArgs } from '../../../../src/cli/commands/experiment/spec-from-args.js';

const shape = { db: 'builtin', workload: 'test' as const, repetitions: 3, warmups: 1, 'timeout-ms': 30000, instrument: 'wall' as const, 'train-jobs': 1, seed: 42, concurrency: 2 };

describe('experiment specs from the command line', () => {
  it('pilot test: algorithms with their --param values, query-major, baseline only with --compare', () => {
    const args: TestArgs = { ...shape, algo: ['baseline', 'mscn', 'lero'], param: ['mscn.epochs=50', 'lero.factors=[0.1,10]'], compare: true, 'train-db': 'other' };
    const spec = specFromTestArgs(args);
    assert.equal(spec.kind, 'test');
    assert.equal(spec.order, 'query-major');
    assert.equal(spec.baseline, true);
    assert.equal(spec.trainDataset, 'other');
    assert.deepEqual(spec.algorithms, [
      { name: 'baseline', params: {} },
      { name: 'mscn', params: { epochs: [50] } },
      { name: 'lero', params: { factors: [[0.1, 10]] } },
    ]);
    assert.equal(specFromTestArgs({ ...args, compare: undefined, param: [] }).baseline, false);
    assert.equal(specFromTestArgs({ ...args, 'train-db': undefined, param: [] }).trainDataset, 'builtin', 'trains on the test dataset by default');
  });

  it('pilot test refuses malformed or misplaced --param and a repeated algorithm', () => {
    const args: TestArgs = { ...shape, algo: ['baseline', 'mscn'], param: [] };
    assert.throws(() => specFromTestArgs({ ...args, param: ['epochs=5'] }), { code: 'USAGE', message: /algorithm\.parameter=value/ });
    assert.throws(() => specFromTestArgs({ ...args, param: ['lero.epochs=5'] }), { code: 'USAGE', message: /names lero, which is not among --algo/ });
    assert.throws(() => specFromTestArgs({ ...args, algo: ['mscn', 'mscn'] }), { code: 'USAGE', message: /lists mscn twice/ });
    assert.throws(() => specFromTestArgs({ ...args, repetitions: 0 }), { code: 'USAGE', message: /--repetitions must be an integer >= 1/ });
  });

  it('pilot sweep: parameter grids with JSON values, db.* settings as strings, trial-major', () => {
    const args: SweepArgs = { ...shape, algo: ['mscn'], param: [['epochs', '50', '100'], ['db.work_mem', '4MB', '64MB']], objective: 'qerror' };
    const spec = specFromSweepArgs(args);
    assert.equal(spec.kind, 'sweep');
    assert.equal(spec.order, 'trial-major');
    assert.equal(spec.objective, 'qerror');
    assert.deepEqual(spec.algorithms, [{ name: 'mscn', params: { epochs: [50, 100] } }]);
    assert.deepEqual(spec.db, { work_mem: ['4MB', '64MB'] });
    assert.throws(() => specFromSweepArgs({ ...args, param: [['epochs']] }), { code: 'USAGE', message: /needs a name and at least one value/ });
    assert.throws(() => specFromSweepArgs({ ...args, param: [['epochs', '1'], ['epochs', '2']] }), { code: 'USAGE', message: /given twice/ });
    assert.throws(() => specFromSweepArgs({ ...args, algo: ['mscn', 'lero'] }), { code: 'USAGE', message: /sweep one algorithm at a time/ });
  });

  it('paramGroups accepts one flat --param or several', () => {
    assert.deepEqual(paramGroups(['epochs', '1', '2']), [['epochs', '1', '2']]);
    assert.deepEqual(paramGroups([['a', '1'], ['b', '2']]), [['a', '1'], ['b', '2']]);
    assert.deepEqual(paramGroups([]), []);
  });
});
