/**
 * The report page's own script (plain ES2017, runs in the browser): draws each chart from the JSON
 * in #pilot-charts with ECharts' SVG renderer (inspectable DOM), adds the formatters that JSON
 * cannot carry (tooltips from each item's `tip` lines, labels from its `display` text, both
 * escaped), and records how many charts were drawn in body[data-charts-rendered]. A chart that
 * throws is replaced by a note, so one bad chart does not hide the others.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var escape = function (text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  };
  var tooltip = function (p) {
    var tip = p && p.data && p.data.tip;
    return (Array.isArray(tip) ? tip : [p.name]).map(escape).join('<br>');
  };
  var display = function (p) {
    return p && p.data && p.data.display !== undefined ? String(p.data.display) : '';
  };
  var specs = JSON.parse(document.getElementById('pilot-charts').textContent);
  var rendered = 0;
  specs.forEach(function (spec) {
    var el = document.querySelector('[data-chart="' + spec.name + '"]');
    if (!el) return;
    try {
      var option = spec.option;
      option.tooltip = Object.assign({}, option.tooltip, { formatter: tooltip });
      (option.series || []).forEach(function (s) {
        if (s.label && s.label.show) s.label.formatter = display;
      });
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(option);
      window.addEventListener('resize', function () { chart.resize(); });
      rendered++;
    } catch (error) {
      el.textContent = 'this chart could not be drawn: ' + (error && error.message ? error.message : String(error));
      el.className += ' chart-failed';
      el.setAttribute('data-chart-error', 'true');
    }
  });
  document.body.dataset.chartsRendered = String(rendered);
})();
`;
