import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectLineFormat, parseWorkloadLines } from '../../../src/dataset/import/parse-workload-lines.js';
import { readWorkloadInput } from '../../../src/dataset/import/read-workload-input.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/import/', import.meta.url));
const fixture = (p: string) => join(FIXTURES, p);

describe('workload line formats', () => {
  describe('plain (one SQL per line)', () => {
    it('keeps each line as one query, ending with one ";", and skips blank and comment lines', () => {
      const text = '-- header comment\nSELECT 1\n\n  select  count(*)   from t ;  \nSELECT 2;;\n';
      const parsed = parseWorkloadLines(text, { file: 'w.sql' });
      assert.equal(parsed.format, 'plain');
      assert.deepEqual(parsed.queries.map((q) => [q.sql, q.source.line]), [['SELECT 1;', 2], ['select count(*) from t;', 4], ['SELECT 2;', 5]]);
      assert.deepEqual(parsed.skipped, []);
    });

    it('skips a line with two statements or an unterminated quote, with file:line', () => {
      const parsed = parseWorkloadLines("SELECT 1; SELECT 2;\nSELECT 'open\nSELECT 3;", { file: 'w.sql', format: 'plain' });
      assert.deepEqual(parsed.queries.map((q) => q.sql), ['SELECT 3;']);
      assert.deepEqual(parsed.skipped, [
        { file: 'w.sql', line: 1, reason: 'more than one statement (a workload entry is one query)' },
        { file: 'w.sql', line: 2, reason: 'unterminated string' },
      ]);
    });
  });

  describe('STATS-CEB (truecard||SQL)', () => {
    it('keeps the true cardinalities and reports each malformed line with its number', () => {
      const file = fixture('stats-ceb/train.txt');
      const parsed = parseWorkloadLines(readFileSync(file, 'utf8'), { file });
      assert.equal(parsed.format, 'stats-ceb');
      assert.deepEqual(parsed.queries.map((q) => [q.cardinality, q.source.line]), [[12, 1], [0, 2], [345, 7]]);
      assert.match(parsed.queries[0]!.sql, /^SELECT COUNT\(\*\) FROM badges as b, users as u WHERE .*;$/);
      assert.deepEqual(parsed.skipped.map((s) => [s.line, s.reason]), [
        [3, 'expected "<true cardinality>||<SQL>" (STATS-CEB format)'],
        [4, 'expected "<true cardinality>||<SQL>" (STATS-CEB format)'],
        [5, 'no SQL after "||"'],
      ]);
      assert.ok(parsed.skipped.every((s) => s.file === file));
    });

    it('also reads SQL||truecard', () => {
      const file = fixture('stats-ceb/test.txt');
      const parsed = parseWorkloadLines(readFileSync(file, 'utf8'), { file });
      assert.equal(parsed.format, 'stats-ceb');
      assert.deepEqual(parsed.queries.map((q) => q.cardinality), [798, 3]);
      assert.ok(parsed.queries[0]!.sql.endsWith('b.userid = u.id;'));
    });

    it('keeps "||" inside the SQL (string concatenation)', () => {
      const parsed = parseWorkloadLines("5||SELECT COUNT(*) FROM t WHERE a || 'x' = 'yx';", { file: 'w', format: 'stats-ceb' });
      assert.deepEqual(parsed.queries.map((q) => [q.cardinality, q.sql]), [[5, "SELECT COUNT(*) FROM t WHERE a || 'x' = 'yx';"]]);
    });
  });

  describe('Lero (qN#####SQL)', () => {
    it('keeps the query names; a missing separator, a repeated name or no SQL is skipped', () => {
      const file = fixture('lero/train.txt');
      const parsed = parseWorkloadLines(readFileSync(file, 'utf8'), { file });
      assert.equal(parsed.format, 'lero');
      assert.deepEqual(parsed.queries.map((q) => [q.name, q.source.line]), [['q1', 1], ['q2', 2]]);
      assert.deepEqual(parsed.skipped.map((s) => [s.line, s.reason]), [
        [3, 'expected "<name>#####<SQL>" (Lero format)'],
        [4, 'query name "q2" is already used on line 2'],
        [5, 'no SQL after "#####"'],
      ]);
    });
  });

  it('detects the format from an entry', () => {
    assert.equal(detectLineFormat('12||SELECT 1;'), 'stats-ceb');
    assert.equal(detectLineFormat('SELECT 1;||12'), 'stats-ceb');
    assert.equal(detectLineFormat('q17#####SELECT 1;'), 'lero');
    assert.equal(detectLineFormat("SELECT 'a' || 'b';"), 'plain');
  });

  it('an explicit format overrides detection', () => {
    const parsed = parseWorkloadLines('q1#####SELECT 1;', { file: 'w', format: 'stats-ceb' });
    assert.equal(parsed.queries.length, 0);
    assert.equal(parsed.skipped.length, 1);
  });

  describe('a directory of .sql files (JOB style)', () => {
    it('names queries after their files, in natural order, one line each; bad files are reported', () => {
      const parsed = readWorkloadInput(fixture('job'));
      assert.equal(parsed.format, 'sql-directory');
      assert.deepEqual(parsed.queries.map((q) => q.name), ['1a', '2a', '10a']);
      assert.equal(parsed.queries[0]!.sql, 'SELECT MIN(c.name) AS first_name FROM customers AS c, orders AS o WHERE c.id = o.customer_id AND o.amount > 5;');
      assert.equal(parsed.queries[1]!.sql, "SELECT COUNT(*) FROM orders o JOIN items i ON i.order_id = o.id WHERE i.sku = 'apple   pie';");
      assert.deepEqual(parsed.skipped.map((s) => [s.file.endsWith('3b.sql'), s.line, s.reason]), [[true, 2, 'more than one statement (a workload entry is one query)']]);
    });
  });

  it('applies a query check and merges its rejections with the format\'s, in line order', () => {
    const file = fixture('dump/test_queries.txt');
    const parsed = readWorkloadInput(file, { check: (sql) => (sql.startsWith('SELECT') ? undefined : 'not a SELECT') });
    assert.equal(parsed.queries.length, 1);
    assert.deepEqual(parsed.skipped.map((s) => [s.line, s.reason]), [[2, 'not a SELECT'], [3, 'not a SELECT']]);
  });
});
