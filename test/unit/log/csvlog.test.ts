import assert from 'node:assert/strict';
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { assertMatchesExpectations, assertRepresentatives } from './fixture-check.js';
import { FIXTURES, loadExpectations, SEED_SPLIT } from './log-test-helpers.js';

describe('csvlog (real PostgreSQL 15 fixture)', () => {
  const expected = loadExpectations();

  it('finds every executed SELECT once per fingerprint with the workload counts', async () => {
    const extraction = await extractWorkloadFromLogs([FIXTURES.csvlog], { format: 'csvlog', split: SEED_SPLIT });
    assertMatchesExpectations(extraction, expected);
    assertRepresentatives(extraction);
    assert.equal(extraction.report.files[0]!.format, 'csvlog');
    assert.equal(extraction.report.files[0]!.prefix, undefined);
  });

  it('is recognized from its first line when the format is auto', async () => {
    const auto = await extractWorkloadFromLogs([FIXTURES.csvlog], { split: SEED_SPLIT });
    assert.equal(auto.report.files[0]!.format, 'csvlog');
    assertMatchesExpectations(auto, expected);
  });

  // Sessions interleave differently in each destination, so compare regardless of order.
  it('agrees with the stderr log of the same run, query for query', async () => {
    const mine = await extractWorkloadFromLogs([FIXTURES.csvlog], { split: SEED_SPLIT });
    const stderr = await extractWorkloadFromLogs([FIXTURES.stderr], { split: SEED_SPLIT });
    const comparable = (x: typeof mine) =>
      x.queries.map(({ firstLocation: _, ...q }) => q).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
    assert.deepEqual(comparable(mine), comparable(stderr));
    assert.deepEqual(new Set(mine.test.map((q) => q.fingerprint)), new Set(stderr.test.map((q) => q.fingerprint)));
    assert.deepEqual(mine.report.statementKinds, stderr.report.statementKinds);
  });
});
