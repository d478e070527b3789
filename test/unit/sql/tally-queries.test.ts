import assert from 'node:assert/strict';
import { splitQueryLines, tallyQueries, type PgParser } from '../../../src/sql/index.js';
import { parser } from './sql-fixture.js';

describe('sql/tally-queries', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  it('counts understood queries and, per reason, the refused queries, each once per reason', () => {
    const tally = tallyQueries(
      [
        'SELECT count(*) FROM a, b WHERE a.x = b.y',
        'SELECT count(*) FROM a WHERE EXISTS (SELECT 1) AND EXISTS (SELECT 2)',
        'SELECT DISTINCT a.x FROM a WHERE a.y IN (SELECT 1)',
        'SELECT count(*) FROM a WHERE a.x = = 1',
      ],
      p,
    );
    assert.deepEqual(tally, {
      total: 4,
      understood: 1,
      refused: 3,
      reasons: [
        { reason: 'subquery', queries: 2, firstIndex: 1 },
        { reason: 'distinct', queries: 1, firstIndex: 2 },
        { reason: 'syntax_error', queries: 1, firstIndex: 3 },
      ],
    });
  });

  it('tallies nothing for no queries', () => {
    assert.deepEqual(tallyQueries([], p), { total: 0, understood: 0, refused: 0, reasons: [] });
  });

  it('splits workload files into non-blank lines', () => {
    assert.deepEqual(splitQueryLines('select 1;\r\n\n  \nselect 2;  \rselect 3'), ['select 1;', 'select 2;', 'select 3']);
  });
});
