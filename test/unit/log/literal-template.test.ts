import assert from 'node:assert/strict';
import { literalBlindKey, literalBlindTemplate, matchesTemplate, type LiteralBlindTemplate } from '../../../src/dataset/log/literal-blind-key.js';
import { LiteralTemplateCache, templateSketch } from '../../../src/dataset/log/literal-template-cache.js';
import { ReportBuilder } from '../../../src/dataset/log/extraction-report.js';
import { loadStatementParser, type StatementParser } from '../../../src/dataset/log/statement-parser.js';
import { WorkloadAccumulator } from '../../../src/dataset/log/workload-accumulator.js';
import { Rng } from '../../../src/util/prng.js';

/** Tokens a statement is built of: literals of every class, and text that looks like them. */
const LITERALS = ["'a'", "'it''s'", "''", "'x\ny'", '$$q$$', '$t$ a $ b $t$', '42', '0', '1_000', '0x1F', '4.5', '.5', '1.', '1e5', '2.5e-3'];
const TEXTS = [
  ' ', '  ', '\n', '\n\t', ', ', '(', ')', ' = ', ' > ', '-', '/', '.', '..', '*', '+', ' AND ', ' IN (', 'SELECT ', ' FROM t1 ', ' WHERE ',
  'a', 'b', 'e', 'x', 'u', 'n', 'E', 'B', 'U', 'abc', 't1', 'c2', '_x9', 'é', 'col$',
  '$1', '$12', '"q"', '"a""b"', '"x1"', "E'\\''", "e'a\\nb'", "B'101'", "X'1F'", "N'n'", "U&'\\0041'", 'U&"d"',
  '-- note\n', '/* c */', '/* a /* b */ c */', '123abc', '1e', '0x', '$',
];

function randomStatement(rng: Rng): string[] {
  const tokens: string[] = [];
  const n = 1 + rng.int(12);
  for (let i = 0; i < n; i += 1) tokens.push(rng.chance(0.35) ? LITERALS[rng.int(LITERALS.length)]! : TEXTS[rng.int(TEXTS.length)]!);
  return tokens;
}

/** The statement with each literal-looking token swapped for another, now and then. */
function mutate(rng: Rng, tokens: readonly string[]): string[] {
  return tokens.map((t) => (LITERALS.includes(t) && rng.chance(0.7) ? LITERALS[rng.int(LITERALS.length)]! : rng.chance(0.05) ? TEXTS[rng.int(TEXTS.length)]! : t));
}

const sameTemplate = (a: LiteralBlindTemplate | undefined, b: LiteralBlindTemplate | undefined) =>
  a !== undefined && b !== undefined && JSON.stringify([a.texts, a.literals]) === JSON.stringify([b.texts, b.literals]);

describe('literal-blind templates', () => {
  it('match exactly the texts the scanner gives the same template (fuzzed over tricky tokens)', () => {
    const rng = new Rng(20240501);
    let matches = 0;
    for (let i = 0; i < 6000; i += 1) {
      const tokens = randomStatement(rng);
      const a = tokens.join('');
      const b = mutate(rng, tokens).join('');
      const template = literalBlindTemplate(a);
      if (!template) continue;
      const other = literalBlindTemplate(b);
      const matched = matchesTemplate(b, template);
      assert.equal(matched, sameTemplate(template, other), `template of ${JSON.stringify(a)} on ${JSON.stringify(b)}`);
      if (matched) {
        matches += 1;
        assert.equal(literalBlindKey(b), template.key, 'a match has the same literal-blind key');
      }
    }
    assert.ok(matches > 1000, `${matches} matching pairs: the fuzz must exercise matches, not only misses`);
  });

  it('a sketch never reaches past the first literal', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 3000; i += 1) {
      const sql = randomStatement(rng).join('');
      const template = literalBlindTemplate(sql);
      if (!template || template.literals.length === 0) continue;
      // The first literal may start one character before the sketch ends only for `.5` after a digit or `$`.
      assert.ok(templateSketch(sql).length <= template.texts[0]!.length + 1, JSON.stringify(sql));
    }
  });

  it('keys texts around literals of each class, and refuses unterminated ones', () => {
    const t = literalBlindTemplate("SELECT a.x1 FROM t WHERE b = 'it''s' AND c > .5 AND d IN (1, 2.0) AND e = $$z$$")!;
    assert.deepEqual(t.literals, ['string', 'point-decimal', 'integer', 'decimal', 'dollar-string']);
    assert.deepEqual(t.texts, ['SELECT a.x1 FROM t WHERE b = ', ' AND c > ', ' AND d IN (', ', ', ') AND e = ', '']);
    assert.equal(t.key, "SELECT a.x1 FROM t WHERE b = '' AND c > 0.0 AND d IN (0, 0.0) AND e = $$$$");
    assert.ok(matchesTemplate("SELECT a.x1 FROM t WHERE b = 'other' AND c > .75 AND d IN (99, 3.25) AND e = $q$ $$ $q$", t));
    assert.ok(!matchesTemplate("SELECT a.x1 FROM t WHERE b = 'other' AND c > 0.75 AND d IN (99, 3.25) AND e = $$z$$", t), '.5 and 0.75 scan the text before them alike, but their classes differ');
    assert.ok(!matchesTemplate("SELECT a.x1 FROM t WHERE b = 'other' AND c > .5 AND d IN (99, 3) AND e = $$z$$", t), 'an integer where a decimal was');
    assert.ok(!matchesTemplate("SELECT a.x1 FROM t WHERE b = 'open AND c > .5", t));
    assert.equal(literalBlindTemplate("SELECT 'open"), undefined);
  });
});

describe('literal template cache', () => {
  it('finds a known shape with fresh literals, and tells shapes that share a sketch apart', () => {
    const cache = new LiteralTemplateCache<string>();
    const put = (sql: string, value: string) => cache.set(sql, literalBlindTemplate(sql)!, value);
    put('SELECT * FROM t WHERE a = 1 AND b = 2', 'ints');
    put('SELECT * FROM t WHERE a = 1 AND b = $1', 'param');
    put('SELECT * FROM t WHERE a = $1 AND b = $2', 'params');
    assert.equal(cache.get('SELECT * FROM t WHERE a = 77 AND b = 123456'), 'ints');
    assert.equal(cache.get('SELECT * FROM t WHERE a = 5 AND b = $1'), 'param');
    assert.equal(cache.get('SELECT * FROM t WHERE a = $1 AND b = $2'), 'params');
    assert.equal(cache.get('SELECT * FROM t WHERE a = 1.5 AND b = 2'), undefined, 'a decimal is another template');
    assert.equal(cache.get('SELECT * FROM t WHERE a = 1 AND b = 2 '), undefined, 'trailing text counts');
    assert.equal(cache.get('SELECT * FROM u WHERE a = 1 AND b = 2'), undefined);
  });

  it('keeps its texts as copies, and stays within its bounds', () => {
    const parent = `${'x'.repeat(1000)}SELECT 1 FROM t`;
    const sql = parent.slice(1000);
    const cache = new LiteralTemplateCache<number>(200, 2);
    cache.set(sql, literalBlindTemplate(sql)!, 1);
    assert.equal(cache.get('SELECT 2 FROM t'), 1);
    for (let i = 0; i < 5; i += 1) {
      const shape = `SELECT ${'y'.repeat(i)} 1`; // one sketch per shape
      cache.set(shape, literalBlindTemplate(shape)!, i);
    }
    assert.ok(cache.size <= 200 / 8, `${cache.size} templates`);
    for (let i = 0; i < 4; i += 1) {
      const same = `SELECT * FROM s WHERE a = 1 ${'z'.repeat(i)}`; // one sketch, 4 templates
      cache.set(same, literalBlindTemplate(same)!, 10 + i);
    }
    assert.equal(cache.get('SELECT * FROM s WHERE a = 5 '), undefined, 'the oldest of a sketch went beyond 2');
    assert.equal(cache.get('SELECT * FROM s WHERE a = 5 zzz'), 13);
  });
});

describe('workload accumulator caches', () => {
  let parser: StatementParser;
  before(async () => {
    parser = await loadStatementParser();
  });

  it('give the same queries as parsing every statement, with a few WASM calls per shape', () => {
    const rng = new Rng(99);
    const statements: string[] = [];
    for (let i = 0; i < 600; i += 1) {
      const v = rng.int(1000);
      const shapes = [
        `SELECT * FROM t WHERE a = ${v} AND b = 'w${v}'`,
        `SELECT * FROM t WHERE a = $1 AND b = $2`,
        `SELECT * FROM t WHERE a = ${v}.5 AND b = 'w'`,
        `SELECT count(*) FROM t WHERE a IN (${v}, ${v + 1})`,
        `SELECT count(*) FROM t WHERE a IN (${v}, ${v + 1}, ${v + 2})`,
        `SELECT nextval('s${v}')`,
        `UPDATE t SET a = ${v}`,
        `SELECT * FROM t WHERE a = '${v}`,
        `SELECT * FROM t WHERE b = E'\\x${v % 10}'`,
      ];
      statements.push(shapes[rng.int(shapes.length)]!);
    }
    const run = (parseEveryStatement: boolean) => {
      const report = new ReportBuilder();
      const accumulator = new WorkloadAccumulator(parser, report, { parseEveryStatement });
      statements.forEach((sql, i) => accumulator.statement({ sql, parameters: undefined, durationMs: i % 7, timestamp: 1000 + i, location: { file: 'f', line: i + 1 } }));
      return { queries: accumulator.results(), report: report.build(accumulator.fingerprints), wasmCalls: accumulator.wasmCalls };
    };
    const cached = run(false);
    const uncached = run(true);
    assert.deepEqual(cached.queries, uncached.queries);
    assert.deepEqual(cached.report, uncached.report);
    // Literals, `$n` and a decimal share one fingerprint, IN lists of 2 and 3 another, the E'' string a third.
    assert.equal(cached.queries.length, 3);
    // Unparsable texts (an open quote, E'\\x0') are tried each time: fingerprint and parse.
    const unparsable = cached.report.skipped.unparsable?.count ?? 0;
    assert.ok(unparsable > 50);
    assert.ok(cached.wasmCalls - 2 * unparsable < 40, `${cached.wasmCalls} WASM calls for ${statements.length} statements, ${unparsable} unparsable`);
    assert.ok(uncached.wasmCalls >= 2 * statements.length - 100);
  });
});
