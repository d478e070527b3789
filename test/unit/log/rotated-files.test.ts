import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { sortRotatedLogFiles } from '../../../src/dataset/log/sort-rotated-log-files.js';
import { FIXTURES, fixtureLines, SEED_SPLIT, tempDirs } from './log-test-helpers.js';

describe('rotated log files', () => {
  const dirs = tempDirs();
  after(() => dirs.cleanup());

  it('sorts logrotate numbering oldest first, the current file last', () => {
    assert.deepEqual(sortRotatedLogFiles(['/l/postgresql.log', '/l/postgresql.log.1', '/l/postgresql.log.10.gz', '/l/postgresql.log.2.gz', '/l/postgresql.log.3']), [
      '/l/postgresql.log.10.gz',
      '/l/postgresql.log.3',
      '/l/postgresql.log.2.gz',
      '/l/postgresql.log.1',
      '/l/postgresql.log',
    ]);
  });

  it("sorts PostgreSQL's time-stamped names in time order", () => {
    const files = ['postgresql-2024-05-02_000000.log', 'postgresql-2024-05-01_120000.log.gz', 'postgresql-2024-05-01_000000.log'];
    assert.deepEqual(sortRotatedLogFiles(files), ['postgresql-2024-05-01_000000.log', 'postgresql-2024-05-01_120000.log.gz', 'postgresql-2024-05-02_000000.log']);
  });

  it('reads a rotated set, given in any order, as the one log it was', async () => {
    const dir = dirs.make();
    const lines = fixtureLines('stderr');
    // Cut at message boundaries, one cut between a statement and its duration line.
    const starts = lines.map((l, i) => (/^\d{4}-.* (LOG|ERROR):  /.test(l) ? i : -1)).filter((i) => i >= 0);
    const third = Math.floor(starts.length / 3);
    const k = starts.findIndex((i, k) => k > 2 * third && / statement: SELECT/.test(lines[i]!) && / duration: [\d.]+ ms$/.test(lines[starts[k + 1]!]!));
    assert.ok(k > 0);
    const cuts = [starts[third]!, starts[k + 1]!];
    const parts = [lines.slice(0, cuts[0]), lines.slice(cuts[0], cuts[1]), lines.slice(cuts[1])].map((p) => `${p.join('\n')}\n`);
    const oldest = join(dir, 'postgresql.log.2.gz');
    writeFileSync(oldest, gzipSync(parts[0]!));
    writeFileSync(join(dir, 'postgresql.log.1'), parts[1]!);
    writeFileSync(join(dir, 'postgresql.log'), parts[2]!);

    const files = ['postgresql.log', 'postgresql.log.2.gz', 'postgresql.log.1'].map((f) => join(dir, f));
    const rotated = await extractWorkloadFromLogs(files, { sortRotated: true, split: SEED_SPLIT });
    assert.deepEqual(rotated.report.files.map((f) => f.path), sortRotatedLogFiles(files));
    assert.deepEqual(rotated.report.files.map((f) => f.compressed), [true, false, false]);
    const whole = await extractWorkloadFromLogs([FIXTURES.stderr], { split: SEED_SPLIT });
    assert.deepEqual(rotated.queries.map(({ firstLocation: _, ...q }) => q), whole.queries.map(({ firstLocation: _, ...q }) => q));
    assert.equal(rotated.report.skipped['duration-without-statement'], undefined, 'the duration after the cut found its statement');
    assert.equal(rotated.report.lines, lines.length);
  });
});
