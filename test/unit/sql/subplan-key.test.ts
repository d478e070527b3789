import assert from 'node:assert/strict';
import { compareBytes, subplanAliases, subplanKey, SubplanError } from '../../../src/sql/index.js';

describe('sql/subplan-key', () => {
  it('sorts aliases and joins them with one space', () => {
    assert.equal(subplanKey(['u', 'b', 'p']), 'b p u');
    assert.equal(subplanKey(['ph', 'p', 'pl']), 'p ph pl');
    assert.equal(subplanKey(['t']), 't');
    assert.equal(subplanKey([]), '');
  });

  it('sorts by bytes, not by locale: uppercase before lowercase, _ between them', () => {
    assert.equal(subplanKey(['b', 'B', 'a', '_x', 'A']), 'A B _x a b');
    assert.equal(subplanKey(['b10', 'b2', 'b1']), 'b1 b10 b2');
    assert.notEqual(['b', 'B'].sort((x, y) => x.localeCompare(y)).join(' '), subplanKey(['b', 'B']));
  });

  it('orders like strcmp over UTF-8, also beyond the Basic Multilingual Plane', () => {
    const aliases = ['z', '\u{1F600}', '\uFF21', 'é', 'a'];
    const byUtf8 = [...aliases].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.equal(subplanKey(aliases), byUtf8.join(' '));
    assert.equal(compareBytes('\uFF21', '\u{1F600}'), -1);
    assert.equal(compareBytes('a', 'a'), 0);
    assert.equal(compareBytes('a', 'ab'), -1);
  });

  it('does not change its argument', () => {
    const aliases = ['u', 'b'];
    subplanKey(aliases);
    assert.deepEqual(aliases, ['u', 'b']);
  });

  it('rejects aliases a key cannot carry', () => {
    assert.throws(() => subplanKey(['a b']), (e: unknown) => e instanceof SubplanError && e.code === 'SQL_INVALID_ALIAS');
    assert.throws(() => subplanKey(['']), SubplanError);
  });

  it('splits a key back into its aliases', () => {
    assert.deepEqual(subplanAliases('b p u'), ['b', 'p', 'u']);
    assert.deepEqual(subplanAliases(''), []);
  });
});
