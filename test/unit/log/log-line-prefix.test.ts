import assert from 'node:assert/strict';
import { compileLogLinePrefix } from '../../../src/dataset/log/log-line-prefix.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { parseLogTimestamp, TimestampReader } from '../../../src/dataset/log/log-timestamp.js';
import { SEED_SPLIT, tempDirs } from './log-test-helpers.js';

describe('log_line_prefix compilation', () => {
  it('reads time, pid and message through the Debian default, with and without the %q part', () => {
    const p = compileLogLinePrefix('%m [%p] %q%u@%d ');
    const session = p.match('2024-05-01 12:34:56.789 UTC [4242] alice@shop LOG:  statement: SELECT 1');
    assert.deepEqual(session, {
      timestamp: Date.UTC(2024, 4, 1, 12, 34, 56, 789),
      session: '4242',
      severity: 'LOG',
      message: 'statement: SELECT 1',
    });
    const background = p.match('2024-05-01 12:34:56.789 UTC [17] LOG:  checkpoint starting: time');
    assert.equal(background?.message, 'checkpoint starting: time');
    assert.equal(p.match('\tFROM t'), undefined);
    assert.equal(p.match('garbage LOG:  statement: SELECT 1'), undefined);
    assert.equal(p.hasTimestamp, true);
  });

  it('supports every documented escape', () => {
    const p = compileLogLinePrefix('%a|%u|%d|%r|%h|%b|%p|%P|%t|%m|%n|%i|%e|%c|%l|%s|%v|%x|%Q|%%|');
    const line =
      'psql app|bob|db1|10.0.0.1(5432)|10.0.0.1|client backend|77|12|2024-01-02 03:04:05 UTC|2024-01-02 03:04:05.678 UTC|1704164645.678|SELECT|00000|6633a1b2.4d|9|2024-01-02 03:00:00 UTC|3/14|0|-123456789|%|ERROR:  boom';
    const m = p.match(line);
    assert.ok(m);
    assert.equal(m.severity, 'ERROR');
    assert.equal(m.message, 'boom');
    assert.equal(m.session, '6633a1b2.4d', '%c wins over %p as the session key');
    assert.equal(m.timestamp, Date.UTC(2024, 0, 2, 3, 4, 5), 'the first time escape is the one used');
  });

  it('reads %n epoch times and keys sessions by pid without %c', () => {
    const m = compileLogLinePrefix('%n [%p] ').match('1704164645.678 [99] LOG:  duration: 1.000 ms');
    assert.equal(m?.timestamp, 1704164645678);
    assert.equal(m?.session, '99');
  });

  it('lets %a hold spaces and keeps %u/%d to one word', () => {
    const p = compileLogLinePrefix('%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ');
    const m = p.match('2024-01-02 03:04:05 UTC [5]: [3-1] user=u1,db=d1,app=pgAdmin 4 - DB:d1,client=127.0.0.1 LOG:  statement: SELECT 2');
    assert.equal(m?.message, 'statement: SELECT 2');
  });

  it('accepts padded escapes (%-10u) and the quotes of postgresql.conf', () => {
    const p = compileLogLinePrefix("'%m %-8u [%5p] '");
    assert.equal(p.source, '%m %-8u [%5p] ');
    const m = p.match('2024-01-02 03:04:05.000 UTC bob      [   42] LOG:  statement: SELECT 3');
    assert.equal(m?.session, '42');
  });

  it('ignores unknown escapes as PostgreSQL does, and handles an empty prefix', () => {
    assert.equal(compileLogLinePrefix('%m %z[%p] ').match('2024-01-02 03:04:05.000 UTC [1] LOG:  x')?.message, 'x');
    const empty = compileLogLinePrefix('');
    assert.equal(empty.match('LOG:  statement: SELECT 1')?.message, 'statement: SELECT 1');
    assert.equal(empty.hasTimestamp, false);
  });

  it('refuses a prefix with a newline', () => {
    assert.throws(() => compileLogLinePrefix('%m\n'), { code: 'LOG_PREFIX_INVALID' });
  });
});

describe('log timestamps', () => {
  it('applies zone abbreviations and numeric offsets', () => {
    assert.equal(parseLogTimestamp('2024-01-02 03:04:05.006 UTC')?.ms, Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    assert.equal(parseLogTimestamp('2024-07-02 12:00:00 CEST')?.ms, Date.UTC(2024, 6, 2, 10, 0, 0));
    assert.equal(parseLogTimestamp('2024-07-02 12:00:00 +0530')?.ms, Date.UTC(2024, 6, 2, 6, 30, 0));
    assert.equal(parseLogTimestamp('2024-07-02 12:00:00 -03')?.ms, Date.UTC(2024, 6, 2, 15, 0, 0));
  });

  it('reads an unknown zone as UTC and says so', async () => {
    assert.deepEqual(parseLogTimestamp('2024-07-02 12:00:00 XYZT'), { ms: Date.UTC(2024, 6, 2, 12), unknownZone: 'XYZT' });
    assert.equal(parseLogTimestamp('yesterday'), undefined);
    const dirs = tempDirs();
    const file = join(dirs.make(), 'zone.log');
    writeFileSync(file, '2024-07-02 12:00:00.000 XYZT [1] LOG:  statement: SELECT 1\n');
    const extraction = await extractWorkloadFromLogs([file], { prefix: '%m [%p] ', split: SEED_SPLIT });
    dirs.cleanup();
    assert.equal(extraction.queries[0]!.firstSeen, '2024-07-02T12:00:00.000Z');
    assert.ok(extraction.report.warnings.some((w) => w.includes('"XYZT"')));
  });

  it('reads a run of lines with the memo exactly as one by one', () => {
    const reader = new TimestampReader();
    const texts = ['2024-12-31 23:59:58.999 UTC', '2024-12-31 23:59:59.5 UTC', '2024-12-31 23:59:59.123456 UTC', '2025-01-01 00:00:00.001 UTC', '2025-01-01 00:00:00.001 CET', '2025-01-01 00:00:07 UTC', '2025-01-01 00:00:07.250 +05:30', 'not a time at all, same length...'];
    for (const text of [...texts, ...texts.reverse()]) assert.equal(reader.read(text), parseLogTimestamp(text)?.ms, text);
  });
});
