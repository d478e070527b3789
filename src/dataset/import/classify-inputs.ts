import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DatasetError } from '../dataset-error.js';
import { WORKLOAD_NAMES, type WorkloadName } from '../registry/dataset-manifest.js';
import { displayPath } from '../registry/display-path.js';
import { looksLikePgDump } from './load-pg-dump.js';
import { requirePath } from './require-path.js';

export type WorkloadPaths = Partial<Record<WorkloadName, string>>;

export interface ClassifiedInputs {
  readonly dump?: string;
  readonly workloads: WorkloadPaths;
  /** Files in a given directory that are none of these (README, LICENSE...), left alone. */
  readonly ignored: readonly string[];
}

/**
 * The workload a file or directory name says it is, as a word: `stats_train_x.txt` -> train,
 * `test/` -> test, `latest.sql` -> none; undefined if none or several.
 */
export function workloadRoleFromName(path: string): WorkloadName | undefined {
  const name = basename(path).toLowerCase();
  const roles = WORKLOAD_NAMES.filter((w) => new RegExp(`(^|[^a-z])${w}(ing)?([^a-z]|$)`).test(name));
  return roles.length === 1 ? roles[0] : undefined;
}

/**
 * Sorts the import's paths into a pg_dump (when `wantDump`), and train/test/fast workloads by
 * their names; a directory is opened and its entries sorted the same way (a sub-directory named
 * like a workload is a directory of .sql files). Explicit --train/--test/--fast/--dump win.
 */
export function classifyInputs(
  paths: readonly string[],
  explicit: WorkloadPaths & { dump?: string },
  options: { wantDump: boolean; skip?: (file: string) => boolean },
): ClassifiedInputs {
  let dump = explicit.dump !== undefined ? requirePath(explicit.dump, 'dump', 'file') : undefined;
  const workloads: WorkloadPaths = {};
  for (const w of WORKLOAD_NAMES) if (explicit[w] !== undefined) workloads[w] = requirePath(explicit[w], `${w} workload`);
  const ignored: string[] = [];

  const place = (path: string, fromDirectory: boolean) => {
    if (options.skip?.(path)) return;
    const isDir = statSync(path).isDirectory();
    if (!isDir && options.wantDump && looksLikePgDump(path)) {
      if (dump !== undefined && dump !== path) throw ambiguity(`two pg_dump files: ${displayPath(dump)} and ${displayPath(path)}`, 'pass the one to load with --dump');
      dump = path;
      return;
    }
    const role = workloadRoleFromName(path);
    if (role === undefined) {
      if (fromDirectory) return void ignored.push(path);
      throw ambiguity(`cannot tell what ${displayPath(path)} is: ${options.wantDump ? 'not a pg_dump, and ' : ''}its name says neither train, test nor fast`, 'pass it with --train, --test or --fast' + (options.wantDump ? ' (or --dump)' : ''));
    }
    if (explicit[role] !== undefined) return;
    if (workloads[role] !== undefined && workloads[role] !== path) {
      throw ambiguity(`two ${role} workloads: ${displayPath(workloads[role])} and ${displayPath(path)}`, `pass the one to use with --${role}`);
    }
    workloads[role] = path;
  };

  for (const p of paths) {
    const absolute = requirePath(p, 'input');
    if (statSync(absolute).isDirectory() && workloadRoleFromName(absolute) === undefined) {
      for (const entry of readdirSync(absolute).filter((n) => !n.startsWith('.')).sort()) place(join(absolute, entry), true);
    } else {
      place(absolute, false);
    }
  }
  return { ...(dump !== undefined ? { dump } : {}), workloads, ignored };
}

function ambiguity(message: string, hint: string): DatasetError {
  return new DatasetError('IMPORT_BAD_INPUT', message, { hint });
}
