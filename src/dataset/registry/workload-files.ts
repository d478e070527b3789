import { readFileSync } from 'node:fs';
import { DatasetError } from '../dataset-error.js';
import type { LabelKind, WorkloadName } from './dataset-manifest.js';
import type { DatasetEntry } from './dataset-registry.js';
import { resolveDatasetPath } from './dataset-registry.js';
import { displayPath } from './display-path.js';

/** The queries of a workload file: one per line; blank lines and `--` comment lines are not queries. */
export function parseWorkloadFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('--'));
}

/** Text of a workload file: one query per line, ending with a newline. */
export function formatWorkloadFile(queries: readonly string[]): string {
  return queries.length === 0 ? '' : `${queries.join('\n')}\n`;
}

export interface Workload {
  readonly name: WorkloadName;
  readonly file: string;
  readonly queries: readonly string[];
}

/** A workload of the dataset, or undefined when the manifest has none by that name (only `fast` is optional). */
export function readWorkload(entry: DatasetEntry, name: WorkloadName): Workload | undefined {
  const relative = entry.manifest.workloads[name];
  if (relative === undefined) return undefined;
  const file = resolveDatasetPath(entry, relative);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatasetError('WORKLOAD_UNREADABLE', `dataset "${entry.name}": cannot read the ${name} workload ${displayPath(file)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      context: { file, field: `/workloads/${name}` },
      cause: error,
    });
  }
  return { name, file, queries: parseWorkloadFile(text) };
}

/** Values of a label file by 0-based query index: numbers for cardinalities, strings for names. */
export type LabelMap = ReadonlyMap<number, number | string>;

/** The dataset's labels of one kind for one workload, checked against the workload's size; undefined when absent. */
export function readLabels(entry: DatasetEntry, kind: LabelKind, workload: WorkloadName, queryCount: number): LabelMap | undefined {
  const relative = entry.manifest.labels?.[kind]?.[workload];
  if (relative === undefined) return undefined;
  const file = resolveDatasetPath(entry, relative);
  const fail = (problem: string, cause?: unknown) =>
    new DatasetError('LABELS_INVALID', `${displayPath(file)}: ${problem}`, { context: { file, field: `/labels/${kind}/${workload}` }, cause });
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw fail(`cannot read it as JSON (${(error as Error).message})`, error);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('must be a JSON object from query index to value');
  const labels = new Map<number, number | string>();
  for (const [key, v] of Object.entries(value)) {
    const index = Number(key);
    if (!/^(0|[1-9][0-9]*)$/.test(key) || index >= queryCount) throw fail(`/${key}: is not a query index of the ${workload} workload (0 to ${queryCount - 1})`);
    if (kind === 'cardinalities' && !(typeof v === 'number' && Number.isInteger(v) && v >= 0)) throw fail(`/${key}: must be a non-negative integer`);
    if (kind === 'names' && typeof v !== 'string') throw fail(`/${key}: must be a string`);
    labels.set(index, v as number | string);
  }
  return labels;
}

/** JSON text of a label file (keys are the 0-based query indexes). */
export function formatLabelFile(labels: ReadonlyMap<number, number | string>): string {
  const sorted = [...labels.entries()].sort((a, b) => a[0] - b[0]);
  return `${JSON.stringify(Object.fromEntries(sorted.map(([k, v]) => [String(k), v])), null, 2)}\n`;
}
