import assert from 'node:assert/strict';
import { toPlanLines } from '../../../src/db/explain/text-plan-lines.js';

const view = (input: string | string[]) => toPlanLines(input).map((l) => [l.lineNo, l.indent, l.text]);

describe('text plan lines', () => {
  it('keeps node-postgres rows as they are, with their indentation', () => {
    assert.deepEqual(view(['Limit  (cost=0.00..1.00 rows=1 width=4)', '  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)', '        Filter: (a = 1)']), [
      [1, 0, 'Limit  (cost=0.00..1.00 rows=1 width=4)'],
      [2, 2, '->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)'],
      [3, 8, 'Filter: (a = 1)'],
    ]);
  });

  it('drops the psql header, dashes, footer, blank lines and the one-space margin', () => {
    const text = '                 QUERY PLAN\n\n----------------------------\n Limit\n\n   ->  Seq Scan on t\n(2 rows)\n\n';
    assert.deepEqual(view(text), [[4, 0, 'Limit'], [6, 2, '->  Seq Scan on t']]);
  });

  it('joins figures wrapped onto their own line (PG-Strom v2/v3 manual layout)', () => {
    const text = [
      ' Custom Scan (GpuJoin) on t0  (cost=1.00..2.00 rows=1 width=12)',
      '                              (actual time=9.7..7.5 rows=1 loops=1)',
      '   Outer Scan: t0  (cost=1.00..2.00 rows=1 width=8)',
      '                   (actual time=7.1..3.2 rows=9 loops=1)',
      '   ->  Seq Scan on t1  (cost=0.00..1.00 rows=1 width=12)',
      '                       (never executed)',
    ].join('\n');
    assert.deepEqual(view(text), [
      [1, 0, 'Custom Scan (GpuJoin) on t0  (cost=1.00..2.00 rows=1 width=12) (actual time=9.7..7.5 rows=1 loops=1)'],
      [3, 2, 'Outer Scan: t0  (cost=1.00..2.00 rows=1 width=8) (actual time=7.1..3.2 rows=9 loops=1)'],
      [5, 2, '->  Seq Scan on t1  (cost=0.00..1.00 rows=1 width=12) (never executed)'],
    ]);
  });

  it('joins lines continued with a trailing backslash (PG-Strom v6 manual layout), tabs included', () => {
    const text = [
      'Aggregate',
      '  ->  Custom Scan (GpuPreAgg) on f  (cost=1.00..2.00 rows=1 width=32)\t\\',
      '                                    (actual time=5.6..5.6 rows=2 loops=1)',
      '        GPU Scan Quals: ((year = 1993) AND (a < 3) \\',
      '                     AND (b >= 1)) [plan: 10 -> 5, exec:13 -> 1]',
      '        GPU Group Key:',
    ].join('\n');
    assert.deepEqual(view(text), [
      [1, 0, 'Aggregate'],
      [2, 2, '->  Custom Scan (GpuPreAgg) on f  (cost=1.00..2.00 rows=1 width=32) (actual time=5.6..5.6 rows=2 loops=1)'],
      [4, 8, 'GPU Scan Quals: ((year = 1993) AND (a < 3) AND (b >= 1)) [plan: 10 -> 5, exec:13 -> 1]'],
      [6, 8, 'GPU Group Key:'],
    ]);
  });

  it('splits a string row that holds several lines', () => {
    assert.deepEqual(view(['Limit\n  ->  Result', 'Planning Time: 0.1 ms']), [[1, 0, 'Limit'], [2, 2, '->  Result'], [3, 0, 'Planning Time: 0.1 ms']]);
  });

  it('gives nothing for empty input', () => {
    assert.deepEqual(view(''), []);
    assert.deepEqual(view([]), []);
  });
});
