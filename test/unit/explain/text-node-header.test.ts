import assert from 'node:assert/strict';
import { parseNodeHeader, type NodeHeader } from '../../../src/db/explain/text-node-header.js';

function header(text: string): NodeHeader {
  const result = parseNodeHeader(text);
  assert.ok(result.ok, `"${text}" did not parse`);
  return result.header;
}

/** The header without its defaults, for compact expectations. */
function fields(text: string): Record<string, unknown> {
  const { extra, parallelAware, ...rest } = header(text);
  return { ...rest, ...(parallelAware ? { parallelAware } : {}), ...(Object.keys(extra).length > 0 ? { extra } : {}) };
}

describe('text node names -> JSON node fields', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['Seq Scan on users', { nodeType: 'Seq Scan', relationName: 'users', alias: 'users' }],
    ['Seq Scan on users u', { nodeType: 'Seq Scan', relationName: 'users', alias: 'u' }],
    ['Parallel Seq Scan on public.comments c', { nodeType: 'Seq Scan', parallelAware: true, schema: 'public', relationName: 'comments', alias: 'c' }],
    ['Seq Scan on "My Schema"."Odd ""Name""" "x y"', { nodeType: 'Seq Scan', schema: 'My Schema', relationName: 'Odd "Name"', alias: 'x y' }],
    ['Index Scan using users_pkey on users u', { nodeType: 'Index Scan', indexName: 'users_pkey', relationName: 'users', alias: 'u' }],
    ['Index Scan Backward using "Idx" on t', { nodeType: 'Index Scan', indexName: 'Idx', relationName: 't', alias: 't', extra: { 'Scan Direction': 'Backward' } }],
    ['Index Only Scan using users_pkey on public.users u', { nodeType: 'Index Only Scan', indexName: 'users_pkey', schema: 'public', relationName: 'users', alias: 'u' }],
    ['Bitmap Index Scan on posts_score_idx', { nodeType: 'Bitmap Index Scan', indexName: 'posts_score_idx' }],
    ['Bitmap Heap Scan on posts p', { nodeType: 'Bitmap Heap Scan', relationName: 'posts', alias: 'p' }],
    ['BitmapOr', { nodeType: 'BitmapOr' }],
    ['Hash Join', { nodeType: 'Hash Join', joinType: 'Inner' }],
    ['Parallel Hash Left Join', { nodeType: 'Hash Join', joinType: 'Left', parallelAware: true }],
    ['Hash Right Anti Join', { nodeType: 'Hash Join', joinType: 'Right Anti' }],
    ['Merge Full Join', { nodeType: 'Merge Join', joinType: 'Full' }],
    ['Nested Loop', { nodeType: 'Nested Loop', joinType: 'Inner' }],
    ['Nested Loop Semi Join', { nodeType: 'Nested Loop', joinType: 'Semi' }],
    ['Aggregate', { nodeType: 'Aggregate', strategy: 'Plain', partialMode: 'Simple' }],
    ['Partial HashAggregate', { nodeType: 'Aggregate', strategy: 'Hashed', partialMode: 'Partial' }],
    ['Finalize GroupAggregate', { nodeType: 'Aggregate', strategy: 'Sorted', partialMode: 'Finalize' }],
    ['MixedAggregate', { nodeType: 'Aggregate', strategy: 'Mixed', partialMode: 'Simple' }],
    ['HashSetOp Except', { nodeType: 'SetOp', strategy: 'Hashed', extra: { Command: 'Except' } }],
    ['SetOp Intersect All', { nodeType: 'SetOp', strategy: 'Sorted', extra: { Command: 'Intersect All' } }],
    ['Insert on comments', { nodeType: 'ModifyTable', operation: 'Insert', relationName: 'comments', alias: 'comments' }],
    ['Update on public.users u', { nodeType: 'ModifyTable', operation: 'Update', schema: 'public', relationName: 'users', alias: 'u' }],
    ['Custom Scan (GpuJoin) on t0', { nodeType: 'Custom Scan', customProvider: 'GpuJoin', relationName: 't0', alias: 't0' }],
    ['Parallel Custom Scan (GpuPreAgg)', { nodeType: 'Custom Scan', customProvider: 'GpuPreAgg', parallelAware: true }],
    ['Custom Scan (GpuScan) on lineorder__p1992 lineorder_1', { nodeType: 'Custom Scan', customProvider: 'GpuScan', relationName: 'lineorder__p1992', alias: 'lineorder_1' }],
    ['CTE Scan on active a1', { nodeType: 'CTE Scan', cteName: 'active', alias: 'a1' }],
    ['WorkTable Scan on r r_1', { nodeType: 'WorkTable Scan', cteName: 'r', alias: 'r_1' }],
    ['Function Scan on generate_series g', { nodeType: 'Function Scan', functionName: 'generate_series', alias: 'g' }],
    ['Function Scan on pg_catalog.generate_series g', { nodeType: 'Function Scan', schema: 'pg_catalog', functionName: 'generate_series', alias: 'g' }],
    ['Subquery Scan on "*SELECT* 1"', { nodeType: 'Subquery Scan', alias: '*SELECT* 1' }],
    ['Values Scan on "*VALUES*"', { nodeType: 'Values Scan', alias: '*VALUES*' }],
    ['Table Function Scan on "xmltable"', { nodeType: 'Table Function Scan', alias: 'xmltable', extra: { 'Table Function Name': 'xmltable' } }],
    ['Async Foreign Scan on ft', { nodeType: 'Foreign Scan', relationName: 'ft', alias: 'ft', asyncCapable: true, extra: { 'Async Capable': true } }],
    ['Gather Merge', { nodeType: 'Gather Merge' }],
    ['Incremental Sort', { nodeType: 'Incremental Sort' }],
    ['Result', { nodeType: 'Result' }],
  ];
  for (const [text, expected] of cases) {
    it(text, () => {
      assert.deepEqual(fields(text), expected);
    });
  }

  it('rejects targets it cannot read', () => {
    assert.equal(parseNodeHeader('Seq Scan on "open').ok, false);
    assert.equal(parseNodeHeader('Seq Scan on a b c').ok, false);
    assert.equal(parseNodeHeader('Index Scan using idx').ok, false);
    assert.equal(parseNodeHeader('').ok, false);
  });
});
