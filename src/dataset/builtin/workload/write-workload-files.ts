import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { materializeDataset } from '../materialize-dataset.js';
import type { ScaleInput } from '../scale.js';
import { DEFAULT_WORKLOAD_COUNTS, generateWorkloadQueries, WORKLOAD_KINDS, type WorkloadKind } from './generate-workload.js';

export interface WriteWorkloadFilesOptions {
  readonly seed: number;
  readonly scale: ScaleInput;
  /** Created when missing; train.sql, test.sql and fast.sql in it are replaced. */
  readonly directory: string;
  readonly counts?: Partial<Record<WorkloadKind, number>>;
}

/** The file each workload kind is written to. */
export const WORKLOAD_FILE_NAMES: Readonly<Record<WorkloadKind, string>> = { train: 'train.sql', test: 'test.sql', fast: 'fast.sql' };

/**
 * Writes train.sql, test.sql and fast.sql, one query per line, generated from one in-memory
 * copy of the dataset. Returns each file's path.
 */
export async function writeWorkloadFiles(options: WriteWorkloadFilesOptions): Promise<Record<WorkloadKind, string>> {
  const data = materializeDataset(options.seed, options.scale);
  await mkdir(options.directory, { recursive: true });
  const paths = {} as Record<WorkloadKind, string>;
  for (const kind of WORKLOAD_KINDS) {
    const count = options.counts?.[kind] ?? DEFAULT_WORKLOAD_COUNTS[kind];
    const queries = generateWorkloadQueries(data, { seed: options.seed, count, kind });
    const path = join(options.directory, WORKLOAD_FILE_NAMES[kind]);
    await writeFile(path, queries.map((q) => `${q.sql}\n`).join(''));
    paths[kind] = path;
  }
  return paths;
}
