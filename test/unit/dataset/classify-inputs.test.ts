import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyInputs, workloadRoleFromName } from '../../../src/dataset/import/classify-inputs.js';
import { DatasetError } from '../../../src/dataset/dataset-error.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/import/', import.meta.url));

describe('classifyInputs', () => {
  it('tells workloads by the words in their names', () => {
    assert.equal(workloadRoleFromName('/x/stats_train_time2int.txt'), 'train');
    assert.equal(workloadRoleFromName('stats_test_time2int.txt'), 'test');
    assert.equal(workloadRoleFromName('stats_fast_sql_time2int.txt'), 'fast');
    assert.equal(workloadRoleFromName('/w/testing'), 'test');
    assert.equal(workloadRoleFromName('latest.sql'), undefined);
    assert.equal(workloadRoleFromName('train-test.sql'), undefined);
  });

  it('opens a directory and finds the dump and the workloads in it', () => {
    const inputs = classifyInputs([join(FIXTURES, 'dump')], {}, { wantDump: true, skip: (f) => f.endsWith('good.sql') });
    assert.equal(inputs.dump, join(FIXTURES, 'dump', 'broken.sql'));
    assert.deepEqual(inputs.workloads, { train: join(FIXTURES, 'dump', 'train_queries.txt'), test: join(FIXTURES, 'dump', 'test_queries.txt') });
  });

  it('refuses two dumps, and a file it cannot place', () => {
    assert.throws(() => classifyInputs([join(FIXTURES, 'dump')], {}, { wantDump: true }), (e: DatasetError) => e.code === 'IMPORT_BAD_INPUT' && /two pg_dump files/.test(e.message));
    assert.throws(() => classifyInputs([join(FIXTURES, 'job', '1a.sql')], {}, { wantDump: false }), /its name says neither train, test nor fast/);
  });

  it('lets --dump, --train and --test decide', () => {
    const inputs = classifyInputs([], { dump: join(FIXTURES, 'dump', 'good.sql'), train: join(FIXTURES, 'job'), test: join(FIXTURES, 'lero', 'test.txt') }, { wantDump: true });
    assert.equal(inputs.dump, join(FIXTURES, 'dump', 'good.sql'));
    assert.equal(inputs.workloads.train, join(FIXTURES, 'job'));
  });

  it('says which input is missing', () => {
    assert.throws(() => classifyInputs(['/no/such/file.sql'], {}, { wantDump: true }), (e: DatasetError) => e.code === 'IMPORT_FILE_MISSING' && e.message.includes('/no/such/file.sql'));
  });
});
