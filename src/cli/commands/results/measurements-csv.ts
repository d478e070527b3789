import type { QueryMeasurement, RunDocument, TrialRecord } from '../../../results/index.js';

/** The columns of `pilot results export --format csv`, one row per query measurement. */
export const MEASUREMENT_CSV_COLUMNS = [
  'run_id',
  'trial_key',
  'trial_label',
  'algorithm',
  'params',
  'db_settings',
  'query_id',
  'seq',
  'status',
  'execution_ms',
  'planning_ms',
  'inference_ms',
  'runs_ms',
  'plan_signature',
  'sql',
  'error',
] as const;

/** RFC 4180 line break, also used between records. */
const CRLF = '\r\n';

/** One field, quoted (quotes doubled) when it holds a comma, a quote, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The run's measurements with a header row, in workload order and, within a query, in grid
 * order (the store sorts by trial key, a hash); params and settings as JSON.
 */
export function measurementsCsv(doc: RunDocument): string {
  const trials = new Map<string, TrialRecord>(doc.trials.map((t) => [t.key, t]));
  const gridIndex = (m: QueryMeasurement) => trials.get(m.trialKey)?.index ?? Number.MAX_SAFE_INTEGER;
  const ordered = [...doc.measurements].sort((a, b) => a.seq - b.seq || gridIndex(a) - gridIndex(b) || (a.trialKey < b.trialKey ? -1 : a.trialKey > b.trialKey ? 1 : 0));
  const lines = [MEASUREMENT_CSV_COLUMNS.join(',')];
  for (const m of ordered) lines.push(measurementRow(m, trials.get(m.trialKey)).map(csvField).join(','));
  return `${lines.join(CRLF)}${CRLF}`;
}

function measurementRow(m: QueryMeasurement, trial: TrialRecord | undefined): string[] {
  const number = (value: number | null) => (value === null ? '' : String(value));
  return [
    m.runId,
    m.trialKey,
    trial?.label ?? '',
    trial?.algorithm ?? '',
    trial === undefined ? '' : JSON.stringify(trial.params),
    trial === undefined ? '' : JSON.stringify(trial.dbSettings),
    m.queryId,
    String(m.seq),
    m.status,
    number(m.executionMs),
    number(m.planningMs),
    number(m.inferenceMs),
    m.runsMs.join(';'),
    m.planSignature ?? '',
    m.sql,
    m.error ?? '',
  ];
}
