/** Reports of experiment runs: one self-contained HTML page with tables and ECharts charts. */
export { buildRunReport, renderRunReport, type RenderOptions, type RunReport } from './render-run-report.js';
export { chartSections, qErrorChart, speedupChart, sweepChart, totalsChart, CHART_NAMES, type ChartInputs, type ChartName, type ChartSection } from './chart-sections.js';
export { loadChartLibrary } from './chart-library.js';
export { escapeHtml, inlineScript, scriptJson } from './html-text.js';
export { qErrorDistributions, quantile, type QErrorDistribution } from './qerror-distributions.js';
export { measurementsByTrial, pairQueries, querySpeedups, MIN_MS, type QuerySpeedup, type TrialSpeedups } from './query-speedups.js';
export { referenceTrials } from './reference-trials.js';
export { sweepSurface, sweptDimensions, NOT_SET, type SweepCell, type SweepDimension, type SweepPoint, type SweepSurface } from './sweep-surface.js';
export { bestTrialKey, summarizeTrials, REGRESSION_FACTOR, type TrialSummary } from './trial-summaries.js';
