import assert from 'node:assert/strict';
import { toDatabaseError } from '../../../src/db/database-error.js';

describe('toDatabaseError', () => {
  it('keeps the SQLSTATE, detail and position of a server error and adds what to do', () => {
    const e = toDatabaseError(Object.assign(new Error('relation "nope" does not exist'), { code: '42P01', position: '15' }), { sql: 'SELECT * FROM nope' });
    assert.equal(e.code, 'DB_UNDEFINED_TABLE');
    assert.equal(e.sqlstate, '42P01');
    assert.equal(e.position, 15);
    assert.match(e.hint ?? '', /dataset/);
    assert.equal(e.context.sql, 'SELECT * FROM nope');
  });

  it('turns a refused connection into DB_UNREACHABLE with the way out', () => {
    const e = toDatabaseError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), { target: 'x' });
    assert.equal(e.code, 'DB_UNREACHABLE');
    assert.equal(e.sqlstate, undefined);
    assert.match(e.hint ?? '', /pilot db start/);
  });

  it('keeps a server hint over the generic one and labels unknown SQLSTATEs', () => {
    const e = toDatabaseError(Object.assign(new Error('boom'), { code: 'XX000', hint: 'server says' }));
    assert.equal(e.code, 'DB_ERROR');
    assert.equal(e.hint, 'server says');
  });
});
