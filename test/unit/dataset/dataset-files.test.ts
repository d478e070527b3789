import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError } from '../../../src/dataset/dataset-error.js';
import { findDataset, loadDatasetCatalog } from '../../../src/dataset/registry/dataset-registry.js';
import { readLabels, readWorkload } from '../../../src/dataset/registry/workload-files.js';
import { writeDatasetDir, type DatasetContents } from '../../../src/dataset/registry/write-dataset-dir.js';

const contents: DatasetContents = {
  manifest: {
    name: 'shop',
    description: 'A shop.',
    provenance: { source: 'test', license: 'CC0-1.0', method: 'test', created: '2026-01-01' },
    database: { kind: 'managed', name: 'shop' },
    load: { kind: 'none' },
    readOnly: false,
  },
  workloads: { train: ['SELECT 1;', 'SELECT 2;'], test: ['SELECT 3;'], fast: ['SELECT 4;'] },
  labels: { cardinalities: { train: new Map([[1, 20], [0, 10]]) }, names: { test: new Map([[0, 'q3']]), fast: new Map() } },
};

describe('dataset directory files', () => {
  let home: string;
  let target: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'pilot-dsfiles-'));
    target = join(home, 'datasets', 'shop');
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('writes manifest, workloads and labels that the registry reads back', () => {
    const manifest = writeDatasetDir(target, contents);
    assert.deepEqual(manifest.workloads, { train: 'train.sql', test: 'test.sql', fast: 'fast.sql' });
    assert.deepEqual(manifest.labels, { cardinalities: { train: 'train.cardinalities.json' }, names: { test: 'test.names.json' } });
    assert.deepEqual(readdirSync(join(home, 'datasets')), ['shop'], 'no staging directory left behind');
    assert.equal(readFileSync(join(target, 'train.sql'), 'utf8'), 'SELECT 1;\nSELECT 2;\n');
    assert.deepEqual(JSON.parse(readFileSync(join(target, 'train.cardinalities.json'), 'utf8')), { 0: 10, 1: 20 });

    const entry = findDataset(loadDatasetCatalog({ home, projectDatasetsDir: join(home, 'none') }), 'shop');
    const train = readWorkload(entry, 'train')!;
    assert.deepEqual(train.queries, ['SELECT 1;', 'SELECT 2;']);
    assert.deepEqual([...readLabels(entry, 'cardinalities', 'train', train.queries.length)!], [[0, 10], [1, 20]]);
    assert.deepEqual([...readLabels(entry, 'names', 'test', 1)!], [[0, 'q3']]);
    assert.equal(readLabels(entry, 'cardinalities', 'test', 1), undefined);
  });

  it('refuses to overwrite unless asked to replace', () => {
    writeDatasetDir(target, contents);
    assert.throws(() => writeDatasetDir(target, contents), (e: DatasetError) => e.code === 'DATASET_EXISTS');
    writeDatasetDir(target, { ...contents, workloads: { train: ['SELECT 9;'], test: ['SELECT 8;'] } }, { replace: true });
    assert.equal(readFileSync(join(target, 'train.sql'), 'utf8'), 'SELECT 9;\n');
    assert.equal(existsSync(join(target, 'fast.sql')), false);
  });

  it('reports a label file that does not fit its workload', () => {
    writeDatasetDir(target, contents);
    const entry = findDataset(loadDatasetCatalog({ home, projectDatasetsDir: join(home, 'none') }), 'shop');
    writeFileSync(join(target, 'train.cardinalities.json'), '{"0": 1, "5": 2}');
    assert.throws(() => readLabels(entry, 'cardinalities', 'train', 2), (e: DatasetError) => e.code === 'LABELS_INVALID' && e.message.endsWith('/5: is not a query index of the train workload (0 to 1)'));
    writeFileSync(join(target, 'train.cardinalities.json'), '{"0": -1}');
    assert.throws(() => readLabels(entry, 'cardinalities', 'train', 2), /\/0: must be a non-negative integer/);
    writeFileSync(join(target, 'train.cardinalities.json'), '[1, 2]');
    assert.throws(() => readLabels(entry, 'cardinalities', 'train', 2), /must be a JSON object/);
  });

  it('reports a missing workload file with the dataset and the field', () => {
    mkdirSync(target, { recursive: true });
    writeDatasetDir(target, contents, { replace: true });
    rmSync(join(target, 'test.sql'));
    const entry = findDataset(loadDatasetCatalog({ home, projectDatasetsDir: join(home, 'none') }), 'shop');
    assert.throws(() => readWorkload(entry, 'test'), (e: DatasetError) => e.code === 'WORKLOAD_UNREADABLE' && e.context.field === '/workloads/test');
  });
});
