import assert from 'node:assert/strict';
import { planNodes, planSignature, type GpuInfo, type PlanNode } from '../../../src/db/explain/index.js';
import { findNode, parseFixture, structuralView } from './fixtures.js';

/** PG-Strom v5/v6 plans from the manual at HEAD (test/fixtures/explain/pgstrom/README.md). */
const provider = (p: string) => (n: PlanNode) => n.customProvider === p;
const gpuOf = (n: PlanNode): GpuInfo => {
  assert.ok(n.gpu !== undefined, `${n.operator} has no gpu info`);
  return n.gpu;
};

describe('PG-Strom v5/v6 text plans', () => {
  it('GpuPreAgg with three GPU join depths, a GpuScan inner and Scan-Engine (v6.0-gpupreagg-three-join)', () => {
    const { root } = parseFixture('pgstrom/v6.0-gpupreagg-three-join.txt');
    assert.deepEqual(planNodes(root).map((n) => n.operator), ['Aggregate', 'GpuPreAgg', 'Seq Scan', 'GpuScan', 'Seq Scan']);
    const preagg = findNode(root, provider('GpuPreAgg'));
    assert.deepEqual([preagg.relationName, preagg.startupCost, preagg.totalCost, preagg.planRows, preagg.planWidth], ['lineorder', 2924421.55, 2924494.96, 5873, 46]);
    assert.equal(preagg.children.length, 3);
    const gpu = gpuOf(preagg);
    assert.equal(gpu.projection, 'pgstrom.psum(lo_revenue), d_year, p_brand1');
    assert.equal(gpu.groupKey, 'd_year, p_brand1');
    assert.deepEqual(gpu.joins, [
      { depth: 1, quals: '(lo_partkey = p_partkey)', joinType: 'Inner', plan: { in: 600046000, out: 783060 }, outerHash: 'lo_partkey', method: 'Hash', innerHash: 'p_partkey' },
      { depth: 2, quals: '(lo_suppkey = s_suppkey)', joinType: 'Inner', plan: { in: 783060, out: 157695 }, outerHash: 'lo_suppkey', method: 'Hash', innerHash: 's_suppkey' },
      { depth: 3, quals: '(lo_orderdate = d_datekey)', joinType: 'Inner', plan: { in: 157695, out: 157695 }, outerHash: 'lo_orderdate', method: 'Hash', innerHash: 'd_datekey' },
    ]);
    assert.deepEqual(gpu.scanEngine, { engine: 'GPU-Direct', enabled: true, gpus: [0, 1] });
    const scan = findNode(root, provider('GpuScan'));
    assert.deepEqual(gpuOf(scan).scanQuals, { expr: "(s_region = 'ASIA'::bpchar)", plan: { in: 1000000, out: 203767 } });
    assert.equal(root.extra['Group Key'], 'date1.d_year, part.p_brand1');
  });

  it('VERBOSE developer output: KVars-Slot, KVecs-Buffer, OpCodes, Partial Aggregation (v5.0-gpupreagg-verbose-opcodes)', () => {
    const { root } = parseFixture('pgstrom/v5.0-gpupreagg-verbose-opcodes.txt');
    const preagg = findNode(root, provider('GpuPreAgg'));
    assert.deepEqual([preagg.schema, preagg.relationName, preagg.children.length], ['public', 'lineorder', 0]);
    const gpu = gpuOf(preagg);
    assert.deepEqual(gpu.scanQuals, { expr: "(lo_quantity > '10'::numeric)", plan: { in: 600128800, out: 479262800 } });
    assert.deepEqual(gpu.scanEngine, { engine: 'GPU-Direct SQL', enabled: true, gpus: [0] });
    assert.match(gpu.kvarsSlot ?? '', /^<slot=0, type='numeric', expr='lo_quantity'>, /);
    assert.match(gpu.kvecsBuffer ?? '', /^nbytes: 83968, ndims: 2, items=\[kvec0=/);
    assert.deepEqual(Object.keys(gpu.opCodes), [
      'LoadVars', 'MoveVars', 'Scan Quals', 'Group-By KeyHash', 'Group-By KeyLoad', 'Group-By KeyComp', 'Partial Aggregation',
    ]);
    assert.match(gpu.opCodes['LoadVars'] ?? '', /^\{Packed items\[0\]=\{LoadVars\(depth=0\)/);
    assert.match(gpu.partialAggregation ?? '', /^\{AggFuncs <nrows\[\*\], psum::fp/);
    assert.equal(gpu.raw['Partial Function BufSz'], 24);
    assert.equal(preagg.extra['Output'], '(pgstrom.nrows()), (pgstrom.psum((lo_quantity)::double precision)), lo_shipmode');
  });

  it('v5.0 join quals with "... [nrows: a -> b]" and Arrow file sub-lines (v5.0-arrow-gpujoin-verbose)', () => {
    const { root } = parseFixture('pgstrom/v5.0-arrow-gpujoin-verbose.txt');
    const gpu = gpuOf(findNode(root, provider('GpuPreAgg')));
    assert.deepEqual(gpu.joins, [{
      depth: 1, quals: '(f_lineorder.lo_orderdate = date1.d_datekey)', joinType: 'Inner', plan: { in: 9999983, out: 1428010 },
      outerHash: 'f_lineorder.lo_orderdate', method: 'Hash', innerHash: 'date1.d_datekey',
    }]);
    assert.deepEqual(gpu.scanQuals?.plan, { in: 5999990000, out: 9999983 });
    assert.deepEqual(String(gpu.raw['file0']).split('\n'), [
      '/opt/nvme/f_lineorder_s999.arrow (read: 89.41GB, size: 502.92GB)',
      'lo_orderdate: 22.35GB', 'lo_quantity: 22.35GB', 'lo_extendedprice: 22.35GB', 'lo_discount: 22.35GB',
    ]);
    assert.deepEqual(Object.keys(gpu.opCodes), ['LoadVars', 'MoveVars', 'Scan Quals', 'Join Quals', 'Join HashValue', 'Partial Aggregation']);
    assert.equal(gpu.raw['Partial Function BufSz'], 16);
  });

  it('partition-wise GpuPreAgg with relation aliases, COSTS OFF (v5.1-partitionwise-gpupreagg-costs-off)', () => {
    const { root } = parseFixture('pgstrom/v5.1-partitionwise-gpupreagg-costs-off.txt');
    const parts = planNodes(root).filter(provider('GpuPreAgg'));
    assert.deepEqual(parts.map((p) => [p.relationName, p.alias, p.parentRelationship]), [
      ['lineorder__p1992', 'lineorder_1', 'Member'], ['lineorder__p1993', 'lineorder_2', 'Member'], ['lineorder__p1999', 'lineorder_8', 'Member'],
    ]);
    assert.deepEqual(parts.map((p) => gpuOf(p).raw['Inner Siblings-Id']), [2, 2, 2]);
    assert.deepEqual(gpuOf(parts[2] as PlanNode).joins[0]?.plan, { in: 1, out: 1 });
    assert.ok(Number.isNaN(root.totalCost));
  });

  it('GPU Pinned Buffer and "[rows: a -> b]" (v5.2-pinned-buffer)', () => {
    const { root } = parseFixture('pgstrom/v5.2-pinned-buffer.txt');
    const scan = findNode(root, provider('GpuScan'));
    const gpu = gpuOf(scan);
    assert.equal(gpu.raw['GPU Pinned Buffer'], 'enabled');
    assert.deepEqual(gpu.scanQuals, { expr: "(o_orderdate >= '1997-01-01'::date)", plan: { in: 1499973000, out: 363551200 } });
    assert.deepEqual(gpuOf(findNode(root, provider('GpuPreAgg'))).joins[0]?.plan, { in: 6000244000, out: 1454290000 });
  });

  it('backslash-continued lines, Stats-Hint and GPU-Direct SQL counters (v5.2-arrow-stats-hint-analyze)', () => {
    const result = parseFixture('pgstrom/v5.2-arrow-stats-hint-analyze.txt');
    const preagg = findNode(result.root, provider('GpuPreAgg'));
    assert.deepEqual([preagg.totalCost, preagg.actualStartupTime, preagg.actualTotalTime, preagg.actualRows, preagg.actualLoops], [421987.06, 82.901, 82.903, 2, 1]);
    const gpu = gpuOf(preagg);
    assert.deepEqual(gpu.scanQuals, {
      expr: "((year = 1994) AND (lo_discount <= '3'::numeric) AND (lo_quantity < '25'::numeric) AND (lo_discount >= '1'::numeric))",
      plan: { in: 65062080, out: 542 },
      exec: { in: 13001908, out: 1701726 },
    });
    assert.deepEqual(gpu.scanEngine, { engine: 'GPU-Direct SQL', enabled: true, gpus: [0, 1], stats: { direct: 76195, ntuples: 13001908 } });
    assert.equal(gpu.raw['Stats-Hint'], '(year = 1994)  [loaded: 12, skipped: 48]');
    assert.deepEqual(Object.keys(gpu.raw).filter((k) => /^file\d+$/.test(k)), ['file0', 'file1', 'file2', 'file27', 'file28', 'file29']);
    assert.deepEqual([result.planningTimeMs, result.executionTimeMs], [2.402, 83.857]);
  });

  it('GPU-Sort keys, Window-Rank Filter and a join qual missing its "]" (v6.0-gpusort-window-rank-analyze)', () => {
    const { root } = parseFixture('pgstrom/v6.0-gpusort-window-rank-analyze.txt');
    assert.equal(root.nodeType, 'WindowAgg');
    assert.equal(root.extra['Run Condition'], '(rank() OVER (?) < 4)');
    const gpu = gpuOf(findNode(root, provider('GpuPreAgg')));
    assert.equal(gpu.sortKeys, 'c_region, c_nation, c_city, pgstrom.fsum_numeric((pgstrom.psum(lo_revenue)))');
    assert.match(gpu.windowRankFilter ?? '', /^rank\(\) over\(PARTITION BY c_region, c_nation, c_city ORDER BY .*\) < 4$/);
    assert.deepEqual(gpu.joins[0]?.plan, { in: 171773200, out: 171773200 });
    assert.deepEqual(gpu.joins[0]?.exec, { in: 362780, out: 322560 });
    assert.equal(gpu.joins[0]?.quals, '(lo_custkey = c_custkey)');
    assert.deepEqual(gpu.scanEngine?.stats, { direct: 11395910, ntuples: 1311339 });
  });

  it('Parallel GpuPreAgg with GPU-Sort Limit and three Parallel inners (v6.0-gpusort-limit-parallel-analyze)', () => {
    const result = parseFixture('pgstrom/v6.0-gpusort-limit-parallel-analyze.txt');
    const preagg = findNode(result.root, provider('GpuPreAgg'));
    assert.deepEqual([preagg.parallelAware, preagg.actualRows, preagg.actualLoops], [true, 3, 3]);
    assert.deepEqual(preagg.children.map((c) => `${c.parallelAware ? 'Parallel ' : ''}${c.operator} ${c.relationName}`), [
      'Parallel GpuScan supplier', 'Parallel GpuScan customer', 'Parallel Seq Scan date1',
    ]);
    const gpu = gpuOf(preagg);
    assert.equal(gpu.sortLimit, 10);
    assert.deepEqual(gpu.joins.map((d) => [d.depth, d.exec?.in, d.exec?.out]), [[1, 0, 0], [2, 0, 0], [3, 0, 0]]);
    assert.deepEqual(gpu.joins.map((d) => d.innerHash), ['s_suppkey', 'c_custkey', 'd_datekey']);
    assert.equal(result.root.extra['Workers Launched'], 2);
    assert.equal(findNode(result.root, (n) => n.alias === 'date1').extra['Rows Removed by Filter'], 121);
  });

  it('SELECT-INTO Direct (v6.1-select-into-direct-analyze)', () => {
    const { root } = parseFixture('pgstrom/v6.1-select-into-direct-analyze.txt');
    const gpu = gpuOf(findNode(root, provider('GpuScan')));
    assert.equal(gpu.raw['SELECT-INTO Direct'], 'enabled, nblocks=1106653 (8.44GB)');
    assert.deepEqual(gpu.scanQuals?.exec, { in: 2400012063, out: 52012672 });
    assert.deepEqual(gpu.scanEngine, { engine: 'GPU-Direct', enabled: true, gpus: [0, 1], stats: { direct: 41379519, ntuples: 2400012063 } });
  });

  it('Scan-Engine VFS with one GPU and Parquet files (v6.1-parquet-vfs-analyze)', () => {
    const { root } = parseFixture('pgstrom/v6.1-parquet-vfs-analyze.txt');
    const gpu = gpuOf(findNode(root, provider('GpuPreAgg')));
    assert.deepEqual(gpu.scanEngine, { engine: 'VFS', enabled: true, gpus: [0], stats: { vfs: 6996, ntuples: 3600000 } });
    assert.equal(gpu.groupKey, 'p_color');
    assert.equal(gpu.raw['file1'], '/tmp/ssmb_part.parquet (read: 0B, size: 17.62MB)');
  });
});

describe('PG-Strom v6 JSON (synthesized from the v6.0-gpupreagg-three-join text example)', () => {
  it('gives the same tree and GPU view as the text', () => {
    const json = parseFixture('pgstrom/v6.0-gpupreagg-three-join.synth.json');
    const text = parseFixture('pgstrom/v6.0-gpupreagg-three-join.txt');
    const jpre = findNode(json.root, provider('GpuPreAgg'));
    const tpre = findNode(text.root, provider('GpuPreAgg'));
    const { raw: jraw, ...jtyped } = gpuOf(jpre);
    const { raw: traw, ...ttyped } = gpuOf(tpre);
    assert.deepEqual(jtyped, ttyped);
    assert.deepEqual(jraw, traw);
    assert.deepEqual(jpre.children.map((c) => c.parentRelationship), ['children', 'children', 'children']);
    assert.equal(planSignature(json.root), planSignature(text.root));
    const view = (n: PlanNode): unknown => ({ ...(structuralView(n) as object), parentRelationship: undefined, children: n.children.map(view) });
    assert.deepEqual(view(json.root), view(text.root));
    assert.deepEqual(json.root.extra['Group Key'], ['date1.d_year', 'part.p_brand1']);
  });
});
