import assert from 'node:assert/strict';
import { buildGpuInfo, isPgStromProperty, parseQuals } from '../../../src/db/explain/gpu-properties.js';
import { parseExplainJson, parseExplainText } from '../../../src/db/explain/index.js';

describe('PG-Strom properties', () => {
  describe('isPgStromProperty', () => {
    it('takes GPU/DPU keys anywhere and PG-Strom keys on PG-Strom nodes', () => {
      for (const key of ['GPU Projection', 'GPU-Direct SQL', 'GPUDirect SQL', 'GPU Join Quals [2]', 'GPU-Sort keys', 'DPU Projection']) {
        assert.equal(isPgStromProperty(key, false), true, key);
      }
      for (const key of ['Scan-Engine', 'KVars-Slot', 'LoadVars OpCode', 'Depth 1', 'Depth  1 KDS Plan Size', 'file12', 'files0', 'scan0', 'Outer Scan', 'Reduction', 'referenced']) {
        assert.equal(isPgStromProperty(key, true), true, key);
        assert.equal(isPgStromProperty(key, false), false, key);
      }
      for (const key of ['Filter', 'Output', 'Rows Removed by Filter', 'Workers Planned', 'Buffers', 'Group Key', 'Sort Key']) {
        assert.equal(isPgStromProperty(key, true), false, key);
      }
    });
  });

  describe('parseQuals', () => {
    const cases: [string, ReturnType<typeof parseQuals>][] = [
      ['(a = 1)', { expr: '(a = 1)' }],
      ['(a = 1) [plan: 100 -> 10]', { expr: '(a = 1)', plan: { in: 100, out: 10 } }],
      ['(a = 1) [plan: 600046000 -> 783060 ]', { expr: '(a = 1)', plan: { in: 600046000, out: 783060 } }],
      ['(a = 1) [rows: 100 -> 10]', { expr: '(a = 1)', plan: { in: 100, out: 10 } }],
      ['(a = b) ... [nrows: 100 -> 10]', { expr: '(a = b)', plan: { in: 100, out: 10 } }],
      ['(a = 1) [plan: 100 -> 10, exec: 90 -> 9]', { expr: '(a = 1)', plan: { in: 100, out: 10 }, exec: { in: 90, out: 9 } }],
      ['(a = 1) [plan: 100 -> 10, exec:90 -> 9]', { expr: '(a = 1)', plan: { in: 100, out: 10 }, exec: { in: 90, out: 9 } }],
      ['(a = 1) [plan: 100 -> 10, exec: 90 -> 9', { expr: '(a = 1)', plan: { in: 100, out: 10 }, exec: { in: 90, out: 9 } }],
      ['(a = b) [plan: 100 -> 10, exec: 90+5 -> 14]', { expr: '(a = b)', plan: { in: 100, out: 10 }, exec: { in: 90, out: 14, outerJoinRows: 5 } }],
      ['(a = 1) [exec: 90 -> 9]', { expr: '(a = 1)', exec: { in: 90, out: 9 } }],
      ['(x AND\ny)', { expr: '(x AND y)' }],
    ];
    for (const [text, expected] of cases) {
      it(JSON.stringify(text), () => assert.deepEqual(parseQuals(text), expected));
    }
  });

  describe('buildGpuInfo', () => {
    it('reads outer-join and semi-join labels and GiST joins (v5+)', () => {
      const info = buildGpuInfo({
        'GPU Left Outer Join Quals [1]': '(a.x = b.x) [plan: 10 -> 12]',
        'GPU Outer Hash [1]': 'a.x',
        'GPU Inner Hash [1]': 'b.x',
        'GPU Semi Join Quals [2]': '(a.y < c.y)',
        'GPU Anti Join Quals [3]': '(a.z = d.z)',
        'GPU GiST Join [3]': '(d.geom ~ a.pt) on d_geom_idx (geom) [fetched: 12]',
      });
      assert.deepEqual(info.joins.map((d) => [d.depth, d.joinType, d.method]), [[1, 'Left', 'Hash'], [2, 'Semi', 'NestLoop'], [3, 'Anti', 'GiST']]);
      assert.equal(info.joins[2]?.gistCond, '(d.geom ~ a.pt) on d_geom_idx (geom) [fetched: 12]');
    });

    it('reads v3 outer joins with outer-join rows in the actual figures', () => {
      const info = buildGpuInfo({ 'Depth 1': 'GpuHashLeftJoin  (plan nrows: 10...20, actual nrows: 11...21+3)\nHashKeys: a.x\nJoinQuals: (a.x = b.x)' });
      assert.deepEqual(info.joins, [{
        depth: 1, method: 'Hash', joinType: 'Left', plan: { in: 10, out: 20 }, exec: { in: 11, out: 21, outerJoinRows: 3 }, outerHash: 'a.x', quals: '(a.x = b.x)',
      }]);
      const nestloop = buildGpuInfo({ 'Depth 2': 'GpuNestLoopFull(nrows 5...6)\nJoinQuals: (a.x < b.x)' });
      assert.deepEqual(nestloop.joins[0], { depth: 2, method: 'NestLoop', joinType: 'Full', plan: { in: 5, out: 6 }, quals: '(a.x < b.x)' });
    });

    it('reads v3 JSON depth keys, actuals included', () => {
      const info = buildGpuInfo({
        'Depth 1': 'GpuHashJoin',
        'Depth 1 Plan Rows-in': 100,
        'Depth 1 Plan Rows-out': 40,
        'Depth 1 Actual Rows-in': 90,
        'Depth 1 Actual Rows-out by inner join': 35,
        'Depth 1 Actual Rows-out by outer join': 0,
        'Depth 1 HashKeys': 't0.aid',
        'Depth 1 JoinQuals': '(t0.aid = t1.aid)',
        'Depth 2': 'GpuGiSTJoin',
        'Depth 2 GiST Filter': '(g.geom ~ p.pt)',
      });
      assert.deepEqual(info.joins, [
        { depth: 1, method: 'Hash', joinType: 'Inner', plan: { in: 100, out: 40 }, exec: { in: 90, out: 35 }, outerHash: 't0.aid', quals: '(t0.aid = t1.aid)' },
        { depth: 2, method: 'GiST', joinType: 'Inner', gistCond: '(g.geom ~ p.pt)' },
      ]);
    });

    it('reads the storage engine in every format', () => {
      const engine = (raw: Record<string, unknown>) => buildGpuInfo(raw).scanEngine;
      assert.deepEqual(engine({ 'Scan-Engine': 'GPU-Direct with 2 GPUs <0,1>' }), { engine: 'GPU-Direct', enabled: true, gpus: [0, 1] });
      assert.deepEqual(engine({ 'Scan-Engine': 'VFS with GPU0; vfs=6996, ntuples=3600000' }), { engine: 'VFS', enabled: true, gpus: [0], stats: { vfs: 6996, ntuples: 3600000 } });
      assert.deepEqual(engine({ 'Scan-Engine': 'GPU-Direct with 2 GPUs <0,1>; buffer=3, direct=11395910, ntuples=1311339' })?.stats, { buffer: 3, direct: 11395910, ntuples: 1311339 });
      assert.deepEqual(engine({ 'GPU-Direct SQL': 'enabled (GPU-0)' }), { engine: 'GPU-Direct SQL', enabled: true, gpus: [0] });
      assert.deepEqual(engine({ 'GPU-Direct SQL': 'enabled (N=2,GPU0,1)' }), { engine: 'GPU-Direct SQL', enabled: true, gpus: [0, 1] });
      assert.deepEqual(engine({ 'GPUDirect SQL': 'enabled' }), { engine: 'GPUDirect SQL', enabled: true });
      assert.deepEqual(engine({ 'NVMe-Strom': 'disabled' }), { engine: 'NVMe-Strom', enabled: false });
      assert.equal(engine({ 'GPU Projection': 'a' }), undefined);
    });

    it('keeps every property raw, in order, and unknown ones only raw', () => {
      const raw = { 'GPU Projection': 'a, b', 'GPU Brand New Thing': 'x', 'GPU Group Key': '', 'GPU-Sort Limit': '10, 5 rows filtered' };
      const info = buildGpuInfo(raw);
      assert.equal(info.raw, raw);
      assert.deepEqual(Object.keys(info.raw), ['GPU Projection', 'GPU Brand New Thing', 'GPU Group Key', 'GPU-Sort Limit']);
      assert.deepEqual([info.projection, info.groupKey, info.sortLimit], ['a, b', '', 10]);
    });
  });

  describe('on parsed plans', () => {
    it('an unknown GPU property in text and JSON ends up in gpu.raw, never in extra', () => {
      const text = parseExplainText([
        'Custom Scan (GpuScan) on t  (cost=1.00..2.00 rows=1 width=4)',
        '  GPU Projection: a',
        '  GPU Shiny Feature: on',
        '  Some Future Thing: 3',
        '  Filter: (a > 1)',
        '  Rows Removed by Filter: 4',
      ]).root;
      assert.deepEqual(text.gpu?.raw, { 'GPU Projection': 'a', 'GPU Shiny Feature': 'on' });
      assert.deepEqual(text.extra, { 'Some Future Thing': 3, 'Rows Removed by Filter': 4 });
      assert.equal(text.filter, '(a > 1)');
      const json = parseExplainJson([{ Plan: { 'Node Type': 'Custom Scan', 'Custom Plan Provider': 'GpuScan', 'GPU Shiny Feature': 'on', Filter: '(a > 1)' } }]).root;
      assert.deepEqual(json.gpu?.raw, { 'GPU Shiny Feature': 'on' });
      assert.equal(json.filter, '(a > 1)');
    });

    it('gives every PG-Strom custom scan a gpu object, even without properties', () => {
      const { root } = parseExplainText('Custom Scan (GpuScan) on t');
      assert.deepEqual(root.gpu, { joins: [], opCodes: {}, raw: {} });
      assert.equal(parseExplainText('Custom Scan (SomethingElse) on t').root.gpu, undefined);
      assert.equal(parseExplainText('Custom Scan (SomethingElse) on t').root.operator, 'SomethingElse');
    });

    it('keeps a key that repeats on one node', () => {
      const { root } = parseExplainText(['Custom Scan (GpuJoin) on t', '  GPU Preference: GPU0', '  GPU Preference: GPU1', '  Note: a', '  Note: b']);
      assert.deepEqual(root.gpu?.raw, { 'GPU Preference': 'GPU0', 'GPU Preference #2': 'GPU1' });
      assert.deepEqual(root.extra, { Note: 'a', 'Note #2': 'b' });
    });
  });
});
