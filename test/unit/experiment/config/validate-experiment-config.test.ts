import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { DatasetCatalog } from '../../../../src/dataset/registry/dataset-registry.js';
import { validateExperimentConfig } from '../../../../src/experiment/config/load-experiment-config.js';
import { assertIssue, configIssues, makeCatalogHome } from './config-fixtures.js';

describe('experiment config validation', () => {
  let root: string;
  let catalog: DatasetCatalog;
  before(() => ({ root, catalog } = makeCatalogHome()));
  after(() => rmSync(root, { recursive: true, force: true }));

  const minimal = { name: 'x', dataset: 'builtin', algorithms: ['baseline'] };
  const validate = (value: unknown) => validateExperimentConfig(value, 'test.json', { catalog });
  const invalid = (value: unknown) => configIssues(validate(value));

  describe('resolves valid configs', () => {
    it('fills every default for a minimal config (query-major, trainDataset = dataset)', async () => {
      const spec = await validate(minimal);
      assert.deepEqual(spec, {
        kind: 'experiment',
        name: 'x',
        dataset: 'builtin',
        trainDataset: 'builtin',
        workload: { name: 'test', limit: null },
        trainLimit: null,
        algorithms: [{ name: 'baseline', params: {} }],
        db: {},
        baseline: true,
        objective: 'time',
        measurement: { repetitions: 3, warmups: 1, timeoutMs: 30000, instrument: 'wall' },
        order: 'query-major',
        updateEvery: null,
        trainJobs: 1,
        retrain: false,
        seed: 42,
      });
      assert.ok(Object.isFrozen(spec) && Object.isFrozen(spec.algorithms[0]!.params) && Object.isFrozen(spec.measurement));
    });

    it('turns scalars into one-value grids, strips db. prefixes and picks trial-major for a sweep', async () => {
      const spec = await validate({
        ...minimal,
        $schema: './schema/experiment.schema.json',
        description: 'a sweep',
        trainDataset: 'builtin-small',
        workload: { name: 'fast', limit: 10 },
        trainLimit: 100,
        algorithms: [{ name: 'mscn', params: { epochs: [2, 4], hiddenUnits: 16 } }, { name: 'lero', params: { factors: [[1, 10], [0.1, 1, 10]] } }],
        grid: { 'db.work_mem': ['4MB'], 'db.pg_pilot.enabled': ['on'] },
        baseline: false,
        objective: 'qerror',
        measurement: { repetitions: 1 },
        updateEvery: 5,
        trainJobs: 2,
        retrain: true,
        seed: 7,
      });
      assert.equal(spec.trainDataset, 'builtin-small');
      assert.deepEqual(spec.workload, { name: 'fast', limit: 10 });
      assert.deepEqual(spec.algorithms, [
        { name: 'mscn', params: { epochs: [2, 4], hiddenUnits: [16] } },
        { name: 'lero', params: { factors: [[1, 10], [0.1, 1, 10]] } },
      ]);
      assert.deepEqual(spec.db, { work_mem: ['4MB'], 'pg_pilot.enabled': ['on'] });
      assert.deepEqual(spec.measurement, { repetitions: 1, warmups: 1, timeoutMs: 30000, instrument: 'wall' });
      assert.deepEqual(
        [spec.order, spec.trainLimit, spec.baseline, spec.objective, spec.updateEvery, spec.trainJobs, spec.retrain, spec.seed],
        ['trial-major', 100, false, 'qerror', 5, 2, true, 7],
      );
    });

    it('picks trial-major when only the database grid has choices, and keeps an explicit order', async () => {
      const dbSweep = await validate({ ...minimal, grid: { 'db.work_mem': ['4MB', '64MB'] } });
      assert.equal(dbSweep.order, 'trial-major');
      const forced = await validate({ ...minimal, algorithms: [{ name: 'mscn', params: { epochs: [1, 2] } }], order: 'query-major' });
      assert.equal(forced.order, 'query-major');
    });

    it('accepts two entries of one algorithm whose grids do not overlap', async () => {
      const spec = await validate({ ...minimal, algorithms: [{ name: 'mscn', params: { epochs: [2, 4] } }, { name: 'mscn', params: { epochs: 8 } }] });
      assert.equal(spec.algorithms.length, 2);
    });
  });

  describe('refuses invalid configs with the JSON path', () => {
    it('a missing required field', async () => {
      const { issues } = await invalid({ dataset: 'builtin', algorithms: ['baseline'] });
      assertIssue(issues, '/name', /^is required$/);
    });

    it('an unknown field, at top level and nested', async () => {
      const { issues } = await invalid({ ...minimal, workloads: 'test', measurement: { repetition: 3 } });
      assertIssue(issues, '/workloads', /is not a known field/);
      assertIssue(issues, '/measurement/repetition', /is not a known field/);
    });

    it('a value of the wrong type', async () => {
      const { issues } = await invalid({ ...minimal, seed: 1.5, baseline: 'yes' });
      assertIssue(issues, '/seed', /must be integer/);
      assertIssue(issues, '/baseline', /must be boolean/);
    });

    it('a value outside an enum', async () => {
      const { issues } = await invalid({ ...minimal, objective: 'speed', workload: { name: 'bench' } });
      assertIssue(issues, '/objective', /must be one of "time", "qerror"/);
      assertIssue(issues, '/workload/name', /must be one of "test", "fast", "train"/);
    });

    it('numbers out of range', async () => {
      const { issues } = await invalid({ ...minimal, measurement: { repetitions: 101, warmups: -1, timeoutMs: 50 }, trainJobs: 17, trainLimit: 0 });
      assertIssue(issues, '/measurement/repetitions', /must be <= 100/);
      assertIssue(issues, '/measurement/warmups', /must be >= 0/);
      assertIssue(issues, '/measurement/timeoutMs', /must be >= 100/);
      assertIssue(issues, '/trainJobs', /must be <= 16/);
      assertIssue(issues, '/trainLimit', /must be >= 1/);
    });

    it('an empty algorithm list, and entries that are neither a name nor an object', async () => {
      assertIssue((await invalid({ ...minimal, algorithms: [] })).issues, '/algorithms', /must not be empty/);
      const { issues } = await invalid({ ...minimal, algorithms: ['baseline', 3, { params: {} }, { name: 'mscn', parms: {} }] });
      assertIssue(issues, '/algorithms/1', /must be string or object/);
      assertIssue(issues, '/algorithms/2/name', /is required/);
      assertIssue(issues, '/algorithms/3/parms', /is not a known field/);
    });

    it('a database grid key without the db. prefix, an empty setting grid, repeated setting values', async () => {
      const { issues } = await invalid({ ...minimal, grid: { work_mem: ['4MB'], 'db.random_page_cost': [], 'db.work_mem': ['4MB', '8MB', '4MB'] } });
      assertIssue(issues, '/grid/work_mem', /is not a database setting key: keys are "db.<setting>"/);
      assertIssue(issues, '/grid/db.random_page_cost', /must not be empty/);
      assertIssue(issues, '/grid/db.work_mem/2', /repeats the value at \/grid\/db.work_mem\/0/);
    });

    it('a database setting name PostgreSQL would not accept', async () => {
      const { issues } = await invalid({ ...minimal, grid: { 'db.pg_pilot..enabled': ['on'], 'db.a.b.c': ['1'] } });
      assertIssue(issues, '/grid/db.pg_pilot..enabled', /"pg_pilot..enabled" is not a PostgreSQL setting name/);
      assertIssue(issues, '/grid/db.a.b.c', /"a.b.c" is not a PostgreSQL setting name/);
    });

    it('an unknown algorithm, listing the known ones', async () => {
      const { issues } = await invalid({ ...minimal, algorithms: ['baseline', 'bao', { name: 'neo' }] });
      assertIssue(issues, '/algorithms/1', /unknown algorithm "bao"; known: baseline, mscn, lero/);
      assertIssue(issues, '/algorithms/2/name', /unknown algorithm "neo"/);
    });

    it("a parameter the algorithm does not have, listing its parameters", async () => {
      const { issues } = await invalid({ ...minimal, algorithms: [{ name: 'mscn', params: { epoch: 3 } }, { name: 'baseline', params: { x: 1 } }] });
      assertIssue(issues, '/algorithms/0/params/epoch', /is not a parameter of mscn \(its parameters: hiddenUnits, epochs,/);
      assertIssue(issues, '/algorithms/1/params/x', /baseline takes no parameters/);
    });

    it("a grid value of the wrong type for the algorithm's schema, each value checked", async () => {
      const { issues } = await invalid({ ...minimal, algorithms: [{ name: 'mscn', params: { epochs: [2, 4, 'ten'], learningRate: 0, loss: 'l2' } }] });
      assertIssue(issues, '/algorithms/0/params/epochs/2', /must be integer/);
      assertIssue(issues, '/algorithms/0/params/learningRate', /must be > 0/);
      assertIssue(issues, '/algorithms/0/params/loss', /must be one of "qError", "logQError"/);
      assert.equal(issues.filter((i) => i.path.startsWith('/algorithms/0/params/epochs')).length, 1);
    });

    it('a flat array for an array-valued parameter (a grid must be an array of arrays)', async () => {
      const { issues } = await invalid({ ...minimal, algorithms: [{ name: 'lero', params: { factors: [0.1, 1], hiddenChannels: [[64, 0]] } }] });
      assertIssue(issues, '/algorithms/0/params/factors/0', /must be array \(an array is a grid of values; one array value is written \[\[0\.1, 1\]\]\)/);
      assertIssue(issues, '/algorithms/0/params/factors/1', /^must be array$/);
      assertIssue(issues, '/algorithms/0/params/hiddenChannels/0/1', /must be >= 1/);
    });

    it('an empty parameter grid, and a value repeated in a grid', async () => {
      const { issues } = await invalid({ ...minimal, algorithms: [{ name: 'mscn', params: { epochs: [], hiddenUnits: [16, 32, 16] } }] });
      assertIssue(issues, '/algorithms/0/params/epochs', /is an empty grid/);
      assertIssue(issues, '/algorithms/0/params/hiddenUnits/2', /repeats the value at \/algorithms\/0\/params\/hiddenUnits\/0/);
    });

    it('an unknown dataset and training dataset, listing the registered ones', async () => {
      const { issues } = await invalid({ ...minimal, dataset: 'job', trainDataset: 'stats' });
      assertIssue(issues, '/dataset', /no dataset named "job" \(known: builtin, builtin-small, nofast\)/);
      assertIssue(issues, '/trainDataset', /no dataset named "stats"/);
    });

    it('a workload the dataset does not have', async () => {
      const { issues } = await invalid({ ...minimal, dataset: 'nofast', workload: { name: 'fast' } });
      assertIssue(issues, '/workload/name', /dataset "nofast" has no "fast" workload \(it has: train, test\)/);
    });

    it('the same algorithm twice with the same grid (defaults included), or overlapping grids', async () => {
      const { issues } = await invalid({
        ...minimal,
        algorithms: ['mscn', { name: 'mscn', params: { epochs: 100 } }, { name: 'lero', params: { epochs: [5, 10] } }, { name: 'lero', params: { epochs: [10, 20] } }],
      });
      assertIssue(issues, '/algorithms/1', /repeats \/algorithms\/0 \(mscn with the same parameter grid, defaults included\)/);
      assertIssue(issues, '/algorithms/3', /shares 1 trial with \/algorithms\/2 \(lero\)/);
      assert.equal(issues.length, 2);
    });

    it('objective qerror with no cardinality-estimating algorithm', async () => {
      const { issues } = await invalid({ ...minimal, algorithms: ['baseline', 'lero'], objective: 'qerror' });
      assertIssue(issues, '/objective', /"qerror" needs an algorithm that estimates cardinalities \(mscn\); the config lists only baseline, lero/);
    });

    it('updateEvery larger than the number of timed queries', async () => {
      const { issues } = await invalid({ ...minimal, workload: { limit: 10 }, updateEvery: 20 });
      assertIssue(issues, '/updateEvery', /is 20, more than the 10 queries timed/);
    });

    it('a grid of more than 500 trials, saying how many', async () => {
      const { issues } = await invalid({
        ...minimal,
        algorithms: [{ name: 'mscn', params: { epochs: [1, 2, 3, 4, 5, 6, 7, 8], hiddenUnits: [8, 16, 32, 64, 128, 256, 512, 1024] } }],
        grid: { 'db.work_mem': ['1MB', '4MB', '16MB', '64MB'], 'db.random_page_cost': ['1.1', '4'] },
      });
      // (8 * 8 + 1 added baseline) * 4 * 2
      assertIssue(issues, '/', /has 520 trials, more than 500 \(mscn 64 \+ added baseline 1, times 8 database-setting combinations\)/);
    });

    it('reports every schema problem at once, and semantic problems only on a well-shaped config', async () => {
      const { issues, message } = await invalid({ name: '', dataset: 'nope', algorithms: ['bao'], seed: -1, order: 'random' });
      assert.deepEqual(issues.map((i) => i.path).sort(), ['/name', '/order', '/seed']);
      assert.match(message, /^invalid experiment config test\.json \(3 problems\):\n {2}\/name: must not be empty\n/);
      const semantic = await invalid({ ...minimal, dataset: 'nope', algorithms: ['bao', { name: 'mscn', params: { epochs: 0 } }] });
      assert.deepEqual(semantic.issues.map((i) => i.path), ['/dataset', '/algorithms/0', '/algorithms/1/params/epochs']);
    });

    it('a value that is not an object at all', async () => {
      const { issues } = await invalid([minimal]);
      assertIssue(issues, '/', /must be object/);
    });
  });
});
