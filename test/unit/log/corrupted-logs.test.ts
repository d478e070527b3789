import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractWorkloadFromLogs, type LogExtraction } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { skipCount } from '../../../src/dataset/log/extraction-report.js';
import type { LogFormat } from '../../../src/dataset/log/log-record.js';
import { STATEMENT_SKIP_REASONS, type SkipReason } from '../../../src/dataset/log/skip-reasons.js';
import { countsByFingerprint, FIXTURES, fixtureLines, SEED_SPLIT, tempDirs } from './log-test-helpers.js';

const STATEMENT_LEVEL = new Set<string>(STATEMENT_SKIP_REASONS);

/** Bytes no log writer produces: NUL, invalid UTF-8, control characters, a stray quote. */
const BINARY_JUNK = Buffer.from([0x00, 0xff, 0xfe, 0x22, 0x1b, 0x5b, 0x41, 0xc3, 0x28, 0x7b, 0x00, 0x80, 0x2c, 0x2c]);

/**
 * The fixture, corrupted by `edit` (on its lines, 0-based), extracted; plus what the intact
 * fixture gives, to compare with.
 */
async function corrupted(format: LogFormat, edit: (lines: (string | Buffer)[]) => void, opts: { noFinalNewline?: boolean } = {}) {
  const lines: (string | Buffer)[] = fixtureLines(format);
  edit(lines);
  const file = join(dir(), `corrupt.${format}`);
  const parts = lines.flatMap((l, i) => [typeof l === 'string' ? Buffer.from(l) : l, Buffer.from(i === lines.length - 1 && opts.noFinalNewline ? '' : '\n')]);
  writeFileSync(file, Buffer.concat(parts));
  const extraction = await extractWorkloadFromLogs([file], { format, split: SEED_SPLIT });
  return { file, extraction };
}

let dir: () => string;
const intact = new Map<LogFormat, LogExtraction>();
const dirs = tempDirs();

/** Where the fixture has `text` (1-based line numbers). */
function lineOf(format: LogFormat, pattern: RegExp): number {
  const index = fixtureLines(format).findIndex((l) => pattern.test(l));
  assert.ok(index >= 0, `fixture line ${pattern}`);
  return index + 1;
}

/** Counts equal to the intact extraction's except for `changed` fingerprints (by example SQL). */
function assertCountsExcept(format: LogFormat, extraction: LogExtraction, changed: Record<string, number> = {}): void {
  const before = countsByFingerprint(intact.get(format)!);
  const after = countsByFingerprint(extraction);
  const sqlOf = new Map(intact.get(format)!.queries.map((q) => [q.fingerprint, q.sql]));
  for (const [fp, count] of before) {
    const sql = sqlOf.get(fp)!;
    const delta = Object.entries(changed).find(([prefix]) => sql.startsWith(prefix))?.[1] ?? 0;
    assert.equal(after.get(fp) ?? 0, count + delta, sql);
  }
}

function assertReported(extraction: LogExtraction, reason: SkipReason, file: string, lines: number[]): void {
  const tally = extraction.report.skipped[reason];
  assert.ok(tally, `${reason} reported: ${JSON.stringify(extraction.report.skipped)}`);
  assert.deepEqual(
    tally.examples.map((e) => [e.file, e.line]),
    lines.map((l) => [file, l]),
  );
}

describe('corrupted and truncated logs', () => {
  before(async () => {
    dir = () => dirs.make();
    for (const format of ['stderr', 'csvlog', 'jsonlog'] as const) intact.set(format, await extractWorkloadFromLogs([FIXTURES[format]], { format, split: SEED_SPLIT }));
  });
  after(() => dirs.cleanup());

  describe('stderr', () => {
    it('skips garbled lines with their line numbers; only the statements on them are lost', async () => {
      const startup = lineOf('stderr', /listening on IPv4/);
      const stmt = lineOf('stderr', /statement: SELECT name, city FROM customers WHERE id = 3$/);
      const multi = lineOf('stderr', /statement: SELECT c\.name, sum\(o\.amount\) AS total$/);
      const { file, extraction } = await corrupted('stderr', (lines) => {
        for (const n of [startup, stmt, multi]) lines[n - 1] = `#@!${String(lines[n - 1]).slice(9, 40)}`;
      });
      assertReported(extraction, 'prefix-mismatch', file, [startup, stmt, multi]);
      // The multi-line statement's continuation lines cannot belong to the record before it.
      assert.equal(skipCount(extraction.report, 'orphan-continuation'), 6);
      assert.equal(skipCount(extraction.report, 'duration-without-statement'), 2, 'the lost statements left their durations');
      assertCountsExcept('stderr', extraction, { 'SELECT name, city FROM customers WHERE id': -1, 'SELECT c.name, sum(o.amount)': -1 });
    });

    it('skips a line of binary junk between messages and loses nothing else', async () => {
      const at = lineOf('stderr', /statement: VALUES/);
      const { file, extraction } = await corrupted('stderr', (lines) => lines.splice(at - 1, 0, BINARY_JUNK));
      assertReported(extraction, 'prefix-mismatch', file, [at]);
      assertCountsExcept('stderr', extraction);
      assert.equal(extraction.report.kept, intact.get('stderr')!.report.kept);
    });

    it('reports a statement cut off at the end of the file as unparsable, with its line', async () => {
      const last = lineOf('stderr', /statement: SELECT name, city FROM customers WHERE id = 42/);
      const { file, extraction } = await corrupted(
        'stderr',
        (lines) => {
          lines.splice(last);
          lines[last - 1] = String(lines[last - 1]).replace(/ 42$/, '');
        },
        { noFinalNewline: true },
      );
      assertReported(extraction, 'unparsable', file, [last]);
      assert.equal(extraction.report.files[0]!.lines, last);
      // Everything logged before it is there: only the duration-only session's queries are missing.
      assertCountsExcept('stderr', extraction, { 'SELECT name, city FROM customers WHERE id': -1, 'SELECT id, amount FROM orders': -1, 'SELECT id FROM orders WHERE created': -2 });
    });
  });

  describe('csvlog', () => {
    it('reads on after a record cut in half (its closing line lost)', async () => {
      const start = lineOf('csvlog', /statement: SELECT count\(\*\) FROM orders WHERE note = 'fragile$/);
      const { file, extraction } = await corrupted('csvlog', (lines) => lines.splice(start, 1));
      assertReported(extraction, 'invalid-csv', file, [start]);
      assert.equal(skipCount(extraction.report, 'invalid-csv'), 1, 'one bad record, not every record after it');
      assertCountsExcept('csvlog', extraction, { "SELECT count(*) FROM orders WHERE note = 'fragile": -1 });
    });

    it('skips garbled lines and binary junk, even with a stray quote that opens a field', async () => {
      const garbled = lineOf('csvlog', /statement: SELECT id FROM customers WHERE city = 'Lyon'/);
      const junkAt = lineOf('csvlog', /statement: VALUES/);
      const { file, extraction } = await corrupted('csvlog', (lines) => {
        lines[garbled - 1] = '2026-11-21 19:09:30.265 UTC,"pilot","sh'; // a quote left open
        lines.splice(junkAt - 1, 0, BINARY_JUNK);
      });
      assertReported(extraction, 'invalid-csv', file, [garbled, junkAt]);
      assert.equal(skipCount(extraction.report, 'invalid-csv'), 2);
      assertCountsExcept('csvlog', extraction, { 'SELECT id FROM customers WHERE city': -1 });
    });

    it('reports a record truncated inside a quoted field at the end of the file', async () => {
      const lines = fixtureLines('csvlog');
      const { file, extraction } = await corrupted(
        'csvlog',
        (l) => {
          l[l.length - 1] = String(l[l.length - 1]).replace(/system is shut down.*$/, 'sys');
        },
        { noFinalNewline: true },
      );
      assertReported(extraction, 'truncated-record', file, [lines.length]);
      assertCountsExcept('csvlog', extraction);
    });
  });

  describe('jsonlog', () => {
    it('skips invalid JSON, records without a message, junk and a truncated last line', async () => {
      const cut = lineOf('jsonlog', /statement: SELECT id FROM customers WHERE city = 'Paris'/);
      const junkAt = lineOf('jsonlog', /statement: VALUES/);
      const total = fixtureLines('jsonlog').length;
      const { file, extraction } = await corrupted(
        'jsonlog',
        (lines) => {
          lines[cut - 1] = String(lines[cut - 1]).slice(0, 80);
          lines[total - 1] = String(lines[total - 1]).slice(0, 30);
          lines.splice(junkAt - 1, 0, BINARY_JUNK, '{"timestamp":"2026-11-21 19:09:30.265 UTC","pid":1}', '[1, 2]');
        },
        { noFinalNewline: true },
      );
      assertReported(extraction, 'invalid-json', file, [cut, junkAt, junkAt + 2, total + 3]);
      assertReported(extraction, 'invalid-record', file, [junkAt + 1]);
      assertCountsExcept('jsonlog', extraction, { 'SELECT id FROM customers WHERE city': -1 });
    });
  });

  it('never throws on randomly damaged files, and accounts for every line', async function () {
    this.timeout(60_000);
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (const format of ['stderr', 'csvlog', 'jsonlog'] as const) {
      for (let round = 0; round < 8; round += 1) {
        let count = 0;
        const { extraction } = await corrupted(format, (lines) => {
          for (let k = 0; k < 6; k += 1) {
            const i = Math.floor(random() * lines.length);
            const line = Buffer.from(lines[i]!);
            // Any byte but line breaks, so the line count stays known.
            for (let b = 0; b < 3; b += 1) {
              const byte = Math.floor(random() * 256);
              line[Math.floor(random() * line.length)] = byte === 10 || byte === 13 ? 0 : byte;
            }
            lines[i] = random() < 0.3 ? line.subarray(0, Math.floor(line.length / 2)) : line;
          }
          if (random() < 0.5) lines.splice(Math.floor(random() * lines.length));
          count = lines.length;
        });
        const r = extraction.report;
        assert.equal(r.lines, count);
        assert.ok(r.entries > 0);
        assert.ok(r.kept <= r.statements);
        assert.equal(r.statements, r.kept + Object.entries(r.skipped).filter(([k]) => STATEMENT_LEVEL.has(k)).reduce((a, [, t]) => a + t!.count, 0));
      }
    }
  });
});
