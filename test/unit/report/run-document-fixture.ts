import type { QueryMeasurement, RunDocument, RunEnvironment, SubplanRows, TrialRecord } from '../../../src/results/index.js';

/** In-memory run documents for the report's pure functions (the integration test goes through the store). */

export const ENV: RunEnvironment = {
  pilot: '0.1.0',
  node: 'v20.19.0',
  platform: 'linux 6.1.0 x64',
  cpus: 2,
  cpuModel: 'Test CPU',
  host: 'unit',
  postgres: 'PostgreSQL 15.8',
  pgPilot: '1.0',
  pgStrom: null,
  tfBackend: 'cpu',
  tfDetail: 'cpu',
  gpu: null,
};

export function trial(key: string, index: number, extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    runId: 'r',
    key,
    index,
    label: key,
    algorithm: 'mscn',
    params: {},
    dbSettings: {},
    modelDir: null,
    status: 'finished',
    objective: null,
    totals: null,
    error: null,
    startedAt: null,
    finishedAt: null,
    ...extra,
  };
}

export function measured(trialKey: string, seq: number, executionMs: number | null, extra: Partial<QueryMeasurement> = {}): QueryMeasurement {
  return {
    runId: 'r',
    trialKey,
    queryId: `q${seq}`,
    seq,
    sql: `SELECT COUNT(*) FROM users u WHERE u.id > ${seq}`,
    status: executionMs === null ? 'error' : 'ok',
    executionMs,
    runsMs: executionMs === null ? [] : [executionMs],
    planningMs: null,
    inferenceMs: 0,
    planSignature: null,
    plan: null,
    injected: null,
    subplanRows: null,
    error: executionMs === null ? 'failed' : null,
    measuredAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

export function rows(entries: Record<string, [number, number | null]>): Record<string, SubplanRows> {
  return Object.fromEntries(Object.entries(entries).map(([k, [estimated, truth]]) => [k, { estimated, truth }]));
}

export function doc(trials: readonly TrialRecord[], measurements: readonly QueryMeasurement[], extra: Partial<RunDocument['run']> = {}): RunDocument {
  return {
    run: {
      id: 'r',
      kind: 'test',
      name: 'unit run',
      dataset: 'builtin',
      trainDataset: 'builtin',
      config: {},
      configHash: 'h',
      environment: ENV,
      status: 'finished',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      summary: null,
      ...extra,
    },
    trials,
    measurements,
  };
}
