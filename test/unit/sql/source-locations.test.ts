import assert from 'node:assert/strict';
import { lineAndColumn, sourceLocator } from '../../../src/sql/source-locations.js';

describe('sql/source-locations', () => {
  it('maps positions of ASCII text to themselves', () => {
    const locator = sourceLocator('select 1');
    assert.equal(locator.fromByteOffset(3), 3);
    assert.equal(locator.fromCodePointIndex(3), 3);
    assert.equal(locator.fromByteOffset(99), 8);
  });

  it('maps UTF-8 byte offsets and code point indices to UTF-16 indices', () => {
    const text = "é😀x";
    const locator = sourceLocator(text);
    assert.equal(locator.fromByteOffset(2), 1); // after é (2 bytes)
    assert.equal(locator.fromByteOffset(6), 3); // after 😀 (4 bytes, 2 UTF-16 units)
    assert.equal(locator.fromCodePointIndex(2), 3);
    assert.equal(text[locator.fromCodePointIndex(2)], 'x');
  });

  it('gives 1-based lines and columns', () => {
    assert.deepEqual(lineAndColumn('a\nbc\nd', 0), { line: 1, column: 1 });
    assert.deepEqual(lineAndColumn('a\nbc\nd', 3), { line: 2, column: 2 });
    assert.deepEqual(lineAndColumn('a\nbc\nd', 5), { line: 3, column: 1 });
  });
});
