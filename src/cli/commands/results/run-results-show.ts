import type { QueryMeasurement, RunDocument, RunEnvironment, TrialRecord } from '../../../results/index.js';
import { formatFields, formatTable } from '../dataset/format-table.js';
import { bestTrial, type BestTrial } from './best-trial.js';
import type { ResultsShowArgs } from './command-object.js';
import { formatDuration, formatNumber, formatObjective, formatSeconds, formatTime, numberField, objectiveKind } from './results-format.js';
import { openExistingStore, resolveRun, resultsStoreFile } from './results-store-access.js';

/** One trial as `show` reports it: the stored record plus what its measurements add. */
export interface TrialView {
  readonly trial: TrialRecord;
  /** Queries measured so far. */
  readonly measured: number;
  readonly timeouts: number;
  readonly errors: number;
  /** The trial's totals.totalMs, else the sum of its measured queries (timeouts at the timeout). */
  readonly totalMs: number | null;
  readonly best: boolean;
}

/** `pilot results show <run|latest>`: the run header with its environment, then one line per trial. */
export async function runResultsShow(args: ResultsShowArgs, out: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const file = resultsStoreFile(args.results);
  const store = openExistingStore(file);
  try {
    const run = resolveRun(store, args.run, file);
    const doc = store!.runs.document(run.id);
    const best = bestTrial(doc.run, doc.trials);
    const views = trialViews(doc, best);
    if (args.json) {
      out(
        `${JSON.stringify(
          { run: doc.run, best, trials: views.map((v) => ({ ...v.trial, measured: v.measured, timeouts: v.timeouts, errors: v.errors, totalMs: v.totalMs, best: v.best })) },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    out(formatShow(doc, views, best));
    return 0;
  } finally {
    store?.close();
  }
}

export function trialViews(doc: RunDocument, best: BestTrial | null): TrialView[] {
  const byTrial = new Map<string, QueryMeasurement[]>();
  for (const m of doc.measurements) {
    const list = byTrial.get(m.trialKey);
    if (list === undefined) byTrial.set(m.trialKey, [m]);
    else list.push(m);
  }
  return doc.trials.map((trial) => {
    const measured = byTrial.get(trial.key) ?? [];
    const summed = measured.reduce((sum, m) => sum + (m.executionMs ?? 0), 0);
    return {
      trial,
      measured: measured.length,
      timeouts: measured.filter((m) => m.status === 'timeout').length,
      errors: measured.filter((m) => m.status === 'error').length,
      totalMs: numberField(trial.totals, 'totalMs') ?? (measured.length > 0 ? summed : null),
      best: best !== null && (best.key !== null ? best.key === trial.key : best.label === trial.label),
    };
  });
}

function formatShow(doc: RunDocument, views: readonly TrialView[], best: BestTrial | null): string {
  const { run } = doc;
  const objective = objectiveKind(run.config, run.summary);
  const failure = run.summary?.error;
  const header: [string, string][] = [
    ['run', run.id],
    ['kind', run.kind],
    ['name', run.name],
    ['status', run.status],
    ['dataset', run.trainDataset === run.dataset ? run.dataset : `${run.dataset} (models trained on ${run.trainDataset})`],
    ['started', `${formatTime(run.startedAt)} UTC`],
    ['finished', run.finishedAt === null ? '-' : `${formatTime(run.finishedAt)} UTC (${formatDuration(run.startedAt, run.finishedAt)})`],
    ['config hash', run.configHash],
    ['objective', objective ?? '-'],
    ['best', best === null ? '-' : `${best.label} (objective ${formatObjective(best.objective, objective)})`],
    ...(typeof failure === 'string' ? [['error', failure] as [string, string]] : []),
  ];
  const lines = [formatFields(header), '', 'environment', indent(formatFields(environmentFields(run.environment))), ''];
  if (views.length === 0) {
    lines.push('no trials yet', '');
  } else {
    lines.push(
      formatTable(
        ['', '#', 'trial', 'status', 'queries', 'timeouts', 'errors', 'total s', 'ratio', 'regressions', 'objective'],
        views.map((v) => [
          v.best ? '*' : '',
          String(v.trial.index),
          v.trial.label,
          v.trial.status,
          String(v.measured),
          String(v.timeouts),
          String(v.errors),
          formatSeconds(v.totalMs),
          formatNumber(numberField(v.trial.totals, 'ratio')),
          formatNumber(numberField(v.trial.totals, 'regressions')),
          formatObjective(v.trial.objective, objective),
        ]),
        [1, 4, 5, 6, 7, 8, 9, 10],
      ).trimEnd(),
    );
    if (best !== null) lines.push('* best (lowest objective)');
    for (const v of views) if (v.trial.error !== null) lines.push(`trial ${v.trial.index} (${v.trial.label}): ${v.trial.error}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/** Defensive about missing fields: the environment is stored as JSON, possibly by another version. */
function environmentFields(env: Partial<RunEnvironment>): [string, string][] {
  const text = (value: unknown, absent = '-') => (value === null || value === undefined || value === '' ? absent : String(value));
  const tf = text(env.tfBackend);
  return [
    ['pilot', text(env.pilot)],
    ['node', text(env.node)],
    ['platform', text(env.platform)],
    ['cpu', `${text(env.cpus)} x ${text(env.cpuModel)}`],
    ['host', text(env.host)],
    ['postgres', text(env.postgres)],
    ['pg_pilot', text(env.pgPilot, 'absent')],
    ['pg_strom', text(env.pgStrom, 'absent')],
    ['tfjs', env.tfDetail && env.tfDetail !== env.tfBackend ? `${tf} (${env.tfDetail})` : tf],
    ['gpu', text(env.gpu, 'none')],
  ];
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}
