import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { loadStatementParser } from '../../../src/dataset/log/statement-parser.js';
import { writeWorkloadFiles, type QueriesFile } from '../../../src/dataset/log/write-workload-files.js';
import { FIXTURES, SEED_SPLIT, tempDirs } from './log-test-helpers.js';

describe('workload files', () => {
  const dirs = tempDirs();
  after(() => dirs.cleanup());

  it('writes train.sql and test.sql one statement a line, and queries.json with counts and sides', async () => {
    const extraction = await extractWorkloadFromLogs([FIXTURES.stderr], { split: { by: 'seed', seed: 3, testFraction: 0.4 } });
    assert.ok(extraction.train.length > 0 && extraction.test.length > 0, 'this seed puts queries on both sides');
    const dir = `${dirs.make()}/nested/out`;
    const files = await writeWorkloadFiles(extraction, dir);
    const parser = await loadStatementParser();
    for (const side of ['train', 'test'] as const) {
      const lines = readFileSync(files[side], 'utf8').split('\n');
      assert.equal(lines.pop(), '', 'ends with a newline');
      assert.equal(lines.length, extraction[side].length);
      lines.forEach((line, i) => {
        assert.ok(line.endsWith(';') && !line.endsWith(';;'), line);
        const q = extraction[side][i]!;
        assert.equal(parser.fingerprint(line), q.fingerprint, 'the line is the same query');
        assert.equal(parser.parse(line).stmts?.length, 1);
      });
    }
    assert.match(readFileSync(files.train, 'utf8') + readFileSync(files.test, 'utf8'), /E'fragile\\ncall first'/);

    const json = JSON.parse(readFileSync(files.queries, 'utf8')) as QueriesFile;
    assert.equal(json.format, 'pilot-extracted-workload');
    assert.equal(json.queries.length, extraction.queries.length);
    assert.deepEqual(json.queries.filter((q) => q.set === 'test').map((q) => q.fingerprint), extraction.test.map((q) => q.fingerprint));
    assert.equal(json.queries[0]!.count, extraction.queries[0]!.count);
    assert.equal(json.queries[0]!.durations.count, extraction.queries[0]!.durations.count);
    assert.equal(json.report.kept, extraction.report.kept);
  });
});
