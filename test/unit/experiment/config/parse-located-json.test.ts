import assert from 'node:assert/strict';
import { parseLocatedJson } from '../../../../src/experiment/config/parse-located-json.js';

describe('parseLocatedJson', () => {
  it('gives the same value as JSON.parse', () => {
    const texts = [
      '{"a": [1, -2.5e3, 0, 1E-2, true, false, null], "b": {"c": "x\\"y\\\\z\\u00e9\\n"}, "": {}}',
      '[]',
      ' "just a string" ',
      '-0',
      '{"__proto__": {"polluted": 1}, "constructor": 2}',
      '[[[]], [{}], "\\ud83d\\ude00", "😀"]',
    ];
    for (const text of texts) {
      const result = parseLocatedJson(text);
      assert.ok(result.ok, text);
      assert.deepEqual(result.json.value, JSON.parse(text), text);
    }
    const proto = parseLocatedJson('{"__proto__": {"polluted": 1}}');
    assert.ok(proto.ok);
    assert.equal(Object.getPrototypeOf(proto.json.value), Object.prototype);
    assert.deepEqual(Object.keys(proto.json.value as object), ['__proto__']);
  });

  it('skips a byte-order mark', () => {
    const result = parseLocatedJson('\ufeff{"a": 1}');
    assert.ok(result.ok);
    assert.deepEqual(result.json.value, { a: 1 });
  });

  it('records the line and column of every key and array element', () => {
    const text = '{\n  "name": "x",\n  "algorithms": [\n    "baseline",\n    {"name": "mscn", "params": {"a/b~c": [1,\n 2]}}\n  ]\n}';
    const result = parseLocatedJson(text);
    assert.ok(result.ok);
    const at = (pointer: string) => result.json.positions.get(pointer);
    assert.deepEqual(at(''), { line: 1, column: 1 });
    assert.deepEqual(at('/name'), { line: 2, column: 3 });
    assert.deepEqual(at('/algorithms/0'), { line: 4, column: 5 });
    assert.deepEqual(at('/algorithms/1'), { line: 5, column: 5 });
    assert.deepEqual(at('/algorithms/1/params'), { line: 5, column: 22 });
    assert.deepEqual(at('/algorithms/1/params/a~1b~0c'), { line: 5, column: 33 });
    assert.deepEqual(at('/algorithms/1/params/a~1b~0c/1'), { line: 6, column: 2 });
  });

  const failures: [string, string, RegExp, number, number][] = [
    ['trailing comma in an object', '{\n  "a": 1,\n}', /trailing comma before "}"/, 3, 1],
    ['trailing comma in an array', '[1, 2, ]', /trailing comma before "]"/, 1, 8],
    ['a comment', '{\n  // why\n  "a": 1}', /comments are not allowed/, 2, 3],
    ['a single-quoted string', "{'a': 1}", /expected a property name in double quotes, found "'"/, 1, 2],
    ['a single-quoted value', "{\"a\": 'x'}", /strings must be in double quotes/, 1, 7],
    ['a missing colon', '{"a" 1}', /expected ":" after the property name/, 1, 6],
    ['a missing comma', '{"a": 1\n "b": 2}', /expected "," or "}" after the value of "a"/, 2, 2],
    ['a missing comma in an array', '[1 2]', /expected "," or "]" after an array element/, 1, 4],
    ['a bare word', '{"a": yes}', /expected a value, found "y"/, 1, 7],
    ['text after the value', '{"a": 1} x', /unexpected "x" after the end of the JSON value/, 1, 10],
    ['empty input', '', /expected a value, found end of file/, 1, 1],
    ['an unclosed object', '{"a": [1, 2]', /expected "," or "}" after the value of "a", found end of file/, 1, 13],
    ['a string across lines', '{"a": "x\ny"}', /unterminated string \(strings cannot span lines\)/, 1, 7],
    ['a bad escape', '["a\\qb"]', /invalid escape "\\q"/, 1, 2],
    ['a tab inside a string', '["a\tb"]', /control character inside a string/, 1, 2],
    ['a key given twice', '{"a": 1,\n "b": {"c": 1, "c": 2}}', /key "c" appears twice in the same object/, 2, 16],
    ['a leading zero', '[01]', /expected "," or "]"/, 1, 3],
  ];
  for (const [what, text, message, line, column] of failures) {
    it(`reports ${what} with its line and column`, () => {
      const result = parseLocatedJson(text);
      assert.ok(!result.ok, 'accepted');
      assert.match(result.message, message);
      assert.deepEqual(result.position, { line, column });
      if (what !== 'a key given twice') assert.throws(() => JSON.parse(text), SyntaxError);
    });
  }
});
