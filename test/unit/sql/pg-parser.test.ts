import assert from 'node:assert/strict';
import { isPilotError } from '../../../src/errors/index.js';
import { loadPgParser, SqlParseError, type PgParser } from '../../../src/sql/index.js';

describe('sql/pg-parser', () => {
  let p: PgParser;
  before(async () => {
    p = await loadPgParser();
  });

  it('parses with the PostgreSQL 17 grammar', () => {
    const tree = p.parse('SELECT count(*) FROM t WHERE x = 1');
    assert.equal(Math.floor((tree.version ?? 0) / 10000), 17);
    assert.equal(tree.stmts?.length, 1);
  });

  it('returns no statements for blank or comment-only text', () => {
    assert.deepEqual(p.parse('   ').stmts, []);
    assert.deepEqual(p.parse('-- nothing\n').stmts ?? [], []);
  });

  it('throws SQL_PARSE_ERROR with a 0-based position, line and column', () => {
    const sql = 'SELECT *\nFROM t WHERE x = = 1';
    assert.throws(
      () => p.parse(sql),
      (error: unknown) => {
        assert.ok(error instanceof SqlParseError && isPilotError(error));
        assert.equal(error.code, 'SQL_PARSE_ERROR');
        assert.equal(error.position, sql.lastIndexOf('='));
        assert.equal(error.line, 2);
        assert.equal(error.column, sql.lastIndexOf('=') - sql.indexOf('\n'));
        assert.match(error.message, /syntax error at or near "="/);
        assert.equal(error.context.position, error.position);
        return true;
      },
    );
  });

  it('reports error positions as string indices when the text has multi-byte characters', () => {
    const sql = "SELECT 'é😀' FROM t WHERE x = = 1";
    assert.throws(() => p.parse(sql), (error: unknown) => error instanceof SqlParseError && error.position === sql.lastIndexOf('='));
  });

  it('fingerprints and normalizes independently of constants', () => {
    assert.equal(p.fingerprint('SELECT * FROM t WHERE x = 1'), p.fingerprint('select *  from t where x = 42'));
    assert.equal(p.normalize('SELECT * FROM t WHERE x = 1'), 'SELECT * FROM t WHERE x = $1');
    assert.throws(() => p.fingerprint(''), SqlParseError);
  });

  it('deparses a parse tree', () => {
    assert.equal(p.deparse(p.parse('select a from "T" where b = 1')), 'SELECT a FROM "T" WHERE b = 1');
  });

  it('classes keywords as the scanner does', () => {
    assert.equal(p.keywordKind('select'), 'reserved');
    assert.equal(p.keywordKind('left'), 'type_func_name');
    assert.equal(p.keywordKind('timestamp'), 'col_name');
    assert.equal(p.keywordKind('abort'), 'unreserved');
    assert.equal(p.keywordKind('date'), 'none');
    assert.equal(p.keywordKind('two words'), 'none');
  });

  it('memoizes the module load', async () => {
    const again = await loadPgParser();
    assert.equal(again.parse('select 1').stmts?.length, 1);
  });
});
