import assert from 'node:assert/strict';
import { CsvlogRecordReader } from '../../../src/dataset/log/csvlog-record-reader.js';
import { JsonlogRecordReader } from '../../../src/dataset/log/jsonlog-record-reader.js';
import { compileLogLinePrefix } from '../../../src/dataset/log/log-line-prefix.js';
import type { LineConsumer, LogFormat, LogRecord, RecordSink } from '../../../src/dataset/log/log-record.js';
import { StatementAssembler, type LoggedStatement } from '../../../src/dataset/log/statement-assembler.js';
import { parseStatementMessage } from '../../../src/dataset/log/statement-message.js';
import { StderrRecordReader } from '../../../src/dataset/log/stderr-record-reader.js';
import { FIXTURE_LOG_LINE_PREFIX } from '../../fixtures/logs/fixture-workload.js';
import { fixtureLines } from './log-test-helpers.js';

describe('statement messages', () => {
  it('reads every form PostgreSQL logs statements in', () => {
    assert.deepEqual(parseStatementMessage('statement: SELECT 1'), { kind: 'statement', durationMs: undefined, sql: 'SELECT 1' });
    assert.deepEqual(parseStatementMessage('duration: 12.345 ms  statement: SELECT 1'), { kind: 'statement', durationMs: 12.345, sql: 'SELECT 1' });
    assert.deepEqual(parseStatementMessage('duration: 0.020 ms'), { kind: 'duration', durationMs: 0.02 });
    assert.deepEqual(parseStatementMessage('execute <unnamed>: SELECT $1'), { kind: 'execute', durationMs: undefined, name: '<unnamed>', sql: 'SELECT $1' });
    assert.deepEqual(parseStatementMessage('duration: 1.5 ms  execute S_1/C_2: SELECT $1'), { kind: 'execute', durationMs: 1.5, name: 'S_1/C_2', sql: 'SELECT $1' });
    assert.deepEqual(parseStatementMessage('execute fetch from S_1/C_2: SELECT 1'), { kind: 'fetch', durationMs: undefined });
    assert.deepEqual(parseStatementMessage('duration: 0.1 ms  parse <unnamed>: SELECT 1'), { kind: 'parse-bind', durationMs: 0.1 });
    assert.deepEqual(parseStatementMessage('duration: 0.1 ms  bind q: SELECT 1'), { kind: 'parse-bind', durationMs: 0.1 });
    assert.equal(parseStatementMessage('checkpoint starting: time'), undefined);
    assert.equal(parseStatementMessage('duration of something else'), undefined);
  });
});

/** Feeds records through an assembler; returns what came out. */
function assemble(records: Partial<LogRecord>[], maxSessions?: number) {
  const statements: LoggedStatement[] = [];
  const skipped: [string, number][] = [];
  const assembler = new StatementAssembler(
    { statement: (s) => statements.push(s), skipped: (reason, location) => skipped.push([reason, location.line]) },
    maxSessions,
  );
  records.forEach((r, i) =>
    assembler.record({ location: { file: 'f', line: i + 1 }, timestamp: i, session: 's1', severity: 'LOG', message: '', detail: undefined, statement: undefined, ...r }),
  );
  assembler.finish();
  return { statements: statements.map((s) => (s.parameters === undefined ? [s.sql, s.durationMs, s.location.line] : [s.sql, s.parameters, s.durationMs, s.location.line])), skipped };
}

describe('statement assembly', () => {
  it('attaches a bare duration to the statement logged before it in the same session', () => {
    const out = assemble([
      { session: 'a', message: 'statement: SELECT 1' },
      { session: 'b', message: 'statement: SELECT 2' },
      { session: 'b', message: 'duration: 2.0 ms' },
      { session: 'a', message: 'duration: 1.0 ms' },
      { session: 'a', message: 'duration: 9.0 ms' },
    ]);
    assert.deepEqual(out.statements, [['SELECT 2', 2, 2], ['SELECT 1', 1, 1]]);
    assert.deepEqual(out.skipped, [['duration-without-statement', 5]]);
  });

  it('keeps a statement whose duration never comes (log_statement only) when the next one starts', () => {
    const out = assemble([{ message: 'statement: SELECT 1' }, { message: 'statement: SELECT 2' }]);
    assert.deepEqual(out.statements, [['SELECT 1', undefined, 1], ['SELECT 2', undefined, 2]]);
  });

  it('drops a statement an ERROR follows, and counts an ERROR about a statement never logged as run', () => {
    const out = assemble([
      { message: 'statement: SELECT 1/0' },
      { severity: 'ERROR', message: 'division by zero', statement: 'SELECT 1/0' },
      { message: 'statement: SELECT 1' },
      { severity: 'ERROR', message: 'syntax error at or near "SELEC"', statement: 'SELEC 1' },
    ]);
    assert.deepEqual(out.statements, [['SELECT 1', undefined, 3]], 'SELECT 1 ran: the error is about another text');
    assert.deepEqual(out.skipped, [['failed-on-server', 1], ['failed-on-server', 4]]);
  });

  it('carries extended-protocol parameters along with the execute, and skips parse/bind lines', () => {
    const out = assemble([
      { message: 'duration: 0.1 ms  parse <unnamed>: SELECT * FROM t WHERE a = $1 AND b = $2' },
      { message: 'duration: 0.1 ms  bind <unnamed>: SELECT * FROM t WHERE a = $1 AND b = $2', detail: "parameters: $1 = '4', $2 = NULL" },
      { message: 'execute <unnamed>: SELECT * FROM t WHERE a = $1 AND b = $2', detail: "parameters: $1 = '4', $2 = NULL" },
      { message: 'duration: 0.3 ms' },
      { message: 'duration: 0.4 ms  execute s1: SELECT $1', detail: "parameters: $1 = 'it''s'" },
      { message: 'execute s2: SELECT $1' },
      { message: 'duration: 0.5 ms' },
    ]);
    assert.deepEqual(out.statements, [
      ['SELECT * FROM t WHERE a = $1 AND b = $2', "parameters: $1 = '4', $2 = NULL", 0.3, 3],
      ['SELECT $1', "parameters: $1 = 'it''s'", 0.4, 5],
      ['SELECT $1', 0.5, 6],
    ]);
    assert.deepEqual(out.skipped, [['parse-bind', 1], ['parse-bind', 2]]);
  });

  it('counts portal fetches once, with their durations absorbed', () => {
    const out = assemble([
      { message: 'execute S_1/C_1: SELECT * FROM big' },
      { message: 'duration: 5 ms' },
      { message: 'execute fetch from S_1/C_1: SELECT * FROM big' },
      { message: 'duration: 4 ms' },
    ]);
    assert.deepEqual(out.statements, [['SELECT * FROM big', 5, 1]]);
    assert.deepEqual(out.skipped, [['fetch', 3]]);
  });

  it('bounds the waiting statements by settling the oldest session', () => {
    const out = assemble(
      [
        { session: 'a', message: 'statement: SELECT 1' },
        { session: 'b', message: 'statement: SELECT 2' },
        { session: 'c', message: 'statement: SELECT 3' },
        { session: 'a', message: 'duration: 1 ms' },
      ],
      2,
    );
    assert.deepEqual(out.statements, [['SELECT 1', undefined, 1], ['SELECT 2', undefined, 2], ['SELECT 3', undefined, 3]]);
    assert.deepEqual(out.skipped, [['duration-without-statement', 4]]);
  });

  it('turns the three formats of the real fixture into the same executions', () => {
    const run = (format: LogFormat) => {
      const statements: string[] = [];
      const skips: string[] = [];
      const assembler = new StatementAssembler({ statement: (s) => statements.push(`${s.sql} ${s.parameters ?? ''} @${s.durationMs !== undefined}`), skipped: (r, _l, e) => skips.push(`${r}: ${e}`) });
      const sink: RecordSink = { record: (r) => assembler.record(r), lineSkipped: () => assert.fail('no bad line'), warning: () => {} };
      const reader: LineConsumer =
        format === 'stderr' ? new StderrRecordReader('f', compileLogLinePrefix(FIXTURE_LOG_LINE_PREFIX), sink) : format === 'csvlog' ? new CsvlogRecordReader('f', sink) : new JsonlogRecordReader('f', sink);
      fixtureLines(format).forEach((l, i) => reader.line(l, i + 1));
      reader.end();
      assembler.finish();
      // Sessions interleave differently per destination file: compare as sorted lists.
      return { statements: statements.sort(), skips: skips.sort() };
    };
    const stderr = run('stderr');
    assert.deepEqual(run('csvlog'), stderr);
    assert.deepEqual(run('jsonlog'), stderr);
    assert.ok(stderr.statements.includes("SELECT count(*) FROM orders WHERE note = 'fragile\n\tindented'  @true"));
    assert.ok(stderr.statements.includes("SELECT c.city,\n       count(*)\nFROM customers c\nWHERE c.id <= $1\nGROUP BY c.city parameters: $1 = '25' @true"));
    assert.ok(stderr.statements.every((s) => s.endsWith('@true')), 'log_min_duration_statement = 0: every execution has its duration');
  });
});
