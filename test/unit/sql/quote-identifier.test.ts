import assert from 'node:assert/strict';
import { quoteIdentifier, type PgParser } from '../../../src/sql/index.js';
import { COL_NAME_KEYWORDS, RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS } from '../../../src/sql/sql-keywords.js';
import { parser } from './sql-fixture.js';

describe('sql/quote-identifier', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  it('keeps the keyword lists in step with the parser\'s scanner', () => {
    for (const word of RESERVED_KEYWORDS) assert.equal(p.keywordKind(word), 'reserved', word);
    for (const word of TYPE_FUNC_NAME_KEYWORDS) assert.equal(p.keywordKind(word), 'type_func_name', word);
    for (const word of COL_NAME_KEYWORDS) assert.equal(p.keywordKind(word), 'col_name', word);
  });

  it('writes plain lowercase names bare, unreserved and column-name keywords included', () => {
    for (const name of ['badges', 'p', 'user_id', 't$1', '_x', 'date', 'abort', 'timestamp', 'values']) assert.equal(quoteIdentifier(name), name);
  });

  it('quotes case, odd characters, reserved and type/function-name keywords, doubling quotes', () => {
    assert.equal(quoteIdentifier('Users'), '"Users"');
    assert.equal(quoteIdentifier('my table'), '"my table"');
    assert.equal(quoteIdentifier('1st'), '"1st"');
    assert.equal(quoteIdentifier('a"b'), '"a""b"');
    assert.equal(quoteIdentifier('order'), '"order"');
    assert.equal(quoteIdentifier('left'), '"left"');
    assert.equal(quoteIdentifier('é'), '"é"');
  });

  it('also quotes column-name keywords in type position', () => {
    assert.equal(quoteIdentifier('char', { asType: true }), '"char"');
    assert.equal(quoteIdentifier('date', { asType: true }), 'date');
  });

  it('produces names the parser reads back as the same identifier', () => {
    for (const name of ['order', 'Order', 'user', 'left', 'values', 'row', 'a"b', 'x y', 'é', 'select', 'is', 'between']) {
      const tree = p.parse(`SELECT 1 FROM ${quoteIdentifier(name)} AS ${quoteIdentifier(name)}`);
      const range = (tree.stmts?.[0]?.stmt as { SelectStmt: { fromClause: { RangeVar: { relname: string; alias: { aliasname: string } } }[] } }).SelectStmt.fromClause[0]?.RangeVar;
      assert.equal(range?.relname, name);
      assert.equal(range?.alias.aliasname, name);
    }
  });
});
