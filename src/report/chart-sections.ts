import { formatMs, formatNumber, formatRatio, formatSeconds } from './format-figures.js';
import type { QErrorDistribution } from './qerror-distributions.js';
import type { TrialSpeedups } from './query-speedups.js';
import { NOT_SET, type SweepSurface } from './sweep-surface.js';
import type { TrialSummary } from './trial-summaries.js';

export const CHART_NAMES = ['totals', 'speedups', 'qerror', 'sweep'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

/**
 * One chart of the report: an ECharts option (plain JSON; the page adds formatters that read each
 * data item's `tip` lines and `display` text), or a note saying why there is no chart.
 */
export interface ChartSection {
  readonly name: ChartName;
  readonly title: string;
  readonly caption: string;
  readonly heightPx: number;
  readonly content: { readonly option: Readonly<Record<string, unknown>> } | { readonly note: string };
}

const COLORS = { reference: '#909399', best: '#3ba272', other: '#5470c6' } as const;

export interface ChartInputs {
  readonly summaries: readonly TrialSummary[];
  readonly speedups: readonly TrialSpeedups[];
  readonly qErrors: readonly QErrorDistribution[];
  readonly sweep: SweepSurface;
}

export function chartSections(inputs: ChartInputs): ChartSection[] {
  return [totalsChart(inputs.summaries), speedupChart(inputs.speedups), qErrorChart(inputs.qErrors), sweepChart(inputs.sweep)];
}

export function totalsChart(summaries: readonly TrialSummary[]): ChartSection {
  const base = { name: 'totals', title: 'Total execution time per trial' } as const;
  if (!summaries.some((s) => s.measured > 0)) {
    return { ...base, caption: '', heightPx: 0, content: { note: 'no totals: no query has been measured yet' } };
  }
  const references = [...new Map(summaries.filter((s) => s.isReference && s.measured > 0).map((s) => [s.trial.key, s])).values()];
  const option = {
    animation: false,
    grid: { left: 10, right: 90, top: 20, bottom: 40, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: 'total s', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'category', inverse: true, data: summaries.map((s) => s.trial.label), axisLabel: { width: 280, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: 'total s',
        barMaxWidth: 28,
        data: summaries.map((s) => ({
          value: s.totalMs / 1000,
          display: formatSeconds(s.totalMs),
          itemStyle: { color: s.isReference ? COLORS.reference : s.best ? COLORS.best : COLORS.other },
          tip: [
            s.trial.label,
            `total ${formatSeconds(s.totalMs)} s over ${s.measured} queries`,
            s.isReference ? 'reference trial' : `ratio vs ${s.reference.label}: ${formatRatio(s.ratio)}`,
            `timeouts ${s.timeouts}, errors ${s.errors}, >2x regressions ${s.regressions}`,
          ],
        })),
        label: { show: true, position: 'right' },
        // A dashed line per reference (one per database-settings combination in a sweep).
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: COLORS.reference },
          // Labels of several vertical lines overlap; the caption says what the lines are.
          label: { show: false },
          data: references.slice(0, 4).map((s) => ({ name: `reference ${s.trial.label}`, xAxis: s.totalMs / 1000 })),
        },
      },
    ],
  };
  return {
    ...base,
    caption:
      'Sum of the per-query median execution times (a timed-out query counts at its timeout). Grey bars and dashed lines: reference trials ' +
      '(the baseline with the same database settings); green: the best trial.',
    heightPx: Math.max(180, 70 + 34 * summaries.length),
    content: { option },
  };
}

export function speedupChart(speedups: readonly TrialSpeedups[]): ChartSection {
  const base = { name: 'speedups', title: 'Per-query speedup against the reference' } as const;
  const points = speedups.reduce((n, t) => n + t.queries.length, 0);
  if (speedups.length === 0) return { ...base, caption: '', heightPx: 0, content: { note: 'no speedups: every trial is its own reference (there is nothing to compare with it)' } };
  if (points === 0) return { ...base, caption: '', heightPx: 0, content: { note: 'no speedups: no query has a time under both a trial and its reference' } };
  const option = {
    animation: false,
    legend: { type: 'scroll', top: 0 },
    grid: { left: 56, right: 40, top: 50, bottom: 50, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'log', name: 'reference time (ms)', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'log', name: 'speedup (reference / trial)', nameLocation: 'middle', nameGap: 40 },
    series: speedups.map((t, index) => ({
      type: 'scatter',
      name: t.trial.label,
      symbolSize: 7,
      data: t.queries.map((q) => ({
        name: q.queryId,
        value: [q.referenceMs, q.speedup],
        tip: [
          `query ${q.queryId} (${t.trial.label})`,
          `${formatMs(q.referenceMs)} ms under ${t.reference.label}, ${formatMs(q.executionMs)} ms here`,
          `speedup x${formatNumber(q.speedup)}${q.timedOut ? ' (a side timed out: a bound)' : ''}`,
        ],
      })),
      ...(index === 0 ? { markLine: { silent: true, symbol: 'none', lineStyle: { color: COLORS.reference }, label: { formatter: 'x1' }, data: [{ yAxis: 1 }] } } : {}),
    })),
  };
  return {
    ...base,
    caption: `${points} points, one per query and trial: x is the reference trial's time, y the reference's time divided by the trial's (above 1: faster). Timed-out queries give bounds.`,
    heightPx: 440,
    content: { option },
  };
}

export function qErrorChart(distributions: readonly QErrorDistribution[]): ChartSection {
  const base = { name: 'qerror', title: 'Cardinality q-errors of the sub-plans' } as const;
  if (distributions.length === 0) {
    return { ...base, caption: '', heightPx: 0, content: { note: 'no q-error: no cardinality estimator in this run (no trial recorded sub-plan estimates)' } };
  }
  const drawn = distributions.filter((d) => d.stats.count > 0);
  if (drawn.length === 0) return { ...base, caption: '', heightPx: 0, content: { note: 'no q-error: every true sub-plan count timed out' } };
  const option = {
    animation: false,
    grid: { left: 20, right: 30, top: 30, bottom: 20, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'category', data: drawn.map((d) => d.label), axisLabel: { interval: 0, width: 180, overflow: 'truncate' } },
    yAxis: { type: 'log', name: 'q-error', min: 1 },
    series: [
      {
        type: 'boxplot',
        name: 'q-error',
        data: drawn.map((d) => ({
          name: d.label,
          value: [...d.box],
          tip: [
            d.label,
            `${d.stats.count} sub-plans${d.missingTruth > 0 ? ` (${d.missingTruth} without a true count)` : ''}`,
            `median ${formatNumber(d.stats.median)}, p90 ${formatNumber(d.stats.p90)}, p99 ${formatNumber(d.stats.p99)}, max ${formatNumber(d.stats.max)}`,
          ],
        })),
      },
    ],
  };
  return {
    ...base,
    caption: 'q-error = max(estimated, true) / min(estimated, true), both at least 1 row, over every sub-plan with a true count. Boxes: quartiles and median; whiskers: min and max.',
    heightPx: 380,
    content: { option },
  };
}

export function sweepChart(surface: SweepSurface): ChartSection {
  const base = { name: 'sweep', title: 'Sweep: objective over the swept values' } as const;
  if (surface.kind === 'none') return { ...base, caption: '', heightPx: 0, content: { note: `no sweep chart: ${surface.reason}` } };
  if (surface.kind === 'line') {
    const byValue = new Map(surface.points.map((p) => [p.value, p]));
    const option = {
      animation: false,
      grid: { left: 20, right: 30, top: 40, bottom: 40, containLabel: true },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'category', name: surface.dimension.name, nameLocation: 'middle', nameGap: 28, data: surface.dimension.values },
      yAxis: { type: 'value', name: 'objective (lower is better)', scale: true },
      series: [
        {
          type: 'bar',
          name: 'objective',
          barMaxWidth: 40,
          label: { show: true, position: 'top' },
          data: surface.dimension.values.map((value) => {
            const p = byValue.get(value);
            return p === undefined ? null : { value: p.objective, display: formatNumber(p.objective), tip: [`${surface.dimension.name}=${value}`, `objective ${formatNumber(p.objective)}`, ...p.trials] };
          }),
        },
      ],
    };
    return { ...base, caption: `The objective (lower is better) for each value of ${surface.dimension.name}, the only swept dimension; the lowest over the trials with that value.`, heightPx: 340, content: { option } };
  }
  const objectives = surface.cells.map((c) => c.objective);
  const min = Math.min(...objectives);
  const max = Math.max(...objectives);
  const option = {
    animation: false,
    grid: { left: 20, right: 30, top: 30, bottom: 70, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'category', name: surface.x.name, nameLocation: 'middle', nameGap: 28, data: surface.x.values, splitArea: { show: true } },
    yAxis: { type: 'category', name: surface.y.name, data: surface.y.values, splitArea: { show: true } },
    visualMap: {
      min,
      max: max > min ? max : min + 1,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      text: ['worse', 'better'],
      precision: 3,
      // Lower is better: green at the low end.
      inRange: { color: ['#1a9850', '#fee08b', '#d73027'] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'objective',
        label: { show: true },
        data: surface.cells.map((c) => ({
          value: [surface.x.values.indexOf(c.x), surface.y.values.indexOf(c.y), c.objective],
          display: formatNumber(c.objective),
          tip: [`${surface.x.name}=${c.x}, ${surface.y.name}=${c.y}`, `objective ${formatNumber(c.objective)}`, ...c.trials],
        })),
      },
    ],
  };
  const folded =
    surface.aggregatedOver.length === 0
      ? ''
      : ` The run also swept ${surface.aggregatedOver.join(', ')}: each cell is the minimum over ${surface.aggregatedOver.length === 1 ? 'it' : 'them'}.`;
  const unset = [surface.x, surface.y].some((d) => d.values.includes(NOT_SET)) ? ` ${NOT_SET}: trials without that parameter or setting (such as the baselines).` : '';
  return {
    ...base,
    caption: `The objective (lower is better) over ${surface.x.name} × ${surface.y.name}.${folded} Empty cells had no finished trial.${unset}`,
    heightPx: Math.max(300, 140 + 44 * surface.y.values.length),
    content: { option },
  };
}
