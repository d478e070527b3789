import assert from 'node:assert/strict';
import { detachString } from '../../../src/dataset/log/detach-string.js';
import { literalBlindKey } from '../../../src/dataset/log/literal-blind-key.js';
import { VerdictCache } from '../../../src/dataset/log/verdict-cache.js';

describe('verdict cache', () => {
  it('finds every key, also among many that differ in one character only', () => {
    const cache = new VerdictCache<number>();
    const keys = Array.from({ length: 500 }, (_, i) => `S${String(i).padStart(3, '0')}${'ELECT * FROM t WHERE a = 0 AND b = '.padEnd(96, '.')}`);
    keys.forEach((k, i) => cache.set(k, i));
    assert.equal(cache.size, keys.length);
    keys.forEach((k, i) => assert.equal(cache.get(k), i, k));
    assert.equal(cache.get(`${keys[0]} `), undefined);
    assert.equal(cache.get(`S999${keys[0]!.slice(4)}`), undefined);
    cache.set(keys[3]!, 12345);
    assert.equal(cache.get(keys[3]!), 3, 'the first value stays');
  });

  it('drops the oldest keys beyond its size in characters', () => {
    const cache = new VerdictCache<string>(100);
    const keys = Array.from({ length: 30 }, (_, i) => `key number ${String(i).padStart(2, '0')}`); // 13 characters each
    for (const k of keys) cache.set(k, k);
    assert.ok(cache.size <= 7 && cache.size >= 6, `${cache.size} keys of 13 characters in 100`);
    assert.equal(cache.get(keys[0]!), undefined, 'the oldest went first');
    assert.equal(cache.get(keys[29]!), keys[29]);
    for (const k of keys) cache.set(k, k); // refill after eviction
    assert.equal(cache.get(keys[29]!), keys[29]);
    assert.ok(cache.size <= 7);
  });

  it('copies a string without changing it, lone surrogates included', () => {
    for (const s of ['', 'plain', 'größe € 日本', '\uD800 lone', 'x'.repeat(10_000).slice(3, 5000)]) assert.equal(detachString(s), s);
  });

  it('blanks integers as 0 and decimals as 0.0, radix literals being integers', () => {
    assert.equal(literalBlindKey('SELECT 42, 0x1F, 0o17, 0b101, 1_000, 4.2, .5, 1e5, 1.5e-3, 1.'), 'SELECT 0, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0');
  });
});
