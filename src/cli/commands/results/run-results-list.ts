import { formatTable } from '../dataset/format-table.js';
import { bestTrial } from './best-trial.js';
import type { ResultsListArgs } from './command-object.js';
import { formatObjective, formatTime, objectiveKind } from './results-format.js';
import { NO_RUNS_HINT, openExistingStore, resultsStoreFile } from './results-store-access.js';

/** `pilot results list`: the stored runs, newest first, with their best trial. */
export async function runResultsList(args: ResultsListArgs, out: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const file = resultsStoreFile(args.results);
  const store = openExistingStore(file);
  try {
    const filter = { ...(args.kind !== undefined ? { kind: args.kind } : {}), ...(args.dataset !== undefined ? { dataset: args.dataset } : {}) };
    const rows = (store?.runs.listRuns(filter) ?? []).map((run) => {
      const trials = store!.runs.listTrials(run.id);
      return { run, trials: trials.length, best: bestTrial(run, trials) };
    });
    if (args.json) {
      out(
        `${JSON.stringify(
          rows.map(({ run, trials, best }) => ({
            id: run.id,
            kind: run.kind,
            name: run.name,
            dataset: run.dataset,
            trainDataset: run.trainDataset,
            status: run.status,
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
            trials,
            best,
          })),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    if (rows.length === 0) {
      const filtered = Object.keys(filter).length > 0;
      out(filtered ? `no runs match ${Object.entries(filter).map(([k, v]) => `--${k} ${v}`).join(' ')} in ${file}\n` : `no runs yet in ${file}\n  hint: ${NO_RUNS_HINT}\n`);
      return 0;
    }
    out(
      formatTable(
        ['id', 'kind', 'name', 'dataset', 'train dataset', 'status', 'started (UTC)', 'trials', 'best', 'objective'],
        rows.map(({ run, trials, best }) => [
          run.id,
          run.kind,
          run.name,
          run.dataset,
          run.trainDataset,
          run.status,
          formatTime(run.startedAt),
          String(trials),
          best?.label ?? '-',
          formatObjective(best?.objective, objectiveKind(run.config, run.summary)),
        ]),
        [7, 9],
      ),
    );
    return 0;
  } finally {
    store?.close();
  }
}
