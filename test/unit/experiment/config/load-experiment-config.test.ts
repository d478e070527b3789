import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { DatasetCatalog } from '../../../../src/dataset/registry/dataset-registry.js';
import { isPilotError } from '../../../../src/errors/index.js';
import { CONFIG_DEFAULTS, experimentSchemaPath, experimentsDir } from '../../../../src/experiment/config/experiment-config.js';
import { loadExperimentConfig } from '../../../../src/experiment/config/load-experiment-config.js';
import { assertIssue, configIssues, makeCatalogHome } from './config-fixtures.js';

type SchemaNode = Record<string, unknown> & { properties?: Record<string, SchemaNode>; patternProperties?: Record<string, SchemaNode>; items?: SchemaNode };

describe('experiment config files', () => {
  let root: string;
  let home: string;
  let catalog: DatasetCatalog;
  before(() => ({ root, home, catalog } = makeCatalogHome()));
  after(() => rmSync(root, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = join(root, name);
    writeFileSync(file, text);
    return file;
  };

  describe('the published schema', () => {
    const schema = JSON.parse(readFileSync(experimentSchemaPath(), 'utf8')) as SchemaNode;

    it('is a draft 2020-12 schema with an $id that compiles in strict mode', () => {
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
      assert.match(String(schema.$id), /^urn:pilot:schema:experiment:/);
      const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
      ajv.addKeyword('patternMessage');
      ajv.addKeyword('notAllowedMessage');
      assert.doesNotThrow(() => ajv.compile(schema));
    });

    it('has a title and a description on every field, and no unknown fields anywhere', () => {
      const missing: string[] = [];
      const walk = (node: SchemaNode, path: string) => {
        if (typeof node.title !== 'string' || typeof node.description !== 'string') missing.push(path || '/');
        if (node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'))) {
          // Maps (params) say what their values are; every other object is closed.
          if (node.additionalProperties !== false) assert.equal(path, '/algorithms/items/params', `${path} is open`);
        }
        for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${path}/${key}`);
        for (const [key, child] of Object.entries(node.patternProperties ?? {})) walk(child, `${path}/${key}`);
        if (node.items) walk(node.items, `${path}/items`);
      };
      walk(schema, '');
      assert.deepEqual(missing, []);
    });

    it('documents the defaults the resolver applies', () => {
      const props = schema.properties!;
      assert.equal(props.trainDataset!.default, CONFIG_DEFAULTS.trainDataset);
      assert.equal(props.workload!.properties!.name!.default, CONFIG_DEFAULTS.workloadName);
      assert.equal(props.baseline!.default, CONFIG_DEFAULTS.baseline);
      assert.equal(props.objective!.default, CONFIG_DEFAULTS.objective);
      const measurement = props.measurement!.properties!;
      assert.deepEqual(
        { repetitions: measurement.repetitions!.default, warmups: measurement.warmups!.default, timeoutMs: measurement.timeoutMs!.default, instrument: measurement.instrument!.default },
        CONFIG_DEFAULTS.measurement,
      );
      assert.equal(props.trainJobs!.default, CONFIG_DEFAULTS.trainJobs);
      assert.equal(props.retrain!.default, CONFIG_DEFAULTS.retrain);
      assert.equal(props.seed!.default, CONFIG_DEFAULTS.seed);
    });
  });

  describe('experiments/*.json', () => {
    const files = readdirSync(experimentsDir()).filter((f) => f.endsWith('.json'));

    it('includes the CI smoke, quickstart and cross-dataset configs', () => {
      for (const name of ['ci-smoke.json', 'quickstart.json', 'cross-dataset.json']) assert.ok(files.includes(name), name);
    });

    for (const name of files) {
      it(`${name} validates and points its editor at the schema`, async () => {
        const file = join(experimentsDir(), name);
        const spec = await loadExperimentConfig(file, { catalog });
        assert.equal(spec.kind, 'experiment');
        assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string }).$schema, './schema/experiment.schema.json');
      });
    }

    it('ci-smoke is a small sweep on builtin-small', async () => {
      const spec = await loadExperimentConfig(join(experimentsDir(), 'ci-smoke.json'), { catalog });
      assert.deepEqual([spec.dataset, spec.trainDataset, spec.workload.name, spec.order], ['builtin-small', 'builtin-small', 'fast', 'trial-major']);
      assert.deepEqual(spec.measurement, { repetitions: 1, warmups: 0, timeoutMs: 5000, instrument: 'wall' });
      assert.deepEqual(spec.algorithms.map((a) => a.name), ['baseline', 'mscn']);
      assert.ok((spec.workload.limit ?? Infinity) <= 20 && (spec.trainLimit ?? Infinity) <= 200);
    });

    it('cross-dataset trains on builtin-small and times builtin', async () => {
      const spec = await loadExperimentConfig(join(experimentsDir(), 'cross-dataset.json'), { catalog });
      assert.deepEqual([spec.dataset, spec.trainDataset], ['builtin', 'builtin-small']);
    });
  });

  it('finds datasets in <home>/datasets when given only a home', async () => {
    const spec = await loadExperimentConfig(join(experimentsDir(), 'ci-smoke.json'), { home });
    assert.equal(spec.dataset, 'builtin-small');
  });

  it('reports malformed JSON with line and column', async () => {
    const file = write('syntax.json', '{\n  "name": "x",\n  "dataset": "builtin",\n  "algorithms": ["baseline",],\n}\n');
    const { issues, message } = await configIssues(loadExperimentConfig(file, { catalog }));
    assert.deepEqual(issues, [{ path: '/', message: 'not valid JSON: trailing comma before "]"', line: 4, column: 29 }]);
    assert.match(message, /syntax\.json:4:29: \/: not valid JSON: trailing comma before "\]"/);
  });

  it('refuses a key given twice, which JSON.parse would silently drop', async () => {
    const file = write('twice.json', '{"name": "x", "dataset": "builtin",\n "algorithms": ["baseline"],\n "seed": 1, "seed": 2}');
    const { issues } = await configIssues(loadExperimentConfig(file, { catalog }));
    assert.deepEqual(issues, [{ path: '/', message: 'not valid JSON: key "seed" appears twice in the same object', line: 3, column: 13 }]);
  });

  it('gives schema and semantic problems the line and column of their field, in file order', async () => {
    const file = write(
      'located.json',
      ['{', '  "name": "x",', '  "dataset": "builtin",', '  "algorithms": [', '    "baseline",', '    {"name": "mscn", "params": {"epochs": [2, 4, "ten"]}}', '  ],', '  "grid": {"db.work mem": ["1MB"]},', '  "seed": "one"', '}'].join('\n'),
    );
    const schema = await configIssues(loadExperimentConfig(file, { catalog }));
    assert.deepEqual(schema.issues, [
      { path: '/grid/db.work mem', message: 'is not a database setting key: keys are "db.<setting>", e.g. "db.work_mem"', line: 8, column: 12 },
      { path: '/seed', message: 'must be integer', line: 9, column: 3 },
    ]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"db.work mem"', '"db.work_mem"').replace('"one"', '1'));
    const semantic = await configIssues(loadExperimentConfig(file, { catalog }));
    assert.deepEqual(semantic.issues, [{ path: '/algorithms/1/params/epochs/2', message: 'must be integer', line: 6, column: 50 }]);
    assert.match(semantic.message, /located\.json:6:50: \/algorithms\/1\/params\/epochs\/2: must be integer/);
  });

  it('refuses a file that cannot be read', async () => {
    await assert.rejects(loadExperimentConfig(join(root, 'missing.json'), { catalog }), (error: unknown) => {
      assert.ok(isPilotError(error));
      assert.equal(error.code, 'EXPERIMENT_CONFIG_UNREADABLE');
      assert.match(error.message, /cannot read experiment config .*missing\.json \(ENOENT\)/);
      return true;
    });
  });

  it('keeps unknown-name problems next to the registered names', async () => {
    const file = write('names.json', JSON.stringify({ name: 'x', dataset: 'job', algorithms: ['bao'] }, null, 2));
    const { issues } = await configIssues(loadExperimentConfig(file, { catalog }));
    assert.equal(assertIssue(issues, '/dataset', /known: builtin, builtin-small, nofast/).line, 3);
    assert.equal(assertIssue(issues, '/algorithms/0', /known: baseline, mscn, lero/).line, 5);
  });
});
