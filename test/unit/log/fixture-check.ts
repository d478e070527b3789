import assert from 'node:assert/strict';
import type { LogExtraction } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { skipCount } from '../../../src/dataset/log/extraction-report.js';
import type { FixtureExpectations } from '../../fixtures/logs/fixture-workload.js';

/**
 * What every format of the fixture must give: each executed SELECT once per fingerprint with
 * the workload's count and a duration for every execution, and the exact statement-level skips.
 */
export function assertMatchesExpectations(extraction: LogExtraction, expected: FixtureExpectations): void {
  const byFingerprint = new Map(extraction.queries.map((q) => [q.fingerprint, q]));
  assert.equal(extraction.queries.length, expected.queries.length, 'one query per expected fingerprint');
  for (const e of expected.queries) {
    const q = byFingerprint.get(e.fingerprint);
    assert.ok(q, `missing ${e.example}`);
    assert.equal(q.count, e.count, `count of ${e.example}`);
    assert.equal(q.durations.count, e.count, `durations of ${e.example}`);
    assert.ok(q.firstSeen !== null && q.lastSeen !== null && q.firstSeen <= q.lastSeen);
    assert.equal(q.parameterized, false);
  }
  assert.equal(extraction.report.kept, expected.kept);
  for (const [reason, count] of Object.entries(expected.skipped)) {
    assert.equal(skipCount(extraction.report, reason as never), count, `skipped as ${reason}`);
  }
  assert.equal(extraction.report.statements, expected.kept + Object.values(expected.skipped).reduce((a, b) => a + b, 0));
  assert.equal(extraction.train.length + extraction.test.length, extraction.queries.length);
}

/** The extended-protocol queries, with their parameters back in as literals. */
export const SUBSTITUTED = [
  "SELECT id, amount FROM orders WHERE customer_id = '3' AND amount > '10.5'",
  "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.city = 'O''Brien Town' AND o.note IS DISTINCT FROM 'line one\nline two'",
  "SELECT id FROM orders WHERE created >= '2024-02-01'::date ORDER BY id LIMIT '5'",
  "SELECT c.city,\n       count(*)\nFROM customers c\nWHERE c.id <= '25'\nGROUP BY c.city",
];

export const MULTI_LINE = "SELECT c.name, sum(o.amount) AS total\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nWHERE o.created >= DATE '2024-01-15'\nGROUP BY c.name\nORDER BY 2 DESC\nLIMIT 3";

export function assertRepresentatives(extraction: LogExtraction): void {
  const texts = extraction.queries.map((q) => q.sql);
  for (const sql of [...SUBSTITUTED, MULTI_LINE, "SELECT count(*) FROM orders WHERE note = 'fragile\ncall first'", 'SELECT name, city FROM customers WHERE id = 1']) {
    assert.ok(texts.includes(sql), `representative ${JSON.stringify(sql)} in ${JSON.stringify(texts, null, 1)}`);
  }
  assert.ok(!texts.some((t) => /\$\d/.test(t)), 'no placeholder left');
}
