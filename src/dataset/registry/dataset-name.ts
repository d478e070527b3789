import { DatasetError } from '../dataset-error.js';
import type { DatasetCatalog } from './dataset-registry.js';
import { displayPath } from './display-path.js';

/** Dataset names double as directory and (by default) database names. */
export const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function assertDatasetName(name: string): void {
  if (!DATASET_NAME.test(name)) {
    throw new DatasetError('IMPORT_BAD_INPUT', `"${name}" is not a valid dataset name: use lower-case letters, digits, _ and - (at most 63), starting with a letter or digit`);
  }
}

/**
 * A new user dataset may take `name` unless a built-in has it, or a user dataset (valid or
 * broken) has it and `replace` was not asked for.
 */
export function assertNameFree(catalog: DatasetCatalog, name: string, replace: boolean): void {
  const same = [...catalog.entries.filter((e) => e.name === name), ...catalog.problems.filter((p) => p.name === name)];
  const builtin = same.find((e) => e.origin === 'project');
  if (builtin) {
    throw new DatasetError('DATASET_EXISTS', `"${name}" is a built-in dataset (${displayPath(builtin.dir)})`, { hint: 'pick another --name' });
  }
  if (same.length > 0 && !replace) {
    throw new DatasetError('DATASET_EXISTS', `dataset "${name}" already exists (${displayPath(same[0]!.dir)})`, {
      hint: 'pick another --name, or add --force to replace it',
    });
  }
}
