import assert from 'node:assert/strict';
import { planNodes, planSignature, type GpuInfo, type PlanNode } from '../../../src/db/explain/index.js';
import { findNode, parseFixture, structuralView } from './fixtures.js';

/** PG-Strom v2/v3 plans from the v3.5 manual (test/fixtures/explain/pgstrom/README.md). */
const provider = (p: string) => (n: PlanNode) => n.customProvider === p;
const gpuOf = (n: PlanNode): GpuInfo => {
  assert.ok(n.gpu !== undefined, `${n.operator} has no gpu info`);
  return n.gpu;
};

describe('PG-Strom v2/v3 text plans', () => {
  it('GpuJoin with Outer Scan, Outer Scan Filter and one hash depth (v3-gpujoin)', () => {
    const { root } = parseFixture('pgstrom/v3-gpujoin.txt');
    assert.deepEqual([root.nodeType, root.customProvider, root.operator, root.relationName, root.alias], ['Custom Scan', 'GpuJoin', 'GpuJoin', 't0', 't0']);
    assert.deepEqual([root.startupCost, root.totalCost, root.planRows, root.planWidth], [12398.65, 858048.45, 1029348, 12]);
    assert.equal(root.children.length, 1);
    assert.equal(root.children[0]?.relationName, 't1');
    const gpu = gpuOf(root);
    assert.equal(gpu.projection, 't0.id, t1.ax');
    assert.deepEqual(gpu.outerScan, { relation: 't0', startupCost: 10277.55, totalCost: 864623.44, planRows: 1029348, planWidth: 8 });
    assert.deepEqual(gpu.scanQuals, { expr: '(aid < 1000)' });
    assert.deepEqual(gpu.joins, [{
      depth: 1, method: 'Hash', joinType: 'Inner', plan: { in: 1029348, out: 1029348 }, outerHash: 't0.aid', quals: '(t0.aid = t1.aid)',
    }]);
    assert.equal(gpu.raw['CCache'], 'enabled', 'unknown PG-Strom properties are kept raw');
    assert.equal(gpu.raw['Depth 1'], 'GpuHashJoin  (nrows 1029348...1029348)\nHashKeys: t0.aid\nJoinQuals: (t0.aid = t1.aid)\nKDS-Hash (size: 10.78MB)');
    assert.deepEqual(root.extra, {}, 'PG-Strom properties do not leak into extra');
  });

  it('ANALYZE: wrapped actual figures, plan/actual nrows per depth, rows removed (v3-gpujoin-analyze)', () => {
    const result = parseFixture('pgstrom/v3-gpujoin-analyze.txt');
    const { root } = result;
    assert.deepEqual([root.actualStartupTime, root.actualTotalTime, root.actualRows, root.actualLoops], [91.766, 723.549, 1000224, 1]);
    const gpu = gpuOf(root);
    assert.deepEqual(gpu.outerScan, {
      relation: 't0', startupCost: 10277.55, totalCost: 864623.44, planRows: 1029348, planWidth: 8,
      actualStartupTime: 7.129, actualTotalTime: 398.27, actualRows: 100000000, actualLoops: 1,
    });
    assert.deepEqual(gpu.scanQuals, { expr: '(aid < 1000)', rowsRemoved: 98999776 });
    assert.deepEqual(gpu.joins[0]?.plan, { in: 1029348, out: 1029348 });
    assert.deepEqual(gpu.joins[0]?.exec, { in: 1000224, out: 1000224 });
    assert.equal(gpu.raw['CCache Hits'], 50);
    assert.deepEqual([root.children[0]?.actualRows, root.children[0]?.actualTotalTime], [100000, 13.542]);
    assert.deepEqual([result.planningTimeMs, result.executionTimeMs], [23.39, 1409.073], 'old "Planning time" / "Execution time" spelling');
  });

  it('GpuPreAgg over a two-depth GpuJoin with two inner Seq Scans (v3-gpupreagg-two-depth-gpujoin)', () => {
    const { root } = parseFixture('pgstrom/v3-gpupreagg-two-depth-gpujoin.txt');
    assert.deepEqual(planNodes(root).map((n) => n.operator), ['Aggregate', 'Sort', 'GpuPreAgg', 'GpuJoin', 'Seq Scan', 'Seq Scan']);
    const preagg = findNode(root, provider('GpuPreAgg'));
    assert.deepEqual([preagg.relationName, preagg.planRows, preagg.children.length], [undefined, 189, 1]);
    const pre = gpuOf(preagg);
    assert.deepEqual([pre.reduction, pre.combinedGpuJoin, pre.joins.length], ['Local', true, 0]);
    assert.equal(pre.projection, 'cat, pgstrom.nrows(), pgstrom.nrows((ax IS NOT NULL)), pgstrom.psum(ax)');
    const join = findNode(root, provider('GpuJoin'));
    assert.equal(join.children.length, 2);
    assert.deepEqual(gpuOf(join).joins.map((d) => [d.depth, d.method, d.outerHash, d.quals, d.plan?.in, d.plan?.out]), [
      [1, 'Hash', 't0.aid', '(t0.aid = t1.aid)', 99996736, 99996736],
      [2, 'Hash', 't0.bid', '(t0.bid = t2.bid)', 99996736, 99996736],
    ]);
    assert.deepEqual(gpuOf(join).outerScan?.planRows, 99996736);
  });

  it('a never-executed GpuJoin under a combined GpuPreAgg (v3-gpupreagg-analyze-never-executed)', () => {
    const { root } = parseFixture('pgstrom/v3-gpupreagg-analyze-never-executed.txt');
    const join = findNode(root, provider('GpuJoin'));
    assert.deepEqual([join.actualRows, join.actualLoops, join.actualTotalTime], [0, 0, 0]);
    assert.deepEqual(gpuOf(join).joins[0]?.exec, { in: 49997126, out: 49997126 });
    assert.deepEqual(gpuOf(join).scanQuals, { expr: '(aid < bid)', rowsRemoved: 50002874 });
    const sort = findNode(root, (n) => n.nodeType === 'Sort');
    assert.equal(sort.extra['Sort Method'], 'quicksort  Memory: 28kB');
    assert.equal(findNode(root, (n) => n.nodeType === 'Seq Scan').actualRows, 100000);
  });

  it('COSTS OFF with three depths, GpuScan inners and NVMe-Strom (v3-three-depth-costs-off)', () => {
    const { root } = parseFixture('pgstrom/v3-three-depth-costs-off.txt');
    assert.ok(planNodes(root).every((n) => Number.isNaN(n.totalCost)));
    const join = findNode(root, provider('GpuJoin'));
    assert.deepEqual(join.children.map((c) => c.operator), ['GpuScan', 'GpuScan', 'Seq Scan']);
    const gpu = gpuOf(join);
    assert.deepEqual(gpu.joins.map((d) => d.plan), [
      { in: 2406009600, out: 97764190 }, { in: 97764190, out: 18544060 }, { in: 18544060, out: 18544060 },
    ]);
    assert.deepEqual(gpu.scanEngine, { engine: 'NVMe-Strom', enabled: true });
    assert.deepEqual(gpu.outerScan, { relation: 'lineorder' });
    assert.deepEqual(gpuOf(join.children[0] as PlanNode).scanQuals, { expr: "(p_category = 'MFGR#12'::bpchar)" });
  });

  it('VERBOSE Arrow_Fdw: schema, Output, files0 with per-column sub-lines (v3-arrow-fdw-verbose)', () => {
    const { root } = parseFixture('pgstrom/v3-arrow-fdw-verbose.txt');
    const join = findNode(root, provider('GpuJoin'));
    assert.deepEqual([join.schema, join.relationName, join.extra['Output']], ['public', 'flineorder', 'flineorder.lo_extendedprice, flineorder.lo_discount']);
    const gpu = gpuOf(join);
    assert.equal(gpu.preference, 'GPU0 (Tesla V100-PCIE-16GB)');
    assert.equal(gpu.outerScan?.relation, 'public.flineorder');
    assert.equal(gpu.raw['referenced'], 'lo_orderdate, lo_quantity, lo_extendedprice, lo_discount');
    assert.equal(String(gpu.raw['files0']).split('\n').length, 5);
    assert.match(String(gpu.raw['files0']), /^\/opt\/nvme\/lineorder_s401\.arrow \(size: 309\.23GB\)\nlo_orderpriority: 33\.61GB\n/);
    assert.equal(findNode(root, (n) => n.alias === 'date1').filter, '(date1.d_year = 1993)');
  });

  it('GPU Filter wrapped over several lines is one qual (v3-arrow-gpuscan-wrapped-filter)', () => {
    const { root } = parseFixture('pgstrom/v3-arrow-gpuscan-wrapped-filter.txt');
    const scans = planNodes(root).filter(provider('GpuScan'));
    assert.deepEqual(scans.map((s) => [s.relationName, s.parentRelationship]), [
      ['lineorder__1995', 'Member'], ['lineorder__1996', 'Member'], ['lineorder__now', 'Member'],
    ]);
    assert.equal(gpuOf(scans[0] as PlanNode).scanQuals?.expr,
      "((lo_orderdate >= 19950701) AND (lo_orderdate <= 19960630) AND (lo_discount >= '1'::numeric) AND (lo_discount <= '3'::numeric) AND (lo_quantity < '25'::numeric))");
    assert.equal(root.children[0]?.hashCond, '(lineorder__1995.lo_orderdate = date1.d_datekey)');
  });

  it('GpuScan with rows removed by GPU Filter and BRIN properties (v3-gpuscan-brin-analyze)', () => {
    const { root } = parseFixture('pgstrom/v3-gpuscan-brin-analyze.txt');
    assert.deepEqual([root.operator, root.actualRows, root.actualTotalTime], ['GpuScan', 175277, 1901.537]);
    const gpu = gpuOf(root);
    assert.equal(gpu.scanQuals?.rowsRemoved, 4385491);
    assert.deepEqual([gpu.raw['BRIN skipped'], gpu.raw['BRIN cond']], [424704, "((ymd >= '2018-01-01'::date) AND (ymd <= '2018-12-31'::date))"]);
  });

  it('GpuGiSTJoin depth with an alias on the outer relation (v3-gistjoin-postgis)', () => {
    const { root } = parseFixture('pgstrom/v3-gistjoin-postgis.txt');
    const join = findNode(root, provider('GpuJoin'));
    assert.deepEqual([join.relationName, join.alias], ['dpoints', 'd']);
    assert.deepEqual(gpuOf(join).joins, [{
      depth: 1, method: 'GiST', joinType: 'Inner', plan: { in: 7999618, out: 50821573 },
      gistCond: '(g.geom ~ st_makepoint(d.x, d.y)) on giscity_geom_idx', quals: 'st_contains(g.geom, st_makepoint(d.x, d.y))',
    }]);
    assert.equal(gpuOf(join).outerScan?.relation, 'dpoints d');
  });

  it('Parallel GpuJoin over an Append of Parallel GpuScans (v3-partition-parallel)', () => {
    const { root } = parseFixture('pgstrom/v3-partition-parallel.txt');
    const join = findNode(root, provider('GpuJoin'));
    assert.deepEqual([join.parallelAware, join.relationName, join.planRows], [true, undefined, 7565562]);
    assert.deepEqual(join.children.map((c) => c.nodeType), ['Append', 'Seq Scan']);
    assert.equal(join.children[0]?.parentRelationship, undefined, 'custom-scan children: relationship unknown in text');
    assert.ok(join.children[0]?.children.every((c) => c.parallelAware && c.customProvider === 'GpuScan'));
    assert.deepEqual(root.partialMode, 'Finalize');
  });

  it('VERBOSE GpuPreAgg with GPUDirect SQL and kernel files (v3-hll-verbose)', () => {
    const { root } = parseFixture('pgstrom/v3-hll-verbose.txt');
    const preagg = findNode(root, provider('GpuPreAgg'));
    const gpu = gpuOf(preagg);
    assert.deepEqual(gpu.scanEngine, { engine: 'GPUDirect SQL', enabled: true });
    assert.equal(gpu.reduction, 'NoGroup');
    assert.deepEqual(Object.keys(gpu.raw), ['GPU Output', 'GPU Setup', 'Reduction', 'Outer Scan', 'GPU Preference', 'GPUDirect SQL', 'Kernel Source', 'Kernel Binary']);
    assert.equal(preagg.extra['Output'], '(pgstrom.hll_sketch_new(pgstrom.hll_hash(lo_custkey)))');
  });
});

describe('PG-Strom v3 JSON (synthesized from the v3-gpujoin text example)', () => {
  it('reads the v3 JSON keys into the same typed view as the text', () => {
    const json = parseFixture('pgstrom/v3-gpujoin.synth.json');
    const text = parseFixture('pgstrom/v3-gpujoin.txt');
    const jgpu = gpuOf(json.root);
    const tgpu = gpuOf(text.root);
    assert.deepEqual(jgpu.joins, tgpu.joins);
    assert.deepEqual(jgpu.outerScan, tgpu.outerScan);
    assert.deepEqual(jgpu.scanQuals, tgpu.scanQuals);
    assert.equal(jgpu.projection, tgpu.projection);
    assert.equal(jgpu.raw['Depth  1 KDS Plan Size'], 11303649);
    assert.equal(json.root.children[0]?.parentRelationship, 'child');
    assert.equal(planSignature(json.root), planSignature(text.root));
    const view = (n: PlanNode): unknown => ({ ...(structuralView(n) as object), parentRelationship: undefined, children: n.children.map(view) });
    assert.deepEqual(view(json.root), view(text.root));
  });
});
