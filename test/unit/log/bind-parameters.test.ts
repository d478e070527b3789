import assert from 'node:assert/strict';
import { hasParameters, parseBindParameters, quoteLiteral, substituteParameters } from '../../../src/dataset/log/bind-parameters.js';

describe('extended-protocol parameters', () => {
  it('parses the DETAIL list: quotes doubled, NULL, line breaks, commas inside values', () => {
    const params = parseBindParameters("parameters: $1 = '42', $2 = NULL, $3 = 'O''Brien, Jr.', $4 = 'a\nb', $10 = ''");
    assert.deepEqual([...params!], [[1, '42'], [2, null], [3, "O'Brien, Jr."], [4, 'a\nb'], [10, '']]);
  });

  it('refuses what is not a parameter list', () => {
    for (const bad of ['prepare: PREPARE p AS SELECT 1', "parameters: $1 = 'open", 'parameters: $1 = 42', "parameters: $1 = 'a' $2 = 'b'", "parameters: x = 'a'"]) {
      assert.equal(parseBindParameters(bad), undefined, bad);
    }
  });

  it('substitutes outside literals, identifiers and comments, $10 not read as $1', () => {
    const params = parseBindParameters("parameters: $1 = 'x', $10 = 'ten'")!;
    const sql = `SELECT $1, '$1', "$1", $$ $1 $$, $10 -- $1\n/* $1 */ FROM t WHERE a = $1::text`;
    assert.equal(substituteParameters(sql, params), `SELECT 'x', '$1', "$1", $$ $1 $$, 'ten' -- $1\n/* $1 */ FROM t WHERE a = 'x'::text`);
  });

  it('quotes values as standard literals and leaves NULL bare', () => {
    assert.equal(quoteLiteral("it's \\ fine"), "'it''s \\ fine'");
    assert.equal(substituteParameters('SELECT $1 IS NULL', new Map([[1, null]])), 'SELECT NULL IS NULL');
  });

  it('reports a placeholder without a value', () => {
    assert.equal(substituteParameters('SELECT $1, $2', new Map([[1, 'a']])), undefined);
    assert.equal(hasParameters("SELECT '$1' -- $2"), false);
    assert.equal(hasParameters('SELECT a$1 FROM t'), false, 'part of an identifier');
    assert.equal(hasParameters('SELECT $1'), true);
  });
});
