import assert from 'node:assert/strict';
import { resolveConnectionTarget } from '../../../src/db/connection-target.js';

describe('resolveConnectionTarget', () => {
  it('prefers --dsn, then DATABASE_URL, then PG* variables, else the managed cluster', () => {
    const env = { DATABASE_URL: 'postgres://u@h/d', PGHOST: 'h' };
    assert.equal(resolveConnectionTarget({ dsn: 'postgres://x@y/z', env }).kind, 'external');
    const fromUrl = resolveConnectionTarget({ env });
    assert.equal(fromUrl.kind === 'external' && fromUrl.source, 'DATABASE_URL');
    const fromPg = resolveConnectionTarget({ env: { PGHOST: 'h', PGPORT: '5433' } });
    assert.equal(fromPg.kind === 'external' && fromPg.source, 'PGHOST, PGPORT');
    assert.equal(resolveConnectionTarget({ env: { PGUSER: 'me' }, home: '/tmp/x' }).kind, 'managed');
  });

  it('puts the managed cluster under the given home', () => {
    const t = resolveConnectionTarget({ env: {}, home: '/tmp/somewhere', database: 'db1' });
    assert.equal(t.kind, 'managed');
    if (t.kind === 'managed') {
      assert.equal(t.cluster.paths.data, '/tmp/somewhere/pg/data');
      assert.equal(t.database, 'db1');
    }
  });
});
