import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMON_LOG_LINE_PREFIXES, detectLogLinePrefix } from '../../../src/dataset/log/detect-log-line-prefix.js';
import { compileLogLinePrefix } from '../../../src/dataset/log/log-line-prefix.js';
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { FIXTURE_LOG_LINE_PREFIX } from '../../fixtures/logs/fixture-workload.js';
import { fixtureLines, SEED_SPLIT, tempDirs } from './log-test-helpers.js';

/** A few lines as a server with `prefix` writes them: session lines and a background one. */
const SAMPLES: Readonly<Record<string, string[]>> = {
  '%m [%p] %q%u@%d ': [
    '2024-05-01 10:00:00.001 UTC [100] LOG:  database system is ready to accept connections',
    '2024-05-01 10:00:01.002 UTC [101] app@shop LOG:  statement: SELECT 1',
    '2024-05-01 10:00:01.003 UTC [101] app@shop LOG:  duration: 0.100 ms',
  ],
  '%m [%p] ': ['2024-05-01 10:00:00.001 UTC [100] LOG:  database system is ready to accept connections', '2024-05-01 10:00:01.002 UTC [101] LOG:  statement: SELECT 1'],
  '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ': [
    '2024-05-01 10:00:00 UTC [100]: [1-1] user=,db=,app=,client= LOG:  database system is ready to accept connections',
    '2024-05-01 10:00:01 UTC [101]: [5-1] user=app,db=shop,app=psql,client=[local] LOG:  statement: SELECT 1',
    '2024-05-01 10:00:01 UTC [101]: [6-1] user=app,db=shop,app=psql,client=[local] LOG:  duration: 0.100 ms',
  ],
  '%t [%p-%l] %q%u@%d ': ['2024-05-01 10:00:00 UTC [100-1] LOG:  database system is ready', '2024-05-01 10:00:01 UTC [101-4] app@shop LOG:  statement: SELECT 1'],
  '%t:%r:%u@%d:[%p]:': ['2024-05-01 10:00:00 UTC::@:[100]:LOG:  checkpoint starting: time', '2024-05-01 10:00:01 UTC:10.1.2.3(40000):app@shop:[101]:LOG:  statement: SELECT 1'],
  '%t-%c-': ['2024-05-01 10:00:01 UTC-6633a1b2.4d-LOG:  statement: SELECT 1', '2024-05-01 10:00:01 UTC-6633a1b2.4d-LOG:  duration: 0.100 ms'],
  '': ['LOG:  statement: SELECT 1', 'LOG:  duration: 0.100 ms'],
};

describe('log_line_prefix detection', () => {
  const dirs = tempDirs();
  after(() => dirs.cleanup());

  for (const [prefix, lines] of Object.entries(SAMPLES)) {
    it(`recognizes ${JSON.stringify(prefix)}`, () => {
      assert.ok((COMMON_LOG_LINE_PREFIXES as readonly string[]).includes(prefix));
      const detected = detectLogLinePrefix(lines);
      assert.ok(detected);
      assert.equal(detected.matched, lines.length);
      // Lines without user@db fit the Debian prefix as well (its %q part is optional), read the same.
      if (prefix !== '%m [%p] ') assert.equal(detected.prefix.source, prefix);
      const truth = compileLogLinePrefix(prefix);
      for (const line of lines) assert.deepEqual(detected.prefix.match(line), truth.match(line));
    });
  }

  it('recognizes the real fixture, whose background lines also fit the plainer prefixes', () => {
    assert.equal(detectLogLinePrefix(fixtureLines('stderr').slice(0, 50))?.prefix.source, FIXTURE_LOG_LINE_PREFIX);
    // On background lines alone the plainer prefixes fit as well: the most specific one wins.
    assert.equal(detectLogLinePrefix(fixtureLines('stderr').slice(0, 5))?.prefix.source, '%m [%p] %q%u@%d ');
  });

  it('prefers the prefix that matches more lines, then the one that reads more of them', () => {
    // A pgBadger log whose first lines come from background processes (empty user and db).
    const lines = SAMPLES['%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ']!;
    assert.equal(detectLogLinePrefix(lines.slice(0, 1))?.prefix.source, '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ');
    const shorter = detectLogLinePrefix(lines, ['%t [%p]: [%l-1] ', '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ']);
    assert.equal(shorter?.prefix.source, '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ');
  });

  it('gives up on lines no prefix fits, and extraction says to pass the prefix', async () => {
    const lines = ['<134>May  1 10:00:00 host postgres[100]: [1-1] LOG:  statement: SELECT 1'];
    assert.equal(detectLogLinePrefix(lines), undefined);
    const file = join(dirs.make(), 'syslog.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await assert.rejects(extractWorkloadFromLogs([file], { split: SEED_SPLIT }), (e: { code: string; hint: string }) => e.code === 'LOG_PREFIX_UNDETECTED' && e.hint.includes('log_line_prefix'));
    // With the prefix given, the same file reads.
    const given = await extractWorkloadFromLogs([file], { prefix: '<134>May  1 10:00:00 host postgres[%p]: [%l-1] ', split: SEED_SPLIT });
    assert.equal(given.report.kept, 1);
  });
});
