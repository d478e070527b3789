import type { QueryMeasurement, ResultsStore, RunEnvironment, SubplanRows, TrialRecordInput } from '../../../src/results/index.js';
import { Rng } from '../../../src/util/prng.js';

/** What the report of each stored run must show; the test checks the page against these. */
export interface StoredRun {
  readonly id: string;
  readonly trials: number;
  readonly queries: number;
  /** Scatter points: per non-reference trial, queries timed under it and its reference. */
  readonly speedupPoints: number;
  readonly estimators: number;
  readonly heatmapCells: number;
}

export const EVIL = `<script>document.body.dataset.pwned = 'script'</script><img src=x onerror="document.body.dataset.pwned = 'img'">`;

const ENV: RunEnvironment = {
  pilot: '0.1.0',
  node: 'v20.19.0',
  platform: 'linux 6.1.0 x64',
  cpus: 2,
  cpuModel: 'Intel(R) Xeon(R) CPU @ 2.20GHz',
  host: 'report-test',
  postgres: 'PostgreSQL 15.8 (Debian 15.8-0+deb12u1) on x86_64-pc-linux-gnu',
  pgPilot: '1.0',
  pgStrom: null,
  tfBackend: 'wasm',
  tfDetail: 'wasm (simd, 2 threads)',
  gpu: null,
};

const TABLES = ['users u', 'posts p', 'comments c', 'votes v'];

/**
 * A comparison run (baseline, MSCN, Lero; one MSCN timeout, one Lero error, one sub-plan whose
 * true count timed out), with hostile text in a label, the run name and an SQL text.
 */
export function storeComparisonRun(store: ResultsStore, id = 'compare-1'): StoredRun {
  const queries = 12;
  store.runs.createRun({
    id,
    kind: 'test',
    name: `compare ${EVIL}`,
    dataset: 'builtin',
    trainDataset: 'builtin',
    config: { algorithms: ['baseline', 'mscn', 'lero'], workload: 'test', note: EVIL },
    configHash: `hash-${id}`,
    environment: ENV,
    startedAt: '2026-11-21T10:00:00.000Z',
  });
  const trials: TrialRecordInput[] = [
    { runId: id, key: 'k-baseline', index: 0, label: 'baseline', algorithm: 'baseline', params: {}, dbSettings: {} },
    { runId: id, key: 'k-mscn', index: 1, label: 'mscn', algorithm: 'mscn', params: { epochs: 30, hiddenUnits: 64 }, dbSettings: {} },
    { runId: id, key: 'k-lero', index: 2, label: `lero ${EVIL}`, algorithm: 'lero', params: { factors: [0.1, 10] }, dbSettings: {} },
  ];
  const rng = new Rng(7);
  const baseMs = Array.from({ length: queries }, () => 5 + rng.float() * 2000);
  const timings: Record<string, (q: number) => Pick<QueryMeasurement, 'status' | 'executionMs' | 'error'>> = {
    'k-baseline': (q) => ok(baseMs[q] as number),
    // MSCN: mostly a little faster, query 3 times out at 30 s, query 5 three times slower.
    'k-mscn': (q) => (q === 3 ? { status: 'timeout', executionMs: 30_000, error: null } : ok((baseMs[q] as number) * (q === 5 ? 3 : 0.6 + rng.float() * 0.5))),
    // Lero: query 7 fails.
    'k-lero': (q) => (q === 7 ? { status: 'error', executionMs: null, error: `plan ${EVIL} rejected` } : ok((baseMs[q] as number) * (0.4 + rng.float()))),
  };
  for (const trial of trials) {
    store.runs.ensureTrial(trial);
    let total = 0;
    for (let q = 0; q < queries; q++) {
      const timing = (timings[trial.key] as (q: number) => Pick<QueryMeasurement, 'status' | 'executionMs' | 'error'>)(q);
      total += timing.executionMs ?? 0;
      const estimates = trial.algorithm === 'lero' ? null : subplanRows(rng, 2 + (q % 3), trial.algorithm === 'baseline' ? 30 : 4, q === 0);
      store.runs.putMeasurement(measurementOf(id, trial.key, q, timing, estimates));
    }
    store.runs.updateTrial(id, trial.key, { status: 'finished', objective: total / 1000, totals: { totalMs: total, reference: 'baseline' }, finishedAt: '2026-11-21T10:05:00.000Z' });
  }
  // The scheduler's summary names the best trial: the lowest objective, baselines left out.
  const best = store.runs
    .listTrials(id)
    .filter((t) => t.algorithm !== 'baseline')
    .sort((a, b) => (a.objective as number) - (b.objective as number))[0];
  store.runs.setRunStatus(id, 'finished', { queries, best: { key: best?.key, label: best?.label, objective: best?.objective } }, '2026-11-21T10:06:00.000Z');
  return { id, trials: 3, queries, speedupPoints: queries + (queries - 1), estimators: 2, heatmapCells: 0 };
}

/** Only the baseline, no sub-plan rows, no objective: every chart but the totals has no data. */
export function storeBaselineRun(store: ResultsStore, id = 'baseline-1'): StoredRun {
  store.runs.createRun({
    id,
    kind: 'test',
    name: 'baseline only',
    dataset: 'builtin',
    trainDataset: 'builtin',
    config: { algorithms: ['baseline'] },
    configHash: `hash-${id}`,
    environment: ENV,
    startedAt: '2026-11-21T11:00:00.000Z',
  });
  store.runs.ensureTrial({ runId: id, key: 'k-baseline', index: 0, label: 'baseline', algorithm: 'baseline', params: {}, dbSettings: {} });
  for (let q = 0; q < 5; q++) store.runs.putMeasurement(measurementOf(id, 'k-baseline', q, ok(10 + q), null));
  store.runs.updateTrial(id, 'k-baseline', { status: 'finished' });
  store.runs.setRunStatus(id, 'finished', undefined, '2026-11-21T11:01:00.000Z');
  return { id, trials: 1, queries: 5, speedupPoints: 0, estimators: 0, heatmapCells: 0 };
}

/**
 * MSCN epochs {10, 20} x work_mem {4MB, 64MB}, with a baseline per work_mem as the sweep adds
 * them: the heatmap is epochs ((none) for the baselines, 10, 20) x db.work_mem, six cells.
 */
export function storeSweepRun(store: ResultsStore, id = 'sweep-1'): StoredRun {
  const queries = 6;
  store.runs.createRun({
    id,
    kind: 'sweep',
    name: 'mscn epochs x work_mem',
    dataset: 'builtin',
    trainDataset: 'builtin',
    config: { algorithms: [{ name: 'mscn', params: { epochs: [10, 20] } }], db: { work_mem: ['4MB', '64MB'] } },
    configHash: `hash-${id}`,
    environment: ENV,
    startedAt: '2026-11-21T12:00:00.000Z',
  });
  const trials: TrialRecordInput[] = [];
  for (const workMem of ['4MB', '64MB']) {
    trials.push({ runId: id, key: `k-base-${workMem}`, index: trials.length, label: `baseline db.work_mem=${workMem}`, algorithm: 'baseline', params: {}, dbSettings: { work_mem: workMem } });
  }
  for (const epochs of [10, 20]) {
    for (const workMem of ['4MB', '64MB']) {
      trials.push({ runId: id, key: `k-${epochs}-${workMem}`, index: trials.length, label: `mscn epochs=${epochs} db.work_mem=${workMem}`, algorithm: 'mscn', params: { epochs }, dbSettings: { work_mem: workMem } });
    }
  }
  const rng = new Rng(11);
  for (const trial of trials) {
    store.runs.ensureTrial(trial);
    const speed = trial.algorithm === 'baseline' ? 1 : 1 - (trial.params.epochs as number) / 50;
    let total = 0;
    for (let q = 0; q < queries; q++) {
      const ms = (50 + 40 * q) * speed * (trial.dbSettings.work_mem === '64MB' ? 0.8 : 1) * (0.95 + 0.1 * rng.float());
      total += ms;
      store.runs.putMeasurement(measurementOf(id, trial.key, q, ok(ms), trial.algorithm === 'mscn' ? subplanRows(rng, 3, 3, false) : null));
    }
    store.runs.updateTrial(id, trial.key, { status: 'finished', objective: total / 1000 });
  }
  store.runs.setRunStatus(id, 'finished', undefined, '2026-11-21T12:10:00.000Z');
  return { id, trials: trials.length, queries, speedupPoints: 4 * queries, estimators: 4, heatmapCells: 6 };
}

function ok(executionMs: number): Pick<QueryMeasurement, 'status' | 'executionMs' | 'error'> {
  return { status: 'ok', executionMs, error: null };
}

function measurementOf(
  runId: string,
  trialKey: string,
  q: number,
  timing: Pick<QueryMeasurement, 'status' | 'executionMs' | 'error'>,
  subplans: Record<string, SubplanRows> | null,
): QueryMeasurement {
  const tables = TABLES.slice(0, 2 + (q % 3));
  const ms = timing.executionMs;
  return {
    runId,
    trialKey,
    queryId: `q${q + 1}`,
    seq: q,
    // Query 2's text carries markup, as a string literal may.
    sql: `SELECT COUNT(*) FROM ${tables.join(', ')} WHERE u.reputation > ${q * 10}${q === 1 ? ` AND u.displayname <> '${EVIL.replace(/'/g, "''")}'` : ''}`,
    ...timing,
    runsMs: ms === null ? [] : [ms, ms * 1.02, ms * 0.99],
    planningMs: timing.status === 'error' ? null : 0.8,
    inferenceMs: 1.5,
    planSignature: timing.status === 'error' ? null : `sig-${q}`,
    plan: null,
    injected: subplans === null ? null : Object.fromEntries(Object.entries(subplans).map(([k, v]) => [k, v.estimated])),
    subplanRows: subplans,
    measuredAt: '2026-11-21T10:01:00.000Z',
  };
}

/** Sub-plans of a chain of `relations` tables; estimates off by up to `spread` times either way. */
function subplanRows(rng: Rng, relations: number, spread: number, truthTimedOut: boolean): Record<string, SubplanRows> {
  const aliases = ['c', 'p', 'u', 'v'].slice(0, relations);
  const rows: Record<string, SubplanRows> = {};
  for (let size = 1; size <= relations; size++) {
    const key = aliases.slice(0, size).sort().join(' ');
    const truth = Math.round(10 ** (1 + rng.float() * 4));
    const factor = spread ** (rng.float() * 2 - 1);
    rows[key] = { estimated: Math.max(1, Math.round(truth * factor)), truth: truthTimedOut && size === relations ? null : truth };
  }
  return rows;
}
