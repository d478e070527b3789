import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { projectRoot } from '../../../dataset/registry/project-root.js';
import { defaultResultsDir, RESULTS_STORE_FILE, ResultsError, ResultsStore, type RunDocument } from '../../../results/index.js';
import { buildRunReport } from '../../../report/index.js';
import type { ReportArgs } from './command-object.js';

/** `pilot report <run>`: renders the run's page and writes it; returns the exit code. */
export async function runReport(args: ReportArgs, out: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const resultsDir = resolve(args.results ?? defaultResultsDir(projectRoot()));
  const storePath = join(resultsDir, RESULTS_STORE_FILE);
  // Opening would create an empty store; a report of a directory without one is a mistake to say.
  if (!existsSync(storePath)) {
    throw new ResultsError('RESULTS_RUN_NOT_FOUND', `no results store at ${storePath}, so no run "${args.run}"`, {
      context: { id: args.run, path: storePath },
      hint: 'pass --results DIR (or set PILOT_RESULTS) to the directory of the experiment, or run one first',
    });
  }
  const store = ResultsStore.open(storePath);
  let doc: RunDocument;
  try {
    doc = store.runs.document(resolveRunId(store, args.run));
  } finally {
    store.close();
  }
  const file = resolve(args.out ?? join(resultsDir, 'reports', `${fileSafe(doc.run.id)}.html`));
  const report = buildRunReport(doc);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, report.html);
  const skipped = Object.keys(report.notes);
  out(
    `wrote ${file}: run ${doc.run.id} (${doc.trials.length} trials, ${doc.measurements.length} measurements), ` +
      `charts: ${report.charts.join(', ') || 'none'}${skipped.length > 0 ? `; no data for: ${skipped.join(', ')}` : ''}\n`,
  );
  if (args.open) openInBrowser(file, (message) => void process.stderr.write(`pilot report: ${message}\n`));
  return 0;
}

/**
 * `latest` is the newest run; an exact id wins; otherwise a prefix naming exactly one run.
 * Anything else is RESULTS_RUN_NOT_FOUND (from the store, with its hint).
 */
export function resolveRunId(store: ResultsStore, wanted: string): string {
  if (wanted === 'latest') {
    const newest = store.runs.listRuns()[0];
    if (newest === undefined) {
      throw new ResultsError('RESULTS_RUN_NOT_FOUND', `no runs in the results store ${store.path}, so no latest one`, {
        context: { id: wanted, path: store.path },
        hint: 'run an experiment first, or pass --results DIR for another results directory',
      });
    }
    return newest.id;
  }
  if (store.runs.getRun(wanted) !== undefined) return wanted;
  const matches = wanted === '' ? [] : store.runs.listRuns().filter((r) => r.id.startsWith(wanted));
  if (matches.length === 1) return (matches[0] as { id: string }).id;
  if (matches.length > 1) {
    throw new ResultsError('RESULTS_RUN_NOT_FOUND', `"${wanted}" is the start of ${matches.length} run ids in ${store.path}`, {
      context: { id: wanted, path: store.path, candidates: matches.map((r) => r.id) },
      hint: `name one of them: ${matches
        .slice(0, 5)
        .map((r) => r.id)
        .join(', ')}${matches.length > 5 ? ', ...' : ''}`,
    });
  }
  // The store's own error: RESULTS_RUN_NOT_FOUND with the path and the hint to list the runs.
  return store.runs.document(wanted).run.id;
}

/** Run ids are generated, but a file name must not gain directories or odd characters from one. */
function fileSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Best effort: the page is written either way, so a missing opener is a message, not a failure. */
function openInBrowser(file: string, log: (message: string) => void): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [file]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', file]] : ['xdg-open', [file]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', (error) => log(`could not open ${file} with ${command}: ${error.message}`));
  child.unref();
}
