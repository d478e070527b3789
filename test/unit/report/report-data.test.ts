import assert from 'node:assert/strict';
import {
  bestTrialKey,
  MIN_MS,
  NOT_SET,
  qErrorDistributions,
  quantile,
  querySpeedups,
  referenceTrials,
  summarizeTrials,
  sweepSurface,
  sweptDimensions,
} from '../../../src/report/index.js';
import { doc, measured, rows, trial } from './run-document-fixture.js';

describe('report data: reference trials', () => {
  it('takes the baseline with the same database settings, whatever their key order', () => {
    const trials = [
      trial('mscn-a', 0, { dbSettings: { work_mem: '4MB', jit: 'off' } }),
      trial('base-b', 1, { algorithm: 'baseline', dbSettings: { work_mem: '64MB', jit: 'off' } }),
      trial('base-a', 2, { algorithm: 'baseline', dbSettings: { jit: 'off', work_mem: '4MB' } }),
      trial('mscn-b', 3, { dbSettings: { jit: 'off', work_mem: '64MB' } }),
    ];
    const refs = referenceTrials(trials);
    assert.equal(refs.get('mscn-a')?.key, 'base-a');
    assert.equal(refs.get('mscn-b')?.key, 'base-b');
    assert.equal(refs.get('base-a')?.key, 'base-a');
  });

  it('falls back to the first baseline when none has those settings, and to the first trial without baselines', () => {
    const trials = [trial('lero', 0), trial('mscn', 1), trial('base', 2, { algorithm: 'baseline', dbSettings: { work_mem: '1GB' } })];
    const refs = referenceTrials(trials);
    assert.equal(refs.get('mscn')?.key, 'base');
    assert.equal(refs.get('lero')?.key, 'base');
    assert.equal(refs.get('base')?.key, 'base');
    const noBaseline = referenceTrials(trials.slice(0, 2));
    assert.equal(noBaseline.get('mscn')?.key, 'lero');
    assert.equal(noBaseline.get('lero')?.key, 'lero');
  });
});

describe('report data: per-query speedups', () => {
  const base = trial('base', 0, { algorithm: 'baseline' });
  const mscn = trial('mscn', 1);

  it('pairs queries with the reference: speedup = reference / trial; errors left out; timeouts flagged; 0 ms clamped', () => {
    const d = doc(
      [base, mscn],
      [
        measured('base', 0, 100),
        measured('mscn', 0, 50),
        measured('base', 1, 10),
        measured('mscn', 1, 40),
        measured('base', 2, 20),
        measured('mscn', 2, null),
        measured('base', 3, 30_000, { status: 'timeout' }),
        measured('mscn', 3, 300),
        measured('base', 4, 0),
        measured('mscn', 4, 2),
        // Measured under the trial only: nothing to compare with.
        measured('mscn', 5, 7),
      ],
    );
    const [result, ...others] = querySpeedups(d);
    assert.equal(others.length, 0, 'the reference gets no speedups of its own');
    assert.equal(result?.trial.key, 'mscn');
    assert.equal(result?.reference.key, 'base');
    assert.deepEqual(
      result?.queries.map((q) => [q.queryId, q.speedup, q.timedOut]),
      [
        ['q0', 2, false],
        ['q1', 0.25, false],
        ['q3', 100, true],
        ['q4', MIN_MS / 2, false],
      ],
    );
  });
});

describe('report data: trial summaries', () => {
  it('totals, ratio over the paired queries, >2x regressions, timeouts and errors from the measurements', () => {
    const d = doc(
      [trial('base', 0, { algorithm: 'baseline', objective: 5 }), trial('mscn', 1, { objective: 4 }), trial('lero', 2, { objective: 6 })],
      [
        measured('base', 0, 100),
        measured('base', 1, 100),
        measured('base', 2, 100),
        measured('mscn', 0, 50),
        measured('mscn', 1, 250),
        measured('mscn', 2, 1000, { status: 'timeout' }),
        measured('lero', 0, 90),
        measured('lero', 1, null),
        measured('lero', 2, 110),
      ],
    );
    const [base, mscn, lero] = summarizeTrials(d);
    assert.deepEqual([base?.isReference, base?.totalMs, base?.ratio, base?.regressions], [true, 300, 1, 0]);
    assert.equal(mscn?.totalMs, 1300);
    assert.equal(mscn?.ratio, 1300 / 300);
    assert.equal(mscn?.regressions, 2, '250 vs 100 and the 1000 ms timeout vs 100');
    assert.equal(mscn?.timeouts, 1);
    assert.equal(lero?.errors, 1);
    // The failed query is left out of both sides of the ratio.
    assert.equal(lero?.ratio, 200 / 200);
    assert.equal(lero?.totalMs, 200);
    assert.deepEqual(
      [base, mscn, lero].map((s) => s?.best),
      [false, true, false],
      'the lowest objective wins',
    );
  });

  it('the best trial: the one the run summary names, else the lowest objective of a finished trial, baselines included', () => {
    const trials = [
      trial('base', 0, { algorithm: 'baseline', objective: 1 }),
      trial('mscn', 1, { objective: 3 }),
      trial('lero', 2, { objective: 2 }),
      trial('running', 3, { objective: 0.5, status: 'trained' }),
    ];
    const measurements = trials.map((t) => measured(t.key, 0, 10));
    const best = (summary: Record<string, unknown> | null) => summarizeTrials(doc(trials, measurements, { summary })).find((s) => s.best)?.trial.key;
    assert.equal(best(null), 'base', 'PostgreSQL beating every learned trial is an answer; an unfinished trial does not count');
    assert.equal(best({ best: { key: 'mscn', label: 'mscn', objective: 3 } }), 'mscn');
        assert.equal(best({ best: { key: 'gone' } }), 'base', 'a key naming no trial is ignored');
    const baselinesOnly = trials.slice(0, 1).concat(trial('base2', 1, { algorithm: 'baseline', objective: 0.9, dbSettings: { jit: 'on' } }));
    assert.equal(bestTrialKey(summarizeTrials(doc(baselinesOnly, []))), 'base2', 'baselines when nothing else has an objective');
  });

  it('without objectives the best trial is the lowest ratio; a trial without measurements has no ratio', () => {
    const d = doc(
      [trial('base', 0, { algorithm: 'baseline' }), trial('slow', 1), trial('fast', 2), trial('empty', 3)],
      [measured('base', 0, 100), measured('slow', 0, 120), measured('fast', 0, 80)],
    );
    const summaries = summarizeTrials(d);
    assert.equal(summaries.find((s) => s.best)?.trial.key, 'fast');
    assert.equal(summaries[3]?.ratio, null);
    assert.equal(summaries[3]?.measured, 0);
    assert.equal(bestTrialKey([]), null);
  });
});

describe('report data: q-error distributions', () => {
  it('q-errors with both sides clamped to 1, truth-less sub-plans counted apart, trials without rows left out', () => {
    const d = doc(
      [trial('base', 0, { algorithm: 'baseline' }), trial('mscn', 1), trial('lero', 2, { algorithm: 'lero' })],
      [
        measured('base', 0, 10, { subplanRows: rows({ u: [10, 100], 'p u': [0, 0], 'c p u': [50, null] }) }),
        measured('base', 1, 10, { subplanRows: rows({ u: [300, 100] }) }),
        measured('mscn', 0, 10, { subplanRows: rows({ u: [100, 100], 'p u': [4, 1] }) }),
        measured('lero', 0, 10),
      ],
    );
    const [base, mscn, ...rest] = qErrorDistributions(d);
    assert.equal(rest.length, 0, 'lero recorded no sub-plan rows');
    assert.equal(base?.label, "base (PostgreSQL's estimates)");
    assert.equal(base?.stats.count, 3);
    assert.equal(base?.missingTruth, 1);
    // Sorted q-errors 1, 3, 10: quartiles interpolate between ranks.
    assert.deepEqual(base?.box, [1, 2, 3, 6.5, 10]);
    assert.equal(mscn?.label, 'mscn');
    assert.deepEqual(mscn?.box, [1, 1.75, 2.5, 3.25, 4]);
  });

  it('quantile of an empty list is NaN', () => {
    assert.ok(Number.isNaN(quantile([], 0.5)));
    assert.equal(quantile([7], 0.25), 7);
  });
});

describe('report data: sweep surface', () => {
  const mscn = (key: string, index: number, epochs: number, lr: number, workMem: string, objective: number | null) =>
    trial(key, index, { label: `mscn epochs=${epochs} lr=${lr} db.work_mem=${workMem}`, params: { epochs, lr, hidden: 64 }, dbSettings: { work_mem: workMem }, objective });

  it('says why there is nothing to draw', () => {
    assert.deepEqual(sweepSurface([trial('a', 0)]), { kind: 'none', reason: 'no trial has an objective yet' });
    const byAlgorithm = sweepSurface([trial('a', 0, { algorithm: 'baseline', objective: 1 }), trial('b', 1, { params: { epochs: 5 }, objective: 2 })]);
    assert.deepEqual(byAlgorithm, { kind: 'none', reason: 'not a sweep: the trials differ only by algorithm' });
    const same = sweepSurface([trial('a', 0, { params: { epochs: 5 }, objective: 1 }), trial('b', 1, { params: { epochs: 5 }, objective: 2 })]);
    assert.equal(same.kind, 'none');
  });

  it('one swept dimension: a point per value in numeric order, the lowest objective of its trials', () => {
    const s = sweepSurface([
      trial('a', 0, { params: { epochs: 100 }, objective: 3 }),
      trial('b', 1, { params: { epochs: 20 }, objective: 5 }),
      trial('c', 2, { params: { epochs: 100 }, objective: 2 }),
    ]);
    assert.equal(s.kind, 'line');
    if (s.kind !== 'line') return;
    assert.deepEqual(s.dimension, { name: 'epochs', values: ['20', '100'] });
    assert.deepEqual(
      s.points.map((p) => [p.value, p.objective, p.trials]),
      [
        ['20', 5, ['b']],
        ['100', 2, ['c', 'a']],
      ],
    );
  });

  it('two dimensions: a heatmap cell per combination, baselines under (none)', () => {
    const trials = [
      trial('b4', 0, { algorithm: 'baseline', dbSettings: { work_mem: '4MB' }, objective: 10 }),
      trial('b64', 1, { algorithm: 'baseline', dbSettings: { work_mem: '64MB' }, objective: 9 }),
      trial('e1-4', 2, { params: { epochs: 1 }, dbSettings: { work_mem: '4MB' }, objective: 8 }),
      trial('e1-64', 3, { params: { epochs: 1 }, dbSettings: { work_mem: '64MB' }, objective: 7 }),
      trial('e2-4', 4, { params: { epochs: 2 }, dbSettings: { work_mem: '4MB' }, objective: 6 }),
    ];
    const s = sweepSurface(trials);
    assert.equal(s.kind, 'heatmap');
    if (s.kind !== 'heatmap') return;
    assert.deepEqual(s.x, { name: 'epochs', values: [NOT_SET, '1', '2'] });
    assert.deepEqual(s.y, { name: 'db.work_mem', values: ['4MB', '64MB'] });
    assert.deepEqual(s.aggregatedOver, []);
    assert.deepEqual(
      s.cells.map((c) => [c.x, c.y, c.objective]),
      [
        [NOT_SET, '4MB', 10],
        ['1', '4MB', 8],
        ['2', '4MB', 6],
        [NOT_SET, '64MB', 9],
        ['1', '64MB', 7],
      ],
      'epochs=2 with 64MB did not finish: no cell',
    );
  });

  it('more than two dimensions: the two with most values, each cell the minimum over the others', () => {
    const trials = [
      mscn('a', 0, 10, 0.1, '4MB', 5),
      mscn('b', 1, 10, 0.01, '4MB', 3),
      mscn('c', 2, 20, 0.1, '4MB', 4),
      mscn('d', 3, 20, 0.01, '64MB', 6),
      mscn('e', 4, 30, 0.1, '64MB', 1),
      mscn('f', 5, 30, 0.01, '4MB', 2),
      mscn('g', 6, 30, 0.001, '4MB', 8),
      mscn('h', 7, 30, 0.001, '4MB', null),
    ];
    assert.deepEqual(
      sweptDimensions(trials.filter((t) => t.objective !== null)).map((d) => [d.name, d.values]),
      [
        ['epochs', ['10', '20', '30']],
        ['lr', ['0.001', '0.01', '0.1']],
        ['db.work_mem', ['4MB', '64MB']],
      ],
      'hidden is the same everywhere: not swept',
    );
    const s = sweepSurface(trials);
    assert.equal(s.kind, 'heatmap');
    if (s.kind !== 'heatmap') return;
    assert.equal(s.x.name, 'epochs');
    assert.equal(s.y.name, 'lr');
    assert.deepEqual(s.aggregatedOver, ['db.work_mem']);
    const cell = (x: string, y: string) => s.cells.find((c) => c.x === x && c.y === y);
    assert.equal(cell('10', '0.01')?.objective, 3);
    assert.equal(cell('30', '0.1')?.objective, 1);
    assert.equal(cell('30', '0.001')?.objective, 8);
    assert.equal(cell('20', '0.001'), undefined);
    assert.equal(s.cells.length, 7);
  });
});
