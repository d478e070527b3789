import assert from 'node:assert/strict';
import {
  hasGpuNodes,
  joinMethods,
  parseExplainText,
  planNodes,
  planSignature,
  relationAliases,
  relationsUnder,
  walkPlan,
  type PlanNode,
} from '../../../src/db/explain/index.js';
import { findNode, parseFixture } from './fixtures.js';

describe('plan-walk', () => {
  describe('walkPlan / planNodes', () => {
    it('visits pre-order with parent and depth', () => {
      const { root } = parseFixture('pg15/hash-join-3way.json');
      const seen: string[] = [];
      walkPlan(root, (node, { parent, depth }) => {
        seen.push(`${depth}:${node.nodeType}<${parent?.nodeType ?? '-'}`);
      });
      assert.deepEqual(seen, [
        '0:Aggregate<-', '1:Hash Join<Aggregate', '2:Bitmap Heap Scan<Hash Join', '3:Bitmap Index Scan<Bitmap Heap Scan',
        '2:Hash<Hash Join', '3:Hash Join<Hash', '4:Seq Scan<Hash Join', '4:Hash<Hash Join', '5:Seq Scan<Hash',
      ]);
      assert.deepEqual(planNodes(root).map((n) => n.nodeType), seen.map((s) => s.slice(2, s.indexOf('<'))));
    });

    it('skips the children of a node when the visitor returns false', () => {
      const { root } = parseFixture('pg15/hash-join-3way.json');
      const seen: string[] = [];
      walkPlan(root, (node) => {
        seen.push(node.nodeType);
        return node.nodeType !== 'Hash';
      });
      assert.deepEqual(seen, ['Aggregate', 'Hash Join', 'Bitmap Heap Scan', 'Bitmap Index Scan', 'Hash']);
    });

    it('starts anywhere in the tree', () => {
      const { root } = parseFixture('pg15/hash-join-3way.json');
      const hash = findNode(root, (n) => n.nodeType === 'Hash');
      assert.deepEqual(planNodes(hash).map((n) => n.alias ?? n.nodeType), ['Hash', 'Hash Join', 'b', 'Hash', 'u']);
    });
  });

  describe('joinMethods', () => {
    it('lists PostgreSQL joins pre-order', () => {
      assert.deepEqual(joinMethods(parseFixture('pg15/hash-join-3way.txt').root), ['Hash Join', 'Hash Join']);
      assert.deepEqual(joinMethods(parseFixture('pg15/hash-join-3way-join-method-variant.txt').root), ['Merge Join', 'Merge Join']);
      assert.deepEqual(joinMethods(parseFixture('pg15/recursive-cte-semi-anti.txt').root), ['Hash Join', 'Nested Loop', 'Nested Loop']);
      assert.deepEqual(joinMethods(parseFixture('pg15/bitmap-or.txt').root), []);
    });

    it('lists one entry per PG-Strom join depth', () => {
      assert.deepEqual(joinMethods(parseFixture('pgstrom/v6.0-gpupreagg-three-join.txt').root), ['GpuHashJoin', 'GpuHashJoin', 'GpuHashJoin']);
      assert.deepEqual(joinMethods(parseFixture('pgstrom/v3-gistjoin-postgis.txt').root), ['GpuGiSTJoin']);
      assert.deepEqual(joinMethods(parseFixture('pgstrom/v3-arrow-gpuscan-wrapped-filter.txt').root), ['Hash Join']);
    });
  });

  describe('planSignature', () => {
    it('is equal for the same structure with other costs, with ANALYZE, or with COSTS OFF', () => {
      const base = planSignature(parseFixture('pg15/hash-join-3way.txt').root);
      assert.equal(planSignature(parseFixture('pg15/hash-join-3way-cost-variant.txt').root), base);
      assert.equal(planSignature(parseFixture('pg15/hash-join-3way-analyze-buffers.json').root), base);
      assert.equal(planSignature(parseFixture('pg15/hash-join-3way-costs-off.txt').root), base);
      assert.equal(planSignature(parseFixture('pg15/hash-join-3way.json').root), base);
    });

    it('differs when the join order changes', () => {
      const base = planSignature(parseFixture('pg15/hash-join-3way.txt').root);
      const reordered = planSignature(parseFixture('pg15/hash-join-3way-join-order-variant.txt').root);
      assert.notEqual(reordered, base);
      assert.deepEqual(joinMethods(parseFixture('pg15/hash-join-3way-join-order-variant.txt').root), ['Hash Join', 'Hash Join']);
    });

    it('differs when the join method changes', () => {
      const base = planSignature(parseFixture('pg15/hash-join-3way.txt').root);
      assert.notEqual(planSignature(parseFixture('pg15/hash-join-3way-join-method-variant.txt').root), base);
    });

    it('differs when inner and outer sides swap', () => {
      const a = parseExplainText(['Hash Join  (cost=1.00..2.00 rows=1 width=8)', '  ->  Seq Scan on a  (cost=0.00..1.00 rows=1 width=4)', '  ->  Hash  (cost=1.00..1.00 rows=1 width=4)', '        ->  Seq Scan on b  (cost=0.00..1.00 rows=1 width=4)']);
      const b = parseExplainText(['Hash Join  (cost=1.00..2.00 rows=1 width=8)', '  ->  Seq Scan on b  (cost=0.00..1.00 rows=1 width=4)', '  ->  Hash  (cost=1.00..1.00 rows=1 width=4)', '        ->  Seq Scan on a  (cost=0.00..1.00 rows=1 width=4)']);
      assert.notEqual(planSignature(a.root), planSignature(b.root));
    });

    it('tells parallel, index, alias and aggregate strategy apart', () => {
      const sig = (lines: string[]): string => planSignature(parseExplainText(lines).root);
      assert.notEqual(sig(['Seq Scan on t']), sig(['Parallel Seq Scan on t']));
      assert.notEqual(sig(['Seq Scan on t t1']), sig(['Seq Scan on t t2']));
      assert.notEqual(sig(['Index Scan using i1 on t']), sig(['Index Scan using i2 on t']));
      assert.notEqual(sig(['Index Scan using i1 on t']), sig(['Index Scan Backward using i1 on t']));
      assert.notEqual(sig(['HashAggregate', '  ->  Seq Scan on t']), sig(['GroupAggregate', '  ->  Seq Scan on t']));
      assert.equal(sig(['Seq Scan on public.t t1  (cost=0.00..1.00 rows=1 width=4)', '  Output: a']), sig(['Seq Scan on t t1  (cost=5.00..9.00 rows=7 width=9)']));
    });

    it('reads like the plan', () => {
      const { root } = parseFixture('pg15/nested-loop-verbose.json');
      assert.equal(planSignature(root),
        'Nested Loop[Inner](Index Only Scan using "users_pkey" on "users" "u", Bitmap Heap Scan on "posts" "p"(Bitmap Index Scan using "posts_owner_user_id_idx"))');
    });

    it('includes PG-Strom join depths', () => {
      const gpu = planSignature(parseFixture('pgstrom/v6.0-gpupreagg-three-join.txt').root);
      assert.match(gpu, /^Aggregate\[Hashed\]\(GpuPreAgg\[gpu:Hash,Hash,Hash\] on "lineorder" "lineorder"\(Seq Scan on "part" "part", GpuScan on "supplier" "supplier", Seq Scan on "date1" "date1"\)\)$/);
      const windowed = parseFixture('pgstrom/v6.0-gpusort-window-rank-analyze.txt').root;
      assert.match(planSignature(windowed), /GpuPreAgg\[gpu:Hash\] on "lineorder" "lineorder"/);
    });
  });

  describe('relationsUnder / relationAliases', () => {
    it('gives the sorted alias key of each sub-plan', () => {
      const { root } = parseFixture('pg15/hash-join-3way.txt');
      assert.equal(relationsUnder(root), 'b p u');
      const joins = planNodes(root).filter((n) => n.nodeType === 'Hash Join');
      assert.deepEqual(joins.map(relationsUnder), ['b p u', 'b u']);
      assert.equal(relationsUnder(findNode(root, (n) => n.nodeType === 'Bitmap Index Scan')), '');
      assert.equal(relationsUnder(findNode(root, (n) => n.nodeType === 'Bitmap Heap Scan')), 'p');
      const reordered = parseFixture('pg15/hash-join-3way-join-order-variant.txt').root;
      assert.deepEqual(planNodes(reordered).filter((n) => n.nodeType === 'Hash Join').map(relationsUnder), ['b p u', 'b p']);
    });

    it('keeps sub-plans (InitPlan, SubPlan, CTE bodies) and subquery insides out', () => {
      assert.equal(relationsUnder(parseFixture('pg15/initplan-subplan.txt').root), 'u');
      assert.equal(relationsUnder(parseFixture('pg15/cte-scan.txt').root), 'a1 a2');
      assert.equal(relationsUnder(parseFixture('pg15/setop-subquery.txt').root), 's');
      const setop = findNode(parseFixture('pg15/setop-subquery.txt').root, (n) => n.nodeType === 'Append');
      assert.equal(relationsUnder(setop), '*SELECT* 1 *SELECT* 2');
      assert.equal(relationsUnder(parseFixture('pg15/recursive-cte-semi-anti.txt').root), 'b g p r');
      assert.equal(relationsUnder(parseFixture('pg15/update-returning.txt').root), 'posts users');
    });

    it('counts PG-Strom scans on relations and their inner relations', () => {
      const { root } = parseFixture('pgstrom/v6.0-gpupreagg-three-join.txt');
      assert.equal(relationsUnder(findNode(root, (n) => n.customProvider === 'GpuPreAgg')), 'date1 lineorder part supplier');
      const v3 = parseFixture('pgstrom/v3-gistjoin-postgis.txt').root;
      assert.equal(relationsUnder(v3), 'd g');
    });

    it('sorts by UTF-8 byte order and drops duplicates', () => {
      const { root } = parseExplainText([
        'Append',
        '  ->  Seq Scan on t "é"',
        '  ->  Seq Scan on t "Z"',
        '  ->  Seq Scan on t a',
        '  ->  Seq Scan on t "B"',
        '  ->  Seq Scan on t a',
      ]);
      assert.deepEqual(relationAliases(root), ['B', 'Z', 'a', 'é']);
      assert.equal(relationsUnder(root), 'B Z a é');
    });
  });

  describe('hasGpuNodes', () => {
    it('is true for PG-Strom plans only', () => {
      assert.equal(hasGpuNodes(parseFixture('pgstrom/v3-gpujoin.txt').root), true);
      assert.equal(hasGpuNodes(parseFixture('pgstrom/v6.0-gpupreagg-three-join.synth.json').root), true);
      assert.equal(hasGpuNodes(parseFixture('pgstrom/v3-arrow-gpuscan-wrapped-filter.txt').root), true);
      assert.equal(hasGpuNodes(parseFixture('pg15/parallel-hash-join-verbose-buffers.json').root), false);
    });

    it('sees GPU properties on a non-PG-Strom node', () => {
      const { root } = parseExplainText(['Foreign Scan on f  (cost=1.00..2.00 rows=1 width=4)', '  GPU Preference: GPU0']);
      assert.equal(root.gpu?.preference, 'GPU0');
      assert.equal(hasGpuNodes(root), true);
    });

    it('walks the whole tree', () => {
      const leaf = parseExplainText(['Custom Scan (GpuScan) on t']).root;
      const { root } = parseExplainText(['Limit', '  ->  Sort', '        ->  Seq Scan on t']);
      assert.equal(hasGpuNodes(root), false);
      const sort = root.children[0] as PlanNode;
      sort.children = [leaf];
      assert.equal(hasGpuNodes(root), true);
    });
  });
});
