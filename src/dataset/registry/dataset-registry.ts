import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { DatasetError } from '../dataset-error.js';
import { MANIFEST_FILE, type DatasetManifest } from './dataset-manifest.js';
import { displayPath } from './display-path.js';
import { createManifestValidator, invalidManifest, type ManifestValidator } from './manifest-validator.js';
import { builtinDatasetsDir } from './project-root.js';

/** `project`: shipped with the code in `datasets/`; `home`: the user's, in `<home>/datasets/`. */
export const DATASET_ORIGINS = ['project', 'home'] as const;
export type DatasetOrigin = (typeof DATASET_ORIGINS)[number];

export interface DatasetRoot {
  readonly origin: DatasetOrigin;
  readonly dir: string;
}

export interface DatasetEntry {
  readonly name: string;
  readonly origin: DatasetOrigin;
  /** The dataset's directory; relative paths in the manifest are relative to it. */
  readonly dir: string;
  readonly manifestFile: string;
  readonly manifest: DatasetManifest;
}

/** A dataset directory that could not be used: its manifest is missing or invalid, or its name is taken. */
export interface DatasetProblem {
  /** The directory name (the manifest's name may be unreadable). */
  readonly name: string;
  readonly origin: DatasetOrigin;
  readonly dir: string;
  readonly error: DatasetError;
}

export interface DatasetCatalog {
  readonly roots: readonly DatasetRoot[];
  /** Valid datasets, in root order then by name; a duplicated name appears once per directory. */
  readonly entries: readonly DatasetEntry[];
  readonly problems: readonly DatasetProblem[];
}

export interface CatalogOptions {
  /** pilot's home (resolved); user datasets live in `<home>/datasets/`. */
  readonly home: string;
  /** Directory of built-in datasets (default: the project's `datasets/`). */
  readonly projectDatasetsDir?: string;
  readonly validator?: ManifestValidator;
}

export function userDatasetsDir(home: string): string {
  return join(home, 'datasets');
}

export function datasetRoots(options: Pick<CatalogOptions, 'home' | 'projectDatasetsDir'>): DatasetRoot[] {
  return [
    { origin: 'project', dir: options.projectDatasetsDir ?? builtinDatasetsDir() },
    { origin: 'home', dir: userDatasetsDir(options.home) },
  ];
}

/** Reads every dataset directory under the roots; one bad manifest never hides the others. */
export function loadDatasetCatalog(options: CatalogOptions): DatasetCatalog {
  const validator = options.validator ?? createManifestValidator();
  const roots = datasetRoots(options);
  const entries: DatasetEntry[] = [];
  const problems: DatasetProblem[] = [];
  for (const root of roots) {
    for (const name of datasetDirNames(root.dir)) {
      const dir = join(root.dir, name);
      const manifestFile = join(dir, MANIFEST_FILE);
      try {
        if (!existsSync(manifestFile)) {
          throw new DatasetError('MANIFEST_UNREADABLE', `${displayPath(dir)}: no ${MANIFEST_FILE} in this dataset directory`, {
            context: { file: manifestFile },
            hint: `remove the directory, or write a ${MANIFEST_FILE} (see src/dataset/README-snippet.md)`,
          });
        }
        const manifest = validator.readFile(manifestFile);
        if (manifest.name !== name) {
          throw invalidManifest(manifestFile, [{ path: '/name', message: `is "${manifest.name}" but the directory is "${name}"; they must be equal` }]);
        }
        entries.push({ name, origin: root.origin, dir, manifestFile, manifest });
      } catch (error) {
        if (!(error instanceof DatasetError)) throw error;
        problems.push({ name, origin: root.origin, dir, error });
      }
    }
  }
  for (const [name, same] of groupByName(entries)) {
    if (same.length < 2) continue;
    for (const extra of same.slice(1)) {
      problems.push({ name, origin: extra.origin, dir: extra.dir, error: duplicateError(name, same) });
    }
  }
  return Object.freeze({ roots, entries, problems });
}

/** The dataset called `name`; DATASET_NOT_FOUND, DATASET_DUPLICATE or DATASET_BROKEN otherwise. */
export function findDataset(catalog: DatasetCatalog, name: string): DatasetEntry {
  const same = catalog.entries.filter((e) => e.name === name);
  if (same.length > 1) throw duplicateError(name, same);
  if (same[0]) return same[0];
  const broken = catalog.problems.find((p) => p.name === name && p.error.code !== 'DATASET_DUPLICATE');
  if (broken) {
    throw new DatasetError('DATASET_BROKEN', `dataset "${name}" cannot be used:\n${broken.error.message}`, {
      context: { dir: broken.dir, ...broken.error.context },
      ...(broken.error.hint ? { hint: broken.error.hint } : {}),
      cause: broken.error,
    });
  }
  const known = catalog.entries.map((e) => e.name);
  throw new DatasetError('DATASET_NOT_FOUND', `no dataset named "${name}"${known.length ? ` (known: ${[...new Set(known)].join(', ')})` : ''}`, {
    context: { name, roots: catalog.roots.map((r) => r.dir) },
    hint: '`pilot dataset list` shows the datasets; `pilot dataset import` and `pilot dataset generate` add some',
  });
}

/** A path from the manifest, resolved against the dataset's directory. */
export function resolveDatasetPath(entry: Pick<DatasetEntry, 'dir'>, path: string): string {
  return isAbsolute(path) ? path : join(entry.dir, path);
}

function datasetDirNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory())
    .sort();
}

function groupByName(entries: readonly DatasetEntry[]): Map<string, DatasetEntry[]> {
  const groups = new Map<string, DatasetEntry[]>();
  for (const e of entries) groups.set(e.name, [...(groups.get(e.name) ?? []), e]);
  return groups;
}

function duplicateError(name: string, same: readonly DatasetEntry[]): DatasetError {
  return new DatasetError('DATASET_DUPLICATE', `dataset name "${name}" is used by ${same.length} directories: ${same.map((e) => displayPath(e.dir)).join(' and ')}`, {
    context: { name, dirs: same.map((e) => e.dir) },
    hint: 'dataset names must be unique: rename or remove one of them (`pilot dataset remove` removes user datasets)',
  });
}
