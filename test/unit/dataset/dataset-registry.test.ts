import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError } from '../../../src/dataset/dataset-error.js';
import { findDataset, loadDatasetCatalog, resolveDatasetPath } from '../../../src/dataset/registry/dataset-registry.js';
import { builtinDatasetsDir } from '../../../src/dataset/registry/project-root.js';

function manifest(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    description: `dataset ${name}`,
    provenance: { source: 'test', license: 'CC0-1.0', method: 'written by the test', created: '2026-01-01' },
    database: { kind: 'managed', name },
    load: { kind: 'none' },
    workloads: { train: 'train.sql', test: 'test.sql' },
    readOnly: false,
    ...extra,
  };
}

describe('dataset registry', () => {
  let root: string;
  let project: string;
  let home: string;

  function put(base: string, dir: string, content: unknown): void {
    mkdirSync(join(base, dir), { recursive: true });
    writeFileSync(join(base, dir, 'dataset.json'), typeof content === 'string' ? content : JSON.stringify(content));
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pilot-registry-'));
    project = join(root, 'project-datasets');
    home = join(root, 'home');
    mkdirSync(project);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds built-in datasets in the project and user datasets in <home>/datasets', () => {
    put(project, 'alpha', manifest('alpha'));
    put(join(home, 'datasets'), 'beta', manifest('beta'));
    const catalog = loadDatasetCatalog({ home, projectDatasetsDir: project });
    assert.deepEqual(catalog.entries.map((e) => [e.name, e.origin]), [['alpha', 'project'], ['beta', 'home']]);
    assert.deepEqual(catalog.problems, []);
    const beta = findDataset(catalog, 'beta');
    assert.equal(beta.dir, join(home, 'datasets', 'beta'));
    assert.equal(resolveDatasetPath(beta, 'train.sql'), join(home, 'datasets', 'beta', 'train.sql'));
    assert.equal(resolveDatasetPath(beta, '/abs/x.sql'), '/abs/x.sql');
  });

  it('works when neither directory exists yet', () => {
    const catalog = loadDatasetCatalog({ home: join(root, 'nothing'), projectDatasetsDir: join(root, 'none') });
    assert.deepEqual([catalog.entries, catalog.problems], [[], []]);
  });

  it('reports a broken manifest with file and field without hiding the others', () => {
    put(project, 'good', manifest('good'));
    put(project, 'badtype', manifest('badtype', { workloads: { train: 5, test: 'test.sql' } }));
    put(project, 'badjson', '{ "name": ');
    mkdirSync(join(project, 'empty'));
    put(project, 'renamed', manifest('other'));
    mkdirSync(join(project, '.hidden'));
    writeFileSync(join(project, 'README.md'), 'not a dataset');
    const catalog = loadDatasetCatalog({ home, projectDatasetsDir: project });
    assert.deepEqual(catalog.entries.map((e) => e.name), ['good']);
    const byName = Object.fromEntries(catalog.problems.map((p) => [p.name, p.error]));
    assert.deepEqual(Object.keys(byName).sort(), ['badjson', 'badtype', 'empty', 'renamed']);
    assert.equal(byName.badtype!.code, 'MANIFEST_INVALID');
    assert.match(byName.badtype!.message, /badtype\/dataset\.json: \/workloads\/train: must be string$/);
    assert.equal(byName.badjson!.code, 'MANIFEST_UNREADABLE');
    assert.match(byName.badjson!.message, /badjson\/dataset\.json: not valid JSON/);
    assert.match(byName.empty!.message, /no dataset\.json/);
    assert.match(byName.renamed!.message, /\/name: is "other" but the directory is "renamed"/);
  });

  it('marks a name used twice and refuses to pick one', () => {
    put(project, 'twin', manifest('twin'));
    put(join(home, 'datasets'), 'twin', manifest('twin'));
    const catalog = loadDatasetCatalog({ home, projectDatasetsDir: project });
    assert.equal(catalog.entries.length, 2);
    assert.deepEqual(catalog.problems.map((p) => [p.name, p.origin, p.error.code]), [['twin', 'home', 'DATASET_DUPLICATE']]);
    assert.throws(() => findDataset(catalog, 'twin'), (e: DatasetError) => e.code === 'DATASET_DUPLICATE' && e.message.includes('2 directories'));
  });

  it('says why a name is not usable: unknown, or broken', () => {
    put(project, 'good', manifest('good'));
    put(project, 'broken', manifest('broken', { readOnly: 'yes' }));
    const catalog = loadDatasetCatalog({ home, projectDatasetsDir: project });
    assert.throws(() => findDataset(catalog, 'nope'), (e: DatasetError) => e.code === 'DATASET_NOT_FOUND' && e.message.includes('known: good'));
    assert.throws(() => findDataset(catalog, 'broken'), (e: DatasetError) => e.code === 'DATASET_BROKEN' && /\/readOnly: must be boolean/.test(e.message));
  });

  it('finds the shipped datasets directory of the project', () => {
    assert.match(builtinDatasetsDir(), /[/\\]datasets$/);
  });
});
