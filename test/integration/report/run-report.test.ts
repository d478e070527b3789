import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { run as runCli } from '../../../src/cli/main.js';
import { runReport } from '../../../src/cli/commands/report/run-report.js';
import { isPilotError } from '../../../src/errors/index.js';
import { ResultsStore } from '../../../src/results/index.js';
import { EVIL, storeBaselineRun, storeComparisonRun, storeSweepRun, type StoredRun } from './stored-runs.js';

const execFileAsync = promisify(execFile);

/** The page as headless Chromium leaves it once its scripts ran (Debian's chromium; scripts/setup.sh installs it). */
async function dumpDom(file: string, profile: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(
      'chromium',
      // --no-sandbox: Chromium refuses to run as root otherwise; the page is our own file.
      ['--headless=new', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--virtual-time-budget=10000', '--dump-dom', pathToFileURL(file).href],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') assert.fail('chromium is not installed: run scripts/setup.sh as root (apt-get install chromium)');
    throw error;
  }
}

/** What a chart container holds in the dumped DOM: everything up to its caption. */
function chartMarkup(dom: string, name: string): string {
  const match = new RegExp(`<div class="chart" data-chart="${name}"(.*?)<p class="caption">`, 's').exec(dom);
  assert.ok(match?.[1] !== undefined, `no container for chart ${name}`);
  return match[1];
}

function pathsOf(svg: string): string[] {
  return [...svg.matchAll(/<path ([^>]*)>/g)].map((m) => m[1] as string);
}

/** Filled rectangles drawn in plot coordinates: bars and heatmap cells (legend boxes are translated, split areas translucent). */
function drawnRects(svg: string): number {
  return pathsOf(svg).filter((p) => /d="M[-\d.]+ [-\d.]+l[-\d.]+ 0l0 [-\d.]+l[-\d.]+ 0Z"/.test(p) && !p.includes('transform=') && !p.includes('fill-opacity') && !p.includes('fill="none"')).length;
}

/** Scatter symbols: circles placed by a matrix (the legend's circles are translated). */
function scatterPoints(svg: string): number {
  return pathsOf(svg).filter((p) => p.includes('A1 1 0 1 1') && p.includes('transform="matrix(')).length;
}

/** Boxplot boxes: a closed box followed by its whisker segments in one path. */
function boxes(svg: string): number {
  return pathsOf(svg).filter((p) => /d="M[^"]*ZM[^"]*"/.test(p)).length;
}

function bodyAttribute(dom: string, name: string): string | undefined {
  return new RegExp(`<body[^>]*\\s${name}="([^"]*)"`).exec(dom)?.[1];
}

/** The DOM without its script elements (the page's own script names the attributes it sets). */
function withoutScripts(dom: string): string {
  return dom.replace(/<script[^>]*>.*?<\/script>/gs, '');
}

function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);
}

describe('pilot report, opened in headless Chromium', function () {
  this.timeout(120_000);
  let dir: string;
  let runs: { compare: StoredRun; baseline: StoredRun; sweep: StoredRun };
  const doms = new Map<string, string>();
  const printed: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pilot-report-'));
    const store = ResultsStore.open(join(dir, 'pilot.sqlite'));
    try {
      runs = { compare: storeComparisonRun(store), baseline: storeBaselineRun(store), sweep: storeSweepRun(store) };
    } finally {
      store.close();
    }
    for (const r of Object.values(runs)) {
      assert.equal(await runReport({ run: r.id, results: dir }, (t) => void printed.push(t)), 0);
      doms.set(r.id, await dumpDom(join(dir, 'reports', `${r.id}.html`), join(dir, 'chromium-profile')));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes <results>/reports/<run-id>.html and says what it drew', () => {
    assert.match(printed[0] ?? '', new RegExp(`^wrote ${join(dir, 'reports', 'compare-1.html')}: run compare-1 \\(3 trials, 36 measurements\\), charts: totals, speedups, qerror; no data for: sweep\\n$`));
    const html = readFileSync(join(dir, 'reports', 'compare-1.html'), 'utf8');
    // Self-contained: nothing is fetched, so the page works offline from file://.
    assert.ok(!/<script[^>]+src=/.test(html) && !/<link\b/.test(html) && !/<img\b/.test(withoutScripts(html)));
  });

  it('comparison run: every chart drawn as SVG, one bar per trial, one point per query and trial, one box per estimator', () => {
    const dom = doms.get(runs.compare.id) as string;
    assert.equal(bodyAttribute(dom, 'data-charts-rendered'), '3');
    assert.equal(bodyAttribute(dom, 'data-charts-expected'), '3');
    assert.ok(!/data-chart-error=/.test(withoutScripts(dom)), 'no chart threw');
    for (const name of ['totals', 'speedups', 'qerror']) assert.match(chartMarkup(dom, name), /<svg[^>]*>.*<path /s, `chart ${name} has drawn paths`);
    assert.equal(drawnRects(chartMarkup(dom, 'totals')), runs.compare.trials);
    assert.equal(scatterPoints(chartMarkup(dom, 'speedups')), runs.compare.speedupPoints);
    assert.equal(boxes(chartMarkup(dom, 'qerror')), runs.compare.estimators);
    assert.ok(textsOf(chartMarkup(dom, 'qerror')).includes('mscn'));
    assert.match(dom, /data-chart-note="sweep">no sweep chart: not a sweep: the trials differ only by algorithm</);
  });

  it('comparison run: markup in names, labels, SQL, errors and the configuration stays text and never runs', () => {
    const dom = doms.get(runs.compare.id) as string;
    assert.equal(bodyAttribute(dom, 'data-pwned'), undefined, 'no injected script or handler ran');
    const visible = withoutScripts(dom);
    assert.ok(!/<img\b/.test(visible), 'no element came from run data');
    const escaped = '&lt;script&gt;document.body.dataset.pwned = \'script\'&lt;/script&gt;&lt;img src=x onerror="document.body.dataset.pwned = \'img\'"&gt;';
    assert.ok(visible.includes(`<h1>pilot report: compare ${escaped} (compare-1)</h1>`));
    assert.ok(visible.includes(`lero ${escaped}`), 'the trial label in the table');
    assert.ok(visible.includes(`plan ${escaped} rejected`), 'the error message');
    // The SVG legend of the scatter shows the label as text.
    assert.ok(textsOf(chartMarkup(dom, 'speedups')).some((t) => t.startsWith('lero &lt;script&gt;')));
    assert.ok(EVIL.includes('<script>'));
  });

  it('the best trial is highlighted: the one the run summary names, else the lowest objective of a non-baseline', () => {
    const store = ResultsStore.open(join(dir, 'pilot.sqlite'));
    const named = (store.runs.getRun(runs.compare.id)?.summary?.best as { key: string }).key;
    const sweepTrials = store.runs.listTrials(runs.sweep.id).filter((t) => t.algorithm !== 'baseline');
    store.close();
    const highlighted = (id: string) => [...doms.get(id)!.matchAll(/<tr data-trial="([^"]+)" class="best">/g)].map((m) => m[1]);
    assert.deepEqual(highlighted(runs.compare.id), [named]);
    assert.deepEqual(highlighted(runs.sweep.id), [[...sweepTrials].sort((a, b) => (a.objective as number) - (b.objective as number))[0]?.key]);
    assert.deepEqual(highlighted(runs.baseline.id), [], 'nothing to call best: no objective, no comparison');
  });

  it('baseline-only run: the totals chart, and a note for each chart without data', () => {
    const dom = doms.get(runs.baseline.id) as string;
    assert.equal(bodyAttribute(dom, 'data-charts-rendered'), '1');
    assert.equal(drawnRects(chartMarkup(dom, 'totals')), 1);
    assert.ok(!dom.includes('data-chart="speedups"') && !dom.includes('data-chart="qerror"') && !dom.includes('data-chart="sweep"'));
    assert.match(dom, /data-chart-note="speedups">no speedups: every trial is its own reference/);
    assert.match(dom, /data-chart-note="qerror">no q-error: no cardinality estimator in this run/);
    assert.match(dom, /data-chart-note="sweep">no sweep chart: no trial has an objective yet/);
  });

  it('sweep run: a heatmap cell per (epochs, work_mem) with its objective, a bar per trial, a box per MSCN trial', () => {
    const dom = doms.get(runs.sweep.id) as string;
    assert.equal(bodyAttribute(dom, 'data-charts-rendered'), '4');
    const heatmap = chartMarkup(dom, 'sweep');
    assert.equal(drawnRects(heatmap), runs.sweep.heatmapCells);
    const texts = textsOf(heatmap);
    for (const label of ['(none)', '10', '20', '4MB', '64MB', 'epochs', 'db.work_mem']) assert.ok(texts.includes(label), `axis text ${label}`);
    const store = ResultsStore.open(join(dir, 'pilot.sqlite'));
    const objectives = store.runs.listTrials(runs.sweep.id).map((t) => String(Number((t.objective as number).toPrecision(4))));
    store.close();
    // Each cell is labelled with its objective: one trial per cell here.
    for (const objective of objectives) assert.ok(texts.includes(objective), `a cell labelled ${objective}`);
    assert.equal(drawnRects(chartMarkup(dom, 'totals')), runs.sweep.trials);
    assert.equal(scatterPoints(chartMarkup(dom, 'speedups')), runs.sweep.speedupPoints);
    assert.equal(boxes(chartMarkup(dom, 'qerror')), runs.sweep.estimators);
    assert.match(dom, /over epochs × db\.work_mem\./);
  });
});

describe('pilot report: choosing the run and the file', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pilot-report-cli-'));
    const store = ResultsStore.open(join(dir, 'pilot.sqlite'));
    storeBaselineRun(store, 'run-2026-a');
    storeSweepRun(store, 'run-2026-b');
    store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('latest is the newest run; --out picks the file; a unique prefix names a run', async () => {
    const lines: string[] = [];
    const out = join(dir, 'elsewhere', 'latest.html');
    assert.equal(await runReport({ run: 'latest', results: dir, out }, (t) => void lines.push(t)), 0);
    assert.match(lines[0] ?? '', /run run-2026-b \(6 trials/);
    assert.match(readFileSync(out, 'utf8'), /pilot report: mscn epochs x work_mem \(run-2026-b\)/);
    assert.equal(await runReport({ run: 'run-2026-a', results: dir }, (t) => void lines.push(t)), 0);
    assert.ok(existsSync(join(dir, 'reports', 'run-2026-a.html')));
    await assert.rejects(runReport({ run: 'run-2026', results: dir }, () => {}), (e: unknown) => isPilotError(e) && e.code === 'RESULTS_RUN_NOT_FOUND' && /run-2026-a/.test(e.hint ?? '') && /run-2026-b/.test(e.hint ?? ''));
  });

  it('an unknown run is RESULTS_RUN_NOT_FOUND: exit 2 with the hint; no store is created for a wrong directory', async () => {
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const saved = process.exitCode;
    process.stderr.write = ((s: string) => err.push(String(s)) > 0) as typeof process.stderr.write;
    let code: number;
    try {
      code = await runCli(['report', 'nope', '--results', dir]);
    } finally {
      process.stderr.write = write;
      process.exitCode = saved;
    }
    assert.equal(code, 2);
    assert.match(err.join(''), /error RESULTS_RUN_NOT_FOUND: no run "nope" in the results store .*pilot\.sqlite\n\s+hint: /);
    const empty = join(dir, 'no-results-here');
    await assert.rejects(runReport({ run: 'latest', results: empty }, () => {}), (e: unknown) => isPilotError(e) && e.code === 'RESULTS_RUN_NOT_FOUND');
    assert.ok(!existsSync(empty));
  });
});
