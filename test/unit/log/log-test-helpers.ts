import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FixtureExpectations } from '../../fixtures/logs/fixture-workload.js';
import type { LogExtraction } from '../../../src/dataset/log/extract-workload-from-logs.js';
import type { LogFormat } from '../../../src/dataset/log/log-record.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/logs/', import.meta.url));

/** The real PostgreSQL 15 logs of the fixture workload, by format. */
export const FIXTURES: Readonly<Record<LogFormat, string>> = {
  stderr: join(FIXTURE_DIR, 'postgresql.log'),
  csvlog: join(FIXTURE_DIR, 'postgresql.csv'),
  jsonlog: join(FIXTURE_DIR, 'postgresql.json'),
};

export function loadExpectations(): FixtureExpectations {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, 'expectations.json'), 'utf8')) as FixtureExpectations;
}

export const SEED_SPLIT = { by: 'seed', seed: 7, testFraction: 0.3 } as const;

/** A temp directory removed after the suite. */
export function tempDirs(): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), 'pilot-log-test-'));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** fingerprint -> count, for comparing extractions. */
export function countsByFingerprint(extraction: LogExtraction): Map<string, number> {
  return new Map(extraction.queries.map((q) => [q.fingerprint, q.count]));
}

/** Splits a fixture into its lines, keeping the final newline semantics. */
export function fixtureLines(format: LogFormat): string[] {
  return readFileSync(FIXTURES[format], 'utf8').replace(/\n$/, '').split('\n');
}
