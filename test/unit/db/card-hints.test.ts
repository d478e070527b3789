import assert from 'node:assert/strict';
import { canonicalKey, formatCardHints } from '../../../src/db/card-hints.js';
import { PilotError } from '../../../src/errors/index.js';

describe('formatCardHints', () => {
  it('sorts aliases inside a key by byte order and joins entries with commas', () => {
    assert.equal(formatCardHints({ 'u p b': 10, p: 2.5, 'B a': 3 }), 'b p u=10,p=2.5,B a=3');
  });

  it('renders integers exactly and fractions without trailing zeros', () => {
    assert.equal(formatCardHints({ a: 1e6, b: 0.1, c: 0 }), 'a=1000000,b=0.1,c=0');
  });

  it('refuses negative, NaN and infinite rows, naming the key', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => formatCardHints({ 'x y': bad }), (e: PilotError) => e.code === 'BAD_CARD_VALUE' && e.message.includes('"x y"'));
    }
  });

  it('refuses aliases that cannot be expressed in the hint format, and repeated aliases', () => {
    assert.throws(() => formatCardHints({ 'a=b': 1 }), (e: PilotError) => e.code === 'BAD_CARD_KEY');
    assert.throws(() => formatCardHints({ 'a,b': 1 }), (e: PilotError) => e.code === 'BAD_CARD_KEY');
    assert.throws(() => formatCardHints({ '': 1 }), (e: PilotError) => e.code === 'BAD_CARD_KEY');
    assert.throws(() => canonicalKey(['a', 'b', 'a']), (e: PilotError) => e.code === 'BAD_CARD_KEY');
  });
});
