import assert from 'node:assert/strict';
import { csvFirstRecord } from '../../../src/dataset/import/csv-first-record.js';
import { psqlFailure } from '../../../src/dataset/import/run-psql-file.js';

describe('import helpers', () => {
  it('reads the first CSV record: quotes, doubled quotes, separators and newlines inside quotes', () => {
    assert.deepEqual(csvFirstRecord('id,name,city\n1,a,b\n'), ['id', 'name', 'city']);
    assert.deepEqual(csvFirstRecord('\uFEFF"a ""x""","b,c",\r\n'), ['a "x"', 'b,c', '']);
    assert.deepEqual(csvFirstRecord('"multi\nline",2\n3,4'), ['multi\nline', '2']);
    assert.deepEqual(csvFirstRecord('only'), ['only']);
    assert.equal(csvFirstRecord(''), undefined);
    assert.equal(csvFirstRecord('"open'), undefined);
  });

  it('turns psql\'s error output into file:line and the message, with a hint for missing roles', () => {
    const stderr = [
      'psql:/data/dump.sql:42: ERROR:  role "postgres" does not exist',
      'LINE 1: ALTER TABLE public.t OWNER TO postgres;',
      '                                      ^',
    ].join('\n');
    const error = psqlFailure('DUMP_LOAD_FAILED', '/data/dump.sql', stderr, 3);
    assert.equal(error.code, 'DUMP_LOAD_FAILED');
    assert.equal(error.context.line, 42);
    assert.equal(error.message.split('\n')[0], '/data/dump.sql:42: ERROR: role "postgres" does not exist');
    assert.match(error.message, /LINE 1: ALTER TABLE/);
    assert.match(error.hint!, /--no-owner/);
  });

  it('keeps psql\'s last words when it failed before running SQL', () => {
    const error = psqlFailure('DUMP_LOAD_FAILED', '/data/x.sql', 'psql: error: connection to server failed: No such file or directory\n', 2);
    assert.equal(error.context.line, undefined);
    assert.match(error.message, /^\/data\/x\.sql: psql: error: connection to server failed/);
  });
});
