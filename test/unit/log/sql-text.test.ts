import assert from 'node:assert/strict';
import { literalBlindKey } from '../../../src/dataset/log/literal-blind-key.js';
import { toSingleLine } from '../../../src/dataset/log/single-line-sql.js';
import { scanSql, type SqlSpanKind } from '../../../src/dataset/log/sql-scanner.js';
import { loadStatementParser, type StatementParser } from '../../../src/dataset/log/statement-parser.js';

const spans = (sql: string) => {
  const out: [SqlSpanKind, string][] = [];
  const ok = scanSql(sql, (kind, s, e) => out.push([kind, sql.slice(s, e)]));
  return { ok, special: out.filter(([k]) => k !== 'text') };
};

/** Parse trees without source positions, to compare statements written differently. */
function shape(parser: StatementParser, sql: string): string {
  return JSON.stringify(parser.parse(sql), (k, v) => (k === 'location' || k === 'stmt_len' || k === 'stmt_location' ? undefined : v));
}

describe('SQL text scanning', () => {
  let parser: StatementParser;
  before(async () => {
    parser = await loadStatementParser();
  });

  it('finds literals, identifiers, comments, numbers and parameters', () => {
    assert.deepEqual(spans(`SELECT 'a''b', E'c\\'d', "x""y", $t$ q'$t$, 1.5e3, .5, 0x1F, $2 -- c\n/* a /* nested */ b */ t1.c`).special, [
      ['string', "'a''b'"],
      ['prefixed-string', "E'c\\'d'"],
      ['quoted-identifier', '"x""y"'],
      ['dollar-string', "$t$ q'$t$"],
      ['number', '1.5e3'],
      ['number', '.5'],
      ['number', '0x1F'],
      ['parameter', '$2'],
      ['comment', '-- c'],
      ['comment', '/* a /* nested */ b */'],
    ]);
    assert.equal(spans("SELECT 'open").ok, false);
    assert.equal(spans('SELECT /* open').ok, false);
    assert.deepEqual(spans('SELECT 123abc, x$1').special, [], 'trailing junk and identifiers are not literals');
  });

  it('gives one literal-blind key to texts that differ only in literals, and the parser agrees', () => {
    const a = "SELECT * FROM t WHERE a = 1 AND b = 'x' AND c > 2.5 AND d = $$q$$";
    const b = "SELECT * FROM t WHERE a = 42 AND b = 'it''s' AND c > 0.1 AND d = $$r$$";
    assert.equal(literalBlindKey(a), literalBlindKey(b));
    assert.equal(parser.fingerprint(a), parser.fingerprint(b));
    assert.notEqual(literalBlindKey('SELECT a FROM t'), literalBlindKey('SELECT b FROM t'));
    assert.notEqual(literalBlindKey("SELECT 'a'\n'b'"), literalBlindKey("SELECT 'a' 'b'"), 'whitespace decides string continuation');
    assert.notEqual(literalBlindKey('SELECT 1'), literalBlindKey('SELECT 1.5'), 'integers stay integers');
    assert.notEqual(literalBlindKey("SELECT E'\\x41'"), literalBlindKey("SELECT E'\\x42'"), 'escape strings stay verbatim');
    assert.equal(literalBlindKey("SELECT 'open"), undefined);
  });

  it('scans literals of many megabytes (a regex repeating per character would overflow its stack)', () => {
    assert.equal(literalBlindKey(`SELECT '${'a'.repeat(12_000_000)}', 1`), "SELECT '', 0");
    assert.equal(literalBlindKey(`SELECT '${"''".repeat(3_000_000)}'`), "SELECT ''");
    assert.equal(literalBlindKey(`SELECT ${'9'.repeat(12_000_000)}`), 'SELECT 0');
  });

  it('renders statements on one line without changing their meaning', () => {
    const cases = [
      "SELECT a, -- the a column\n  b\nFROM t\nWHERE note = 'two\nlines' AND x = $$dollar\nquoted 'x' \\n$$",
      "SELECT E'tab\\there\nnext' /* multi\nline */ FROM t",
      "SELECT N'national\nchar'",
    ];
    for (const sql of cases) {
      const line = toSingleLine(sql);
      assert.ok(!/[\r\n]/.test(line), line);
      assert.equal(shape(parser, line), shape(parser, sql), line);
    }
    assert.equal(toSingleLine('SELECT 1 -- note */ here\n'), 'SELECT 1 /* note * / here */');
  });
});
