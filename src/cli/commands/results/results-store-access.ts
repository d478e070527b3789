import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../../dataset/registry/project-root.js';
import { PilotError } from '../../../errors/index.js';
import { defaultResultsDir, RESULTS_STORE_FILE, ResultsError, ResultsStore, type RunRecord } from '../../../results/index.js';

/** Said wherever there is nothing to show yet. */
export const NO_RUNS_HINT = 'run an experiment first, e.g. `pilot test --algo baseline --db builtin`, or point --results (or $PILOT_RESULTS) at another results directory';

/** The store file: `--results` (a directory, or a pilot.sqlite file), else $PILOT_RESULTS or <project>/results. */
export function resultsStoreFile(results: string | undefined): string {
  if (results === undefined) return join(defaultResultsDir(projectRoot()), RESULTS_STORE_FILE);
  const path = resolve(results);
  return existsSync(path) && statSync(path).isFile() ? path : join(path, RESULTS_STORE_FILE);
}

/**
 * Opens the store for reading, or returns undefined when it does not exist yet: looking at
 * results must not create an empty store (nor its directory) as a side effect.
 */
export function openExistingStore(file: string): ResultsStore | undefined {
  return existsSync(file) ? ResultsStore.open(file) : undefined;
}

/** `latest` (the newest run), an exact run id, or a prefix that only one id starts with. */
export function resolveRun(store: ResultsStore | undefined, ref: string, file: string): RunRecord {
  const runs = store?.runs.listRuns() ?? [];
  if (runs.length === 0) {
    throw new ResultsError('RESULTS_RUN_NOT_FOUND', `no run "${ref}": the results store ${file} has no runs yet`, { context: { id: ref, path: file }, hint: NO_RUNS_HINT });
  }
  if (ref === 'latest') return runs[0]!;
  const exact = runs.find((r) => r.id === ref);
  if (exact !== undefined) return exact;
  const prefixed = runs.filter((r) => r.id.startsWith(ref));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) {
    throw new PilotError('RESULTS_RUN_AMBIGUOUS', `"${ref}" starts ${prefixed.length} run ids: ${prefixed.slice(0, 5).map((r) => r.id).join(', ')}${prefixed.length > 5 ? ', ...' : ''}`, {
      context: { id: ref, path: file, matches: prefixed.map((r) => r.id) },
      hint: 'give more of the id',
    });
  }
  throw new ResultsError('RESULTS_RUN_NOT_FOUND', `no run "${ref}" in the results store ${file}`, {
    context: { id: ref, path: file },
    hint: 'list the runs with `pilot results list`, or say `latest`',
  });
}
