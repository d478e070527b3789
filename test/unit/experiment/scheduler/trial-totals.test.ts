import assert from 'node:assert/strict';
import { trialObjective, trialQErrors, trialTotals } from '../../../../src/experiment/scheduler/trial-totals.js';
import { referenceFor, type QueryMeasurement, type TrialRecord } from '../../../../src/results/index.js';

function trial(key: string, algorithm: string, dbSettings: Record<string, string> = {}): TrialRecord {
  return { runId: 'r', key, index: 0, label: `${algorithm}${Object.entries(dbSettings).map(([k, v]) => ` db.${k}=${v}`).join('')}`, algorithm, params: {}, dbSettings, modelDir: null, status: 'finished', objective: null, totals: null, error: null, startedAt: null, finishedAt: null };
}

function measured(trialKey: string, queryId: string, executionMs: number | null, status: QueryMeasurement['status'] = 'ok', subplanRows: QueryMeasurement['subplanRows'] = null): QueryMeasurement {
  return { runId: 'r', trialKey, queryId, seq: Number(queryId.slice(1)), sql: 'SELECT 1', status, executionMs, runsMs: executionMs === null ? [] : [executionMs], planningMs: 0.5, inferenceMs: 1, planSignature: null, plan: null, injected: null, subplanRows, error: null, measuredAt: '2026-11-21T00:00:00Z' };
}

describe('trial totals and objectives', () => {
  it('the reference is the baseline with the same settings', () => {
    const trials = [trial('b1', 'baseline', { work_mem: '4MB' }), trial('b2', 'baseline', { work_mem: '64MB' }), trial('m2', 'mscn', { work_mem: '64MB' })];
    assert.equal(referenceFor(trials[2]!, trials).key, 'b2');
    assert.equal(referenceFor(trial('x', 'mscn', { work_mem: '1MB' }), trials).key, 'b1', 'any baseline when none has the same settings');
    assert.equal(referenceFor(trial('l', 'lero'), [trial('l', 'lero'), trial('m', 'mscn')]).key, 'l', 'the first trial without a baseline');
    const withPlain = [trial('p', 'baseline'), ...trials];
    assert.equal(referenceFor(withPlain[1]!, withPlain).key, 'p', 'a baseline under swept settings is compared with the server settings');
    assert.equal(referenceFor(withPlain[3]!, withPlain).key, 'b2', 'an algorithm still with the baseline of its settings');
    assert.equal(referenceFor(trial('x', 'mscn', { work_mem: '1MB' }), withPlain).key, 'p');
    assert.equal(referenceFor(trials[0]!, trials).key, 'b1', 'without a plain baseline a baseline is its own reference');
  });

  it('totals the medians against the reference, with regressions and the worst query', () => {
    const base = trial('b', 'baseline');
    const mscn = trial('m', 'mscn');
    const ms = [measured('b', 'q1', 100), measured('m', 'q1', 50), measured('b', 'q2', 10), measured('m', 'q2', 30), measured('b', 'q3', 20), measured('m', 'q3', 1000, 'timeout')];
    const totals = trialTotals(mscn, base, ms);
    assert.equal(totals.totalMs, 1080);
    assert.equal(totals.ratio, 1080 / 130);
    assert.equal(totals.regressions, 2);
    assert.deepEqual(totals.worst, { queryId: 'q3', ratio: 50 });
    assert.equal(totals.timeouts, 1);
    assert.equal(totals.queries, 3);
    assert.equal(totals.reference, 'baseline');
    const own = trialTotals(base, base, ms);
    assert.equal(own.ratio, 1);
    assert.equal(own.regressions, 0);
    assert.equal(own.worst, null);
  });

  it('objectives: time counts failures at the timeout; qerror is the median sub-plan q-error', () => {
    const ms = [measured('m', 'q1', 40), measured('m', 'q2', null, 'error'), measured('m', 'q3', 500, 'timeout')];
    assert.equal(trialObjective('time', ms, 500), 40 + 500 + 500);
    const rows = [
      measured('m', 'q1', 1, 'ok', { a: { estimated: 10, truth: 100 }, 'a b': { estimated: 50, truth: 50 } }),
      measured('m', 'q2', 1, 'ok', { a: { estimated: 4, truth: 2 }, b: { estimated: 4, truth: null } }),
    ];
    assert.deepEqual(trialQErrors(rows).sort((x, y) => x - y), [1, 2, 10]);
    assert.equal(trialObjective('qerror', rows, 500), 2);
    assert.equal(trialObjective('qerror', ms, 500), null, 'no estimates: no q-error objective');
  });
});
