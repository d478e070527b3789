import assert from 'node:assert/strict';
import { buildRunReport, chartSections, escapeHtml, inlineScript, scriptJson, sweepChart, type ChartSection } from '../../../src/report/index.js';
import { sweepSurface } from '../../../src/report/sweep-surface.js';
import { doc, measured, rows, trial } from './run-document-fixture.js';

const HOSTILE = `</script><script>alert("x")</script>&'\u2028`;
/** Stands in for ECharts: the unit tests read the page, they do not draw it. */
const FAKE_LIBRARY = 'window.echarts = { init: function () {} }; // "</script>" in a string';

function option(section: ChartSection | undefined): Record<string, unknown> {
  assert.ok(section !== undefined && 'option' in section.content, `a chart, not a note: ${JSON.stringify(section?.content)}`);
  return section.content.option as Record<string, unknown>;
}

describe('report HTML text', () => {
  it('escapes markup in content and attributes', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('script JSON has no "<" and no raw line separators, and parses back to the same value', () => {
    const text = scriptJson({ label: HOSTILE, n: [1, 2] });
    assert.ok(!text.includes('<'));
    assert.ok(!text.includes('\u2028'));
    assert.deepEqual(JSON.parse(text), { label: HOSTILE, n: [1, 2] });
  });

  it('an inlined script cannot close its element', () => {
    assert.equal(inlineScript('a = "</script>"; b = "</SCRIPT >"'), 'a = "<\\/script>"; b = "<\\/SCRIPT >"');
  });
});

describe('report chart sections', () => {
  it('a note instead of each chart when the run has no data for it', () => {
    const sections = chartSections({ summaries: [], speedups: [], qErrors: [], sweep: sweepSurface([]) });
    assert.deepEqual(
      sections.map((s) => [s.name, 'note' in s.content ? s.content.note : 'chart']),
      [
        ['totals', 'no totals: no query has been measured yet'],
        ['speedups', 'no speedups: every trial is its own reference (there is nothing to compare with it)'],
        ['qerror', 'no q-error: no cardinality estimator in this run (no trial recorded sub-plan estimates)'],
        ['sweep', 'no sweep chart: no trial has an objective yet'],
      ],
    );
  });

  it('heatmap items index the axes and the caption names the dimensions folded into the cells', () => {
    const t = (key: string, i: number, a: number, b: number, c: string, objective: number) => trial(key, i, { params: { a, b }, dbSettings: { c }, objective });
    const section = sweepChart(sweepSurface([t('1', 0, 1, 5, 'x', 4), t('2', 1, 2, 5, 'y', 3), t('3', 2, 3, 6, 'x', 2), t('4', 3, 3, 6, 'y', 1)]));
    const o = option(section);
    const series = (o.series as { type: string; data: { value: number[] }[] }[])[0];
    assert.equal(series?.type, 'heatmap');
    assert.deepEqual((o.xAxis as { data: string[] }).data, ['1', '2', '3']);
    assert.deepEqual(
      series?.data.map((d) => d.value),
      [
        [0, 0, 4],
        [1, 0, 3],
        [2, 1, 1],
      ],
    );
    assert.match(section.caption, /over a × b\. The run also swept db\.c: each cell is the minimum over it\./);
  });
});

describe('renderRunReport (the page, without a browser)', () => {
  const run = doc(
    [trial('base', 0, { algorithm: 'baseline', label: 'baseline', objective: 2 }), trial('mscn', 1, { label: `mscn ${HOSTILE}`, objective: 1 })],
    [
      measured('base', 0, 100, { subplanRows: rows({ u: [10, 100] }) }),
      measured('mscn', 0, 50, { subplanRows: rows({ u: [90, 100] }), sql: `SELECT '${HOSTILE}'` }),
      measured('base', 1, 10),
      measured('mscn', 1, 40, { sql: `SELECT COUNT(*) FROM t WHERE s = '<b>${HOSTILE}'` }),
    ],
    { name: `run <i>${HOSTILE}</i>` },
  );
  const report = buildRunReport(run, { chartLibrary: FAKE_LIBRARY, generatedAt: '2026-01-02T00:00:00.000Z' });
  const html = report.html;

  it('has a container per drawn chart, a note per missing one, and says how many to expect', () => {
    assert.deepEqual(report.charts, ['totals', 'speedups', 'qerror']);
    assert.deepEqual(Object.keys(report.notes), ['sweep']);
    for (const name of report.charts) assert.match(html, new RegExp(`<div class="chart" data-chart="${name}"`));
    assert.match(html, /<p class="note" data-chart-note="sweep">no sweep chart: not a sweep: the trials differ only by algorithm<\/p>/);
    assert.match(html, /<body data-charts-expected="3">/);
  });

  it('carries the chart options as JSON the page can parse, labels intact', () => {
    const json = /<script type="application\/json" id="pilot-charts">(.*?)<\/script>/s.exec(html)?.[1];
    assert.ok(json !== undefined);
    const charts = JSON.parse(json) as { name: string; option: { series: { name: string }[]; yAxis: { data?: string[] } } }[];
    assert.deepEqual(
      charts.map((c) => c.name),
      ['totals', 'speedups', 'qerror'],
    );
    assert.deepEqual(charts[0]?.option.yAxis.data, ['baseline', `mscn ${HOSTILE}`]);
    assert.equal(charts[1]?.option.series[0]?.name, `mscn ${HOSTILE}`);
  });

  it('escapes every text: no element or script comes from run data', () => {
    const withoutScripts = html.replace(/<script[^>]*>.*?<\/script>/gs, '');
    assert.ok(!/<i>|<b>/.test(withoutScripts), 'markup from the run name and SQL stays text');
    assert.match(withoutScripts, /run &lt;i&gt;&lt;\/script&gt;&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;&#39;/);
    assert.match(withoutScripts, /<code>SELECT COUNT\(\*\) FROM t WHERE s = &#39;&lt;b&gt;&lt;\/script&gt;/);
    // Exactly the three scripts the page brings: data, library, drawing code.
    assert.equal((html.match(/<script/g) ?? []).length, 3);
    assert.equal((html.match(/<\/script>/g) ?? []).length, 3);
    assert.ok(html.includes('"<\\/script>" in a string'), 'the library source was inlined with </script escaped');
  });

  it('tables: run header, environment, the best trial highlighted', () => {
    assert.match(html, /<th>train dataset<\/th><td>builtin<\/td>/);
    assert.match(html, /<th>PostgreSQL<\/th><td>PostgreSQL 15\.8<\/td>/);
    assert.match(html, /<th>GPU<\/th><td>none<\/td>/);
    assert.match(html, /<tr data-trial="mscn" class="best">/);
    assert.ok(!/<tr data-trial="base" class="best">/.test(html));
    // mscn: 90 ms against 110 ms over the two queries.
    assert.match(html, /<td>0\.818 <span class="muted">vs baseline<\/span><\/td>/);
  });

  it('a run with nothing drawable brings no chart library and still reports a count', () => {
    const empty = buildRunReport(doc([], []), { chartLibrary: FAKE_LIBRARY });
    assert.deepEqual(empty.charts, []);
    assert.ok(!empty.html.includes(FAKE_LIBRARY));
    assert.match(empty.html, /document\.body\.dataset\.chartsRendered = '0'/);
    assert.match(empty.html, /no trials recorded/);
  });
});
