import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BUILTIN_SCALES, DATABASE_KINDS, LOAD_KINDS, WORKLOAD_NAMES } from '../../../src/dataset/registry/dataset-manifest.js';
import { DatasetError } from '../../../src/dataset/dataset-error.js';
import { createManifestValidator } from '../../../src/dataset/registry/manifest-validator.js';
import { manifestSchemaPath } from '../../../src/dataset/registry/project-root.js';

const FILE = '/somewhere/datasets/shop/dataset.json';

function valid(): Record<string, unknown> {
  return {
    name: 'shop',
    description: 'A tiny shop.',
    provenance: { source: 'written by hand', license: 'CC0-1.0', method: 'typed in', created: '2026-01-02' },
    database: { kind: 'managed', name: 'shop' },
    load: { kind: 'csv', dir: 'data', schema: 'data/schema.sql' },
    workloads: { train: 'train.sql', test: 'test.sql' },
    readOnly: false,
  };
}

/** The error's lines, each "file: /path: problem". */
function problems(value: unknown): string[] {
  const validator = createManifestValidator();
  try {
    validator.validate(value, FILE);
  } catch (error) {
    assert.ok(error instanceof DatasetError);
    assert.equal(error.code, 'MANIFEST_INVALID');
    assert.equal(error.context.file, FILE);
    return error.message.split('\n');
  }
  assert.fail('expected MANIFEST_INVALID');
}

function withChange(change: (m: Record<string, any>) => void): Record<string, unknown> {
  const m = structuredClone(valid()) as Record<string, any>;
  change(m);
  return m;
}

describe('dataset manifest validation', () => {
  const validator = createManifestValidator();

  it('accepts a valid manifest of each database and load kind', () => {
    assert.equal(validator.validate(valid(), FILE).name, 'shop');
    const variants: [unknown, unknown][] = [
      [{ kind: 'dsn', dsn: 'postgresql://reader@db.example:5432/prod' }, { kind: 'none' }],
      [{ kind: 'managed', name: 'b1' }, { kind: 'builtin', seed: 7, scale: 'small' }],
      [{ kind: 'managed', name: 'd' }, { kind: 'pg_dump', file: '/data/dump.sql' }],
      [{ kind: 'managed', name: 'c' }, { kind: 'csv', dir: 'x', schema: 'x/schema.sql', header: false }],
    ];
    for (const [database, load] of variants) {
      const m = withChange((v) => {
        v.database = database;
        v.load = load;
        v.workloads.fast = 'fast.sql';
        v.labels = { cardinalities: { test: 'test.cardinalities.json' }, names: { train: 'n.json' } };
        v.readOnly = true;
        v.$schema = '../../src/dataset/registry/dataset.schema.json';
        v.provenance.created = '2026-01-02T10:11:12.5Z';
      });
      assert.doesNotThrow(() => validator.validate(m, FILE), JSON.stringify(load));
    }
  });

  it('names the file and the field of a wrong type', () => {
    const lines = problems(withChange((m) => (m.workloads.train = 5)));
    assert.deepEqual(lines, ['/somewhere/datasets/shop/dataset.json: /workloads/train: must be string']);
  });

  it('reports a missing field at its own path', () => {
    assert.deepEqual(problems(withChange((m) => delete m.provenance.license)), [`${FILE}: /provenance/license: is required`]);
    assert.deepEqual(problems(withChange((m) => delete m.readOnly)), [`${FILE}: /readOnly: is required`]);
    assert.deepEqual(problems(withChange((m) => delete m.workloads.test)), [`${FILE}: /workloads/test: is required`]);
  });

  it('reports an unknown field (a typo) instead of ignoring it', () => {
    assert.deepEqual(problems(withChange((m) => (m.workloads.tset = 'x.sql'))), [`${FILE}: /workloads/tset: is not a known field`]);
    assert.deepEqual(problems(withChange((m) => (m.readonly = true))), [`${FILE}: /readonly: is not a known field`]);
  });

  it('lists the allowed kinds for an unknown database or load kind', () => {
    assert.deepEqual(problems(withChange((m) => (m.database = { kind: 'mysql', name: 'x' }))), [
      `${FILE}: /database/kind: must be one of managed, dsn (got "mysql")`,
    ]);
    assert.deepEqual(problems(withChange((m) => (m.load = { kind: 'parquet' }))), [`${FILE}: /load/kind: must be one of builtin, pg_dump, csv, none (got "parquet")`]);
    assert.deepEqual(problems(withChange((m) => (m.load = { file: 'x.sql' }))), [`${FILE}: /load/kind: is required`]);
  });

  it('checks the fields of the chosen kind only', () => {
    assert.deepEqual(problems(withChange((m) => (m.load = { kind: 'pg_dump' }))), [`${FILE}: /load/file: is required`]);
    assert.deepEqual(problems(withChange((m) => (m.load = { kind: 'builtin', seed: 1.5, scale: 'huge' }))), [
      `${FILE}: /load/seed: must be integer`,
      `${FILE}: /load/scale: must be one of "small", "default"`,
    ]);
    assert.deepEqual(problems(withChange((m) => (m.load = { kind: 'none', file: 'x' }))), [`${FILE}: /load/file: is not a known field`]);
    assert.deepEqual(problems(withChange((m) => (m.database = { kind: 'dsn', dsn: 'mysql://x' }))), [
      `${FILE}: /database/dsn: must be a postgres:// or postgresql:// connection URL`,
    ]);
  });

  it('explains patterns in words', () => {
    assert.deepEqual(problems(withChange((m) => (m.name = 'My Shop'))), [`${FILE}: /name: must be lower-case letters, digits, _ and -, starting with a letter or digit`]);
    assert.deepEqual(problems(withChange((m) => (m.provenance.created = 'last week'))), [`${FILE}: /provenance/created: must be an ISO 8601 date (YYYY-MM-DD) or date-time`]);
  });

  it('checks label files per workload', () => {
    assert.deepEqual(problems(withChange((m) => (m.labels = { cardinalities: {} }))), [`${FILE}: /labels/cardinalities: must NOT have fewer than 1 properties`]);
    assert.deepEqual(problems(withChange((m) => (m.labels = { cardinalities: { validation: 'v.json' } }))), [
      `${FILE}: /labels/cardinalities/validation: is not a known field`,
    ]);
  });

  it('reports every problem of a manifest at once, one line each', () => {
    const lines = problems(withChange((m) => {
      m.name = 'X';
      m.readOnly = 'no';
      delete m.description;
    }));
    assert.equal(lines.length, 3);
    assert.ok(lines.every((l) => l.startsWith(`${FILE}: /`)));
  });

  it('rejects what is not an object', () => {
    assert.deepEqual(problems([]), [`${FILE}: /: must be object`]);
  });

  it('keeps the schema\'s enums equal to the TypeScript unions', () => {
    const schema = JSON.parse(readFileSync(manifestSchemaPath(), 'utf8'));
    const consts = (s: { oneOf: { properties: { kind: { const: string } } }[] }) => s.oneOf.map((b) => b.properties.kind.const);
    assert.deepEqual(consts(schema.properties.database), [...DATABASE_KINDS]);
    assert.deepEqual(consts(schema.properties.load), [...LOAD_KINDS]);
    assert.deepEqual(schema.properties.load.oneOf[0].properties.scale.enum, [...BUILTIN_SCALES]);
    assert.deepEqual(Object.keys(schema.properties.workloads.properties), [...WORKLOAD_NAMES]);
  });

  it('reads a file: bad JSON and a missing file are MANIFEST_UNREADABLE', () => {
    assert.throws(() => validator.readFile('/nonexistent/dataset.json'), (e: DatasetError) => e.code === 'MANIFEST_UNREADABLE' && e.message.includes('/nonexistent/dataset.json'));
  });
});
