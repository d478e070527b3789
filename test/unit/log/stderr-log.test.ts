import assert from 'node:assert/strict';
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { compileLogLinePrefix } from '../../../src/dataset/log/log-line-prefix.js';
import type { LogRecord } from '../../../src/dataset/log/log-record.js';
import { StderrRecordReader } from '../../../src/dataset/log/stderr-record-reader.js';
import { FIXTURE_LOG_LINE_PREFIX } from '../../fixtures/logs/fixture-workload.js';
import { assertMatchesExpectations, assertRepresentatives } from './fixture-check.js';
import { FIXTURES, fixtureLines, loadExpectations, SEED_SPLIT } from './log-test-helpers.js';

describe('stderr logs (real PostgreSQL 15 fixture)', () => {
  const expected = loadExpectations();

  it('finds every executed SELECT once per fingerprint with the workload counts, prefix given', async () => {
    const extraction = await extractWorkloadFromLogs([FIXTURES.stderr], { format: 'stderr', prefix: FIXTURE_LOG_LINE_PREFIX, split: SEED_SPLIT });
    assertMatchesExpectations(extraction, expected);
    assertRepresentatives(extraction);
    assert.deepEqual(extraction.report.files[0], {
      path: FIXTURES.stderr, format: 'stderr', prefix: FIXTURE_LOG_LINE_PREFIX, prefixDetected: false, compressed: false,
      bytes: extraction.report.bytes, lines: fixtureLines('stderr').length,
    });
    assert.equal(extraction.report.skipped['prefix-mismatch'], undefined);
  });

  it('gives the same result with the format and prefix detected', async () => {
    const given = await extractWorkloadFromLogs([FIXTURES.stderr], { prefix: FIXTURE_LOG_LINE_PREFIX, split: SEED_SPLIT });
    const detected = await extractWorkloadFromLogs([FIXTURES.stderr], { split: SEED_SPLIT });
    assert.equal(detected.report.files[0]!.prefix, FIXTURE_LOG_LINE_PREFIX);
    assert.equal(detected.report.files[0]!.prefixDetected, true);
    assert.deepEqual(detected.queries, given.queries);
  });

  it('joins tab-continued lines, removing only the tab PostgreSQL added', () => {
    const records: LogRecord[] = [];
    const reader = new StderrRecordReader('x.log', compileLogLinePrefix(FIXTURE_LOG_LINE_PREFIX), {
      record: (r) => records.push(r),
      lineSkipped: () => assert.fail('no line skipped'),
      warning: () => {},
    });
    fixtureLines('stderr').forEach((line, i) => reader.line(line, i + 1));
    reader.end();
    const messages = records.map((r) => r.message);
    assert.ok(messages.includes("statement: SELECT count(*) FROM orders WHERE note = 'fragile\n\tindented'"));
    assert.ok(messages.includes("statement: SELECT count(*) FROM orders WHERE note = 'fragile\ncall first'"));
    const bind = records.find((r) => r.detail?.includes('line one'));
    assert.equal(bind?.detail, "parameters: $1 = 'O''Brien Town', $2 = 'line one\nline two'");
    const failed = records.find((r) => r.message === 'division by zero');
    assert.equal(failed?.statement, 'SELECT 1/0');
    assert.equal(failed?.severity, 'ERROR');
    // One record per prefixed line that is not DETAIL/STATEMENT/CONTEXT.
    const primaries = fixtureLines('stderr').filter((l) => !l.startsWith('\t') && !/ (DETAIL|STATEMENT|CONTEXT):  /.test(l));
    assert.equal(records.length, primaries.length);
    assert.equal(records[0]!.timestamp, Date.parse(fixtureLines('stderr')[0]!.slice(0, 23).replace(' ', 'T') + 'Z'));
  });
});
