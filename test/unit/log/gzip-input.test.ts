import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { skipCount } from '../../../src/dataset/log/extraction-report.js';
import { isGzipFile } from '../../../src/dataset/log/read-log-lines.js';
import { countsByFingerprint, FIXTURES, SEED_SPLIT, tempDirs } from './log-test-helpers.js';

describe('gzip input', () => {
  const dirs = tempDirs();
  after(() => dirs.cleanup());

  it('is detected by its magic bytes whatever the name, and reads like the plain file', async () => {
    const dir = dirs.make();
    const plain = await extractWorkloadFromLogs([FIXTURES.csvlog], { split: SEED_SPLIT });
    for (const name of ['postgresql.csv.gz', 'postgresql.csv.1', 'renamed.log']) {
      const file = join(dir, name);
      writeFileSync(file, gzipSync(readFileSync(FIXTURES.csvlog)));
      assert.equal(await isGzipFile(file), true);
      const gz = await extractWorkloadFromLogs([file], { split: SEED_SPLIT });
      assert.equal(gz.report.files[0]!.compressed, true);
      assert.equal(gz.report.files[0]!.format, 'csvlog');
      assert.deepEqual(gz.queries.map(({ firstLocation: _, ...q }) => q), plain.queries.map(({ firstLocation: _, ...q }) => q));
    }
    const named = join(dir, 'not-really.gz');
    writeFileSync(named, readFileSync(FIXTURES.csvlog));
    assert.equal(await isGzipFile(named), false);
    assert.equal((await extractWorkloadFromLogs([named], { split: SEED_SPLIT })).report.files[0]!.compressed, false);
  });

  it('reports progress in bytes read from disk, up to the compressed total', async () => {
    const dir = dirs.make();
    const gz = join(dir, 'a.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(FIXTURES.stderr)));
    const calls: [number, number][] = [];
    await extractWorkloadFromLogs([gz, FIXTURES.jsonlog], { split: SEED_SPLIT, onProgress: (read, total) => calls.push([read, total]) });
    const total = statSync(gz).size + statSync(FIXTURES.jsonlog).size;
    assert.ok(calls.length >= 2);
    assert.ok(calls.every(([, t]) => t === total));
    assert.ok(calls.every(([r], i) => i === 0 || r >= calls[i - 1]![0]), 'monotonic');
    assert.equal(calls.at(-1)![0], total);
  });

  it('reports a truncated gzip stream with where it stopped, and keeps what came before', async () => {
    const dir = dirs.make();
    // Large enough that the cut falls well after the first records.
    const text = readFileSync(FIXTURES.stderr, 'utf8');
    const compressed = gzipSync(text.repeat(20), { level: 1 });
    const file = join(dir, 'cut.log.gz');
    writeFileSync(file, compressed.subarray(0, Math.floor(compressed.length / 2)));
    const extraction = await extractWorkloadFromLogs([file, FIXTURES.jsonlog], { split: SEED_SPLIT });
    assert.equal(skipCount(extraction.report, 'read-error'), 1);
    const example = extraction.report.skipped['read-error']!.examples[0]!;
    assert.equal(example.file, file);
    assert.equal(example.line, extraction.report.files[0]!.lines + 1);
    assert.match(example.excerpt, /unexpected end of file/);
    assert.ok(extraction.report.files[0]!.lines > 1000, 'the lines before the cut were read');
    assert.ok(extraction.report.kept > 30 * 5, 'queries from the readable part are kept');
    assert.ok([...countsByFingerprint(extraction).values()].every((c) => c > 0));
    assert.equal(extraction.report.files[1]!.lines, readFileSync(FIXTURES.jsonlog, 'utf8').trimEnd().split('\n').length, 'the next file is read in full');
  });
});
