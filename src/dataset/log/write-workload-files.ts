/**
 * Writes an extraction as workload files: train.sql and test.sql (one statement per line,
 * `;`-terminated, line breaks rendered away without changing meaning) and queries.json (every
 * query with its counts, durations and side, plus the extraction report).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogExtraction } from './extract-workload-from-logs.js';
import { toSingleLine } from './single-line-sql.js';
import type { ExtractedQuery } from './workload-accumulator.js';

export const WORKLOAD_FILE_NAMES = { train: 'train.sql', test: 'test.sql', queries: 'queries.json' } as const;

export interface WorkloadFiles {
  readonly train: string;
  readonly test: string;
  readonly queries: string;
}

/** The JSON written to queries.json. */
export interface QueriesFile {
  readonly format: 'pilot-extracted-workload';
  readonly version: 1;
  readonly queries: readonly (ExtractedQuery & { readonly set: 'train' | 'test' })[];
  readonly report: LogExtraction['report'];
}

export async function writeWorkloadFiles(extraction: LogExtraction, dir: string): Promise<WorkloadFiles> {
  await mkdir(dir, { recursive: true });
  const files: WorkloadFiles = {
    train: join(dir, WORKLOAD_FILE_NAMES.train),
    test: join(dir, WORKLOAD_FILE_NAMES.test),
    queries: join(dir, WORKLOAD_FILE_NAMES.queries),
  };
  const inTest = new Set(extraction.test.map((q) => q.fingerprint));
  const body: QueriesFile = {
    format: 'pilot-extracted-workload',
    version: 1,
    queries: extraction.queries.map((q) => ({ ...q, set: inTest.has(q.fingerprint) ? 'test' : 'train' })),
    report: extraction.report,
  };
  await writeFile(files.train, sqlLines(extraction.train));
  await writeFile(files.test, sqlLines(extraction.test));
  await writeFile(files.queries, `${JSON.stringify(body, null, 2)}\n`);
  return files;
}

/** One statement per line. */
export function sqlLines(queries: readonly ExtractedQuery[]): string {
  return queries.map((q) => `${toSingleLine(q.sql).replace(/;\s*$/, '')};\n`).join('');
}
