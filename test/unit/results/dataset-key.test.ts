import assert from 'node:assert/strict';
import { datasetKey } from '../../../src/results/index.js';

const schema = {
  tables: [
    { name: 'users', rows: 4000, columns: [{ name: 'id', type: 'integer' }, { name: 'reputation', type: 'integer' }] },
    { name: 'badges', rows: 7900, columns: [{ name: 'id', type: 'integer' }, { name: 'userid', type: 'integer' }] },
  ],
};

describe('results/datasetKey', () => {
  it('is the name and 12 hex digits, the same for the same schema in any table order', () => {
    const key = datasetKey('builtin', schema);
    assert.match(key, /^builtin:[0-9a-f]{12}$/);
    assert.equal(datasetKey('builtin', { tables: [...schema.tables].reverse() }), key);
  });

  it('changes with the name, a row count, a column name or a column type', () => {
    const key = datasetKey('builtin', schema);
    const [users, badges] = schema.tables as [(typeof schema.tables)[0], (typeof schema.tables)[0]];
    assert.notEqual(datasetKey('other', schema), key);
    assert.notEqual(datasetKey('builtin', { tables: [{ ...users, rows: 4001 }, badges] }), key);
    assert.notEqual(datasetKey('builtin', { tables: [{ ...users, columns: [{ name: 'id', type: 'bigint' }, users.columns[1]!] }, badges] }), key);
    assert.notEqual(datasetKey('builtin', { tables: [{ ...users, columns: [{ name: 'uid', type: 'integer' }, users.columns[1]!] }, badges] }), key);
    assert.notEqual(datasetKey('builtin', { tables: [users] }), key);
  });

  it('ignores the fraction of a reltuples estimate', () => {
    const [users, badges] = schema.tables as [(typeof schema.tables)[0], (typeof schema.tables)[0]];
    assert.equal(datasetKey('builtin', { tables: [{ ...users, rows: 4000.2 }, badges] }), datasetKey('builtin', schema));
  });
});
