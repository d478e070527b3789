import type { ExperimentOutcome } from '../../../experiment/scheduler/experiment-scheduler.js';
import type { TrialTotals } from '../../../experiment/scheduler/trial-totals.js';
import type { ExperimentSpec } from '../../../experiment/spec/experiment-spec.js';
import { referenceFor, type QueryMeasurement, type TrialRecord } from '../../../results/index.js';
import { shortPath } from '../algo/model-location.js';
import { formatTable } from '../dataset/format-table.js';

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const figure = (v: number) => (v >= 1000 ? v.toExponential(1) : v.toFixed(2));
const totalsOf = (trial: TrialRecord) => trial.totals as unknown as TrialTotals | null;

/** The comparison table, the q-error table when there are estimates, and the best configuration. */
export function formatExperimentOutcome(spec: ExperimentSpec, outcome: ExperimentOutcome, files: readonly string[], measurements: readonly QueryMeasurement[]): string {
  const { run, trials, best } = outcome;
  const env = run.environment;
  let text = `\n${run.name}: run ${run.id}${outcome.resumed ? ' (resumed)' : ''}\n`;
  text += `${outcome.queries} ${spec.workload.name} queries of ${run.dataset}${run.trainDataset !== run.dataset ? `, models trained on ${run.trainDataset}` : ''}; `;
  text += `${spec.measurement.warmups} warm-up + median of ${spec.measurement.repetitions} timed runs per query, timeout ${spec.measurement.timeoutMs} ms; tfjs ${env.tfBackend}; ${env.postgres.split(' on ')[0]}\n`;
  const rows = trials.map((t) => {
    const totals = totalsOf(t);
    const isReference = totals !== null && totals.reference === t.label;
    const mark = best !== null && t.key === best.key ? '*' : '';
    if (t.status !== 'finished' || totals === null) return [`${mark}${t.label}`, t.status, '-', '-', '-', '-', '-', '-', '-', '-', t.error ?? '-'];
    return [
      `${mark}${t.label}`,
      t.status,
      seconds(totals.totalMs),
      isReference ? '1.000' : totals.ratio.toFixed(3),
      isReference ? '-' : `${((1 - totals.ratio) * 100).toFixed(1)}%`,
      isReference ? '-' : String(totals.regressions),
      totals.worst === null ? '-' : `${totals.worst.ratio.toFixed(2)}x (${totals.worst.queryId})`,
      String(totals.timeouts),
      String(totals.errors),
      Number.isNaN(totals.medianInferenceMs) ? '-' : totals.medianInferenceMs.toFixed(2),
      t.objective === null ? '-' : spec.objective === 'time' ? `${seconds(t.objective)} s` : figure(t.objective),
    ];
  });
  text += formatTable(['trial', 'status', 'total s', 'ratio', 'saved', '>2x slower', 'worst query', 'timeouts', 'errors', 'decide ms', `objective (${spec.objective})`], rows, [2, 3, 4, 5, 7, 8, 9]);
  text += perQueryTable(trials, measurements);
  const qrows = trials.flatMap((t) => {
    const q = totalsOf(t)?.qerror;
    return q === null || q === undefined ? [] : [[t.algorithm === 'baseline' ? `${t.label} (PostgreSQL)` : t.label, String(q.count), figure(q.median), figure(q.p90), figure(q.p99), figure(q.max)]];
  });
  if (qrows.length > 0) {
    text += `\nsub-plan q-error on the workload (true cardinalities collected once, cached):\n`;
    text += formatTable(['trial', 'sub-plans', 'median', 'p90', 'p99', 'max'], qrows, [1, 2, 3, 4, 5]);
  }
  const failed = trials.filter((t) => t.status === 'failed');
  for (const t of failed) text += `\ntrial "${t.label}" failed: ${t.error ?? 'unknown error'}\n`;
  if (best !== null) {
    text += `\nbest configuration (* above, lowest ${spec.objective === 'time' ? 'total time' : 'median q-error'}): ${best.label}${best.algorithm === 'baseline' && trials.some((t) => t.algorithm !== 'baseline') ? " (PostgreSQL's own optimizer beat every learned trial)" : ''}\n`;
    text += `  params ${JSON.stringify(best.params)}\n`;
    if (Object.keys(spec.db).length > 0) text += `  database settings ${Object.keys(best.dbSettings).length > 0 ? JSON.stringify(best.dbSettings) : "the server's own (none of the swept values beat them)"}\n`;
  }
  text += `\nsaved ${files.map(shortPath).join(', ')} and the results store (\`pilot results show ${run.id}\`, \`pilot report ${run.id}\`)\n`;
  return text;
}

export function outcomeJson(outcome: ExperimentOutcome) {
  return {
    run: outcome.run,
    queries: outcome.queries,
    resumed: outcome.resumed,
    best: outcome.best,
    trials: outcome.trials.map((t) => ({ key: t.key, label: t.label, algorithm: t.algorithm, params: t.params, dbSettings: t.dbSettings, status: t.status, objective: t.objective, totals: t.totals, error: t.error, modelDir: t.modelDir })),
  };
}

/** Shown in full up to this many queries; beyond, the largest changes either way. */
const ALL_QUERIES_UP_TO = 40;
const LARGEST_CHANGES = 8;

/**
 * Per-query times (ms, the median of the timed runs) of every finished trial, with each trial's
 * ratio to its reference: the whole workload when it is short, else the queries whose time
 * changed most under some trial (`pilot results export` has all of them).
 */
function perQueryTable(trials: readonly TrialRecord[], measurements: readonly QueryMeasurement[]): string {
  const shown = trials.filter((t) => t.status === 'finished');
  if (shown.length === 0) return '';
  const byQuery = new Map<string, Map<string, QueryMeasurement>>();
  for (const m of measurements) {
    const runs = byQuery.get(m.queryId) ?? new Map<string, QueryMeasurement>();
    byQuery.set(m.queryId, runs);
    runs.set(m.trialKey, m);
  }
  const references = new Map(shown.map((t) => [t.key, referenceFor(t, trials).key]));
  const ratio = (trial: TrialRecord, runs: Map<string, QueryMeasurement>): number | null => {
    const own = runs.get(trial.key)?.executionMs;
    const ref = runs.get(references.get(trial.key) as string)?.executionMs;
    return own === undefined || own === null || ref === undefined || ref === null || ref <= 0 ? null : own / ref;
  };
  let queries = [...byQuery.keys()];
  let heading = `per-query time (ms; x: ratio to the reference):`;
  if (queries.length > ALL_QUERIES_UP_TO) {
    const extreme = (id: string) => Math.max(...shown.map((t) => Math.abs(Math.log(ratio(t, byQuery.get(id) as Map<string, QueryMeasurement>) ?? 1))));
    queries = queries.sort((a, b) => extreme(b) - extreme(a)).slice(0, LARGEST_CHANGES * 2);
    heading = `per-query time (ms; x: ratio to the reference) of the ${queries.length} queries that changed most (\`pilot results export\` has every query):`;
  }
  const rows = queries.map((id) => {
    const runs = byQuery.get(id) as Map<string, QueryMeasurement>;
    return [
      id,
      ...shown.map((t) => {
        const m = runs.get(t.key);
        if (m === undefined) return '-';
        if (m.status !== 'ok') return m.status;
        const r = ratio(t, runs);
        const isReference = references.get(t.key) === t.key;
        return `${(m.executionMs as number).toFixed(1)}${isReference || r === null ? '' : ` x${r.toFixed(2)}`}`;
      }),
    ];
  });
  return `\n${heading}\n${formatTable(['query', ...shown.map((t) => t.label)], rows, shown.map((_, i) => i + 1))}`;
}
