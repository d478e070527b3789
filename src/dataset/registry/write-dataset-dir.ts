import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DatasetError } from '../dataset-error.js';
import { LABEL_KINDS, MANIFEST_FILE, WORKLOAD_NAMES, type DatasetManifest, type LabelKind, type WorkloadName } from './dataset-manifest.js';
import { displayPath } from './display-path.js';
import { formatLabelFile, formatWorkloadFile } from './workload-files.js';

export interface DatasetContents {
  /** Everything but `workloads` and `labels`, which are filled in with the files written. */
  readonly manifest: Omit<DatasetManifest, 'workloads' | 'labels'>;
  readonly workloads: Readonly<Record<'train' | 'test', readonly string[]>> & { readonly fast?: readonly string[] };
  readonly labels?: Readonly<Partial<Record<LabelKind, Readonly<Partial<Record<WorkloadName, ReadonlyMap<number, number | string>>>>>>>;
}

/**
 * Writes a dataset directory (dataset.json, `<workload>.sql`, `<workload>.<label>.json`) into a
 * hidden sibling first and renames it into place, so a failed write never leaves half a dataset.
 * `replace` swaps out an existing directory; without it an existing one is DATASET_EXISTS.
 */
export function writeDatasetDir(target: string, contents: DatasetContents, options: { replace?: boolean } = {}): DatasetManifest {
  const staging = prepareStaging(target, options.replace ?? false);
  try {
    const manifest = writeContents(staging, contents);
    commit(staging, target, manifest);
    return manifest;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The same, for files written by someone else: `fill` writes into the staging directory and
 * returns the manifest (paths relative to that directory); then dataset.json is written and the
 * directory renamed into place.
 */
export async function writeDatasetDirWith(target: string, options: { replace?: boolean }, fill: (staging: string) => Promise<DatasetManifest>): Promise<DatasetManifest> {
  const staging = prepareStaging(target, options.replace ?? false);
  try {
    const manifest = await fill(staging);
    commit(staging, target, manifest);
    return manifest;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function prepareStaging(target: string, replace: boolean): string {
  if (existsSync(target) && !replace) {
    throw new DatasetError('DATASET_EXISTS', `${displayPath(target)} already exists`, { context: { dir: target }, hint: 'pick another --name, or add --force to replace it' });
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.writing-${basename(target)}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  return staging;
}

function writeContents(staging: string, contents: DatasetContents): DatasetManifest {
  const workloads: Partial<Record<WorkloadName, string>> = {};
  for (const name of WORKLOAD_NAMES) {
    const queries = contents.workloads[name];
    if (queries === undefined) continue;
    workloads[name] = `${name}.sql`;
    writeFileSync(join(staging, `${name}.sql`), formatWorkloadFile(queries));
  }
  const labels: Partial<Record<LabelKind, Partial<Record<WorkloadName, string>>>> = {};
  for (const kind of LABEL_KINDS) {
    for (const name of WORKLOAD_NAMES) {
      const map = contents.labels?.[kind]?.[name];
      if (map === undefined || map.size === 0) continue;
      const file = `${name}.${kind}.json`;
      (labels[kind] ??= {})[name] = file;
      writeFileSync(join(staging, file), formatLabelFile(map));
    }
  }
  return {
    ...contents.manifest,
    workloads: workloads as DatasetManifest['workloads'],
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
  } as DatasetManifest;
}

function commit(staging: string, target: string, manifest: DatasetManifest): void {
  writeFileSync(join(staging, MANIFEST_FILE), `${JSON.stringify(orderManifest(manifest), null, 2)}\n`);
  if (existsSync(target)) rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}

/** The manifest's keys in the schema's order, so files read the same way. */
function orderManifest(m: DatasetManifest): DatasetManifest {
  const { $schema, name, description, provenance, database, load, workloads, labels, readOnly } = m;
  return {
    ...($schema !== undefined ? { $schema } : {}),
    name,
    description,
    provenance,
    database,
    load,
    workloads,
    ...(labels !== undefined ? { labels } : {}),
    readOnly,
  };
}
