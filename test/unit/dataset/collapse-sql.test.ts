import assert from 'node:assert/strict';
import { collapseSql } from '../../../src/dataset/import/collapse-sql.js';

const ok = (text: string) => {
  const r = collapseSql(text);
  assert.ok(r.ok, JSON.stringify(r));
  return r.sql;
};
const fail = (text: string) => {
  const r = collapseSql(text);
  assert.ok(!r.ok, JSON.stringify(r));
  return [r.line, r.message];
};

describe('collapseSql', () => {
  it('puts a multi-line query on one line and drops comments', () => {
    assert.equal(ok('SELECT a,\n       b  -- trailing\n  FROM t /* block /* nested */ */\n WHERE x = 1\n;\n'), 'SELECT a, b FROM t WHERE x = 1;');
  });

  it('keeps quoted text byte for byte', () => {
    assert.equal(ok("SELECT 'a  -- not a comment', \"Mixed  Case\" FROM t"), "SELECT 'a  -- not a comment', \"Mixed  Case\" FROM t;");
    assert.equal(ok("SELECT E'it\\'s  ok', 'it''s' FROM t"), "SELECT E'it\\'s  ok', 'it''s' FROM t;");
    assert.equal(ok('SELECT $q$ a ; b $q$, $$x$$'), 'SELECT $q$ a ; b $q$, $$x$$;');
    assert.equal(ok('SELECT * FROM t WHERE a = $1'), 'SELECT * FROM t WHERE a = $1;');
  });

  it('refuses what cannot be one line, with the line where it starts', () => {
    assert.deepEqual(fail("SELECT 1;\n\nSELECT 2;"), [3, 'more than one statement (a workload entry is one query)']);
    assert.deepEqual(fail("SELECT 'two\nlines'"), [1, 'a quoted string spans several lines; it cannot be put on one line']);
    assert.deepEqual(fail('SELECT 1 /* open'), [1, 'unterminated /* comment']);
    assert.deepEqual(fail('\n"open'), [2, 'unterminated quoted identifier']);
    assert.deepEqual(fail('-- nothing\n\n'), [1, 'no SQL (empty or only comments)']);
  });

  it('allows comments and empty statements after the query', () => {
    assert.equal(ok('SELECT 1; -- done\n;\n/* end */'), 'SELECT 1;');
  });
});
