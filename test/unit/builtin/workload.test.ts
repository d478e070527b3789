import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materializeDataset, type MaterializedDataset } from '../../../src/dataset/builtin/materialize-dataset.js';
import { NULL_INT } from '../../../src/dataset/builtin/row-chunk.js';
import type { BuiltinTableName } from '../../../src/dataset/builtin/schema.js';
import {
  AGGREGATE_SHARE,
  generateWorkload,
  generateWorkloadQueries,
  MAX_RESULT_ROWS,
  WorkloadGenerationError,
  workloadPartition,
  type GeneratedQuery,
} from '../../../src/dataset/builtin/workload/generate-workload.js';
import { findJoinEdge, JOIN_EDGES } from '../../../src/dataset/builtin/workload/join-graph.js';
import type { QuerySpec } from '../../../src/dataset/builtin/workload/query-spec.js';
import { trueCount } from '../../../src/dataset/builtin/workload/true-count.js';
import { writeWorkloadFiles } from '../../../src/dataset/builtin/workload/write-workload-files.js';

const SEED = 5;
const SCALE = 0.01;
const ALIASES: Readonly<Record<string, BuiltinTableName>> = { u: 'users', p: 'posts', c: 'comments', v: 'votes', b: 'badges', pl: 'postlinks', ph: 'posthistory', t: 'tags' };

/** Reads a generated query back from its text alone (the test must not trust the spec). */
function parse(sql: string): { tables: BuiltinTableName[]; joins: [string, string][]; aggregate: boolean } {
  const m = /^SELECT (.+?) FROM (.+?) WHERE (.+?)( GROUP BY 1)?;$/.exec(sql);
  assert.ok(m, `unexpected shape: ${sql}`);
  const tables = m[2]!.split(', ').map((item) => {
    const [table, as, alias] = item.split(' ');
    assert.equal(as, 'AS');
    assert.equal(ALIASES[alias!], table, `alias ${alias} for ${table}`);
    return table as BuiltinTableName;
  });
  const joins: [string, string][] = [];
  for (const cond of m[3]!.split(' AND ')) {
    const j = /^(\w+)\.(\w+) = (\w+)\.(\w+)$/.exec(cond);
    if (j) joins.push([`${ALIASES[j[1]!]}.${j[2]}`, `${ALIASES[j[3]!]}.${j[4]}`]);
    else assert.match(cond, /^\w+\.\w+ (=|>=|<=) -?\d+$/);
  }
  return { tables, joins, aggregate: m[1] !== 'COUNT(*)' };
}

/** Counts a join by brute force: nested loops over the rows (only for small inputs). */
function bruteForceCount(data: MaterializedDataset, spec: QuerySpec): number {
  const passes = (table: BuiltinTableName, r: number): boolean =>
    spec.predicates.every((p) => {
      if (p.table !== table) return true;
      const x = data[table].columns[p.column]![r]!;
      return x !== NULL_INT && (p.op === '=' ? x === p.value : p.op === '>=' ? x >= p.value : x <= p.value);
    });
  const rows = new Map<BuiltinTableName, number>();
  const visit = (i: number): number => {
    if (i === spec.tables.length) return 1;
    const table = spec.tables[i]!;
    let total = 0;
    for (let r = 0; r < data[table].rows; r++) {
      if (!passes(table, r)) continue;
      rows.set(table, r);
      const joinsOk = spec.joins.every((j) => {
        if (!rows.has(j.left.table) || !rows.has(j.right.table) || (j.left.table !== table && j.right.table !== table)) return true;
        const a = data[j.left.table].columns[j.left.column]![rows.get(j.left.table)!]!;
        const b = data[j.right.table].columns[j.right.column]![rows.get(j.right.table)!]!;
        return a !== NULL_INT && a === b;
      });
      if (joinsOk) total += visit(i + 1);
    }
    rows.delete(table);
    return total;
  };
  return visit(0);
}

describe('builtin: workload generator', function () {
  this.timeout(60_000);
  let data: MaterializedDataset;
  let train: GeneratedQuery[];
  let test: GeneratedQuery[];
  before(() => {
    data = materializeDataset(SEED, SCALE);
    train = generateWorkloadQueries(data, { seed: SEED, count: 1000, kind: 'train' });
    test = generateWorkloadQueries(data, { seed: SEED, count: 150, kind: 'test' });
  });

  it('is deterministic', () => {
    const again = generateWorkload({ seed: SEED, scale: SCALE, count: 150, kind: 'test' });
    assert.deepEqual(again, test.map((q) => q.sql));
    assert.notDeepEqual(generateWorkload({ seed: SEED + 1, scale: SCALE, count: 150, kind: 'test' }), again);
  });

  it('train and test share no query text, and no workload repeats a query', () => {
    const trainSet = new Set(train.map((q) => q.sql));
    assert.equal(trainSet.size, train.length);
    assert.equal(new Set(test.map((q) => q.sql)).size, test.length);
    for (const q of test) assert.ok(!trainSet.has(q.sql), q.sql);
    assert.ok(train.every((q) => workloadPartition(q.sql) === 'train'));
    assert.ok(test.every((q) => workloadPartition(q.sql) === 'test'));
  });

  it('joins 2 to 6 tables, each with its STATS-CEB alias, all sizes present', () => {
    const sizes = new Set<number>();
    for (const q of [...train, ...test]) {
      const { tables } = parse(q.sql);
      assert.ok(tables.length >= 2 && tables.length <= 6, q.sql);
      assert.equal(new Set(tables).size, tables.length);
      sizes.add(tables.length);
    }
    assert.deepEqual([...sizes].sort(), [2, 3, 4, 5, 6]);
  });

  it('every query is a tree over the foreign-key join graph', () => {
    for (const q of [...train, ...test]) {
      const { tables, joins } = parse(q.sql);
      assert.equal(joins.length, tables.length - 1, q.sql);
      const parent = new Map(tables.map((t) => [t, t] as const));
      const find = (t: BuiltinTableName): BuiltinTableName => (parent.get(t) === t ? t : find(parent.get(t)!));
      for (const [a, b] of joins) {
        const [ta, ca] = a.split('.') as [BuiltinTableName, string];
        const [tb, cb] = b.split('.') as [BuiltinTableName, string];
        assert.ok(findJoinEdge({ table: ta, column: ca }, { table: tb, column: cb }), `${a} = ${b} is not a join edge`);
        assert.notEqual(find(ta), find(tb), `cycle in ${q.sql}`);
        parent.set(find(ta), find(tb));
      }
      assert.equal(new Set(tables.map(find)).size, 1, `not connected: ${q.sql}`);
    }
  });

  it('about AGGREGATE_SHARE of the queries aggregate or group', () => {
    const share = train.filter((q) => parse(q.sql).aggregate).length / train.length;
    assert.ok(Math.abs(share - AGGREGATE_SHARE) < 0.04, `aggregate share ${share}`);
    assert.ok(train.some((q) => q.sql.includes('GROUP BY 1')));
    assert.ok(train.some((q) => /SELECT (MIN|MAX|SUM)\(/.test(q.sql)));
  });

  it('every query has a filter and a non-empty result within MAX_RESULT_ROWS', () => {
    for (const q of [...train, ...test]) {
      assert.ok(q.spec.predicates.length > 0, q.sql);
      assert.ok(q.trueRows >= 1 && q.trueRows <= MAX_RESULT_ROWS, `${q.trueRows}: ${q.sql}`);
    }
    // Selectivities vary widely.
    const rows = train.map((q) => q.trueRows).sort((a, b) => a - b);
    assert.ok(rows[Math.floor(rows.length * 0.9)]! / rows[Math.floor(rows.length * 0.1)]! > 100);
  });

  it('counts true results exactly (checked by brute force on small joins)', () => {
    const small = materializeDataset(SEED, 0.002);
    const queries = generateWorkloadQueries(small, { seed: SEED, count: 40, kind: 'fast' }).filter((q) => q.spec.tables.length <= 3);
    assert.ok(queries.length >= 10);
    for (const q of queries.slice(0, 12)) assert.equal(trueCount(small, q.spec), bruteForceCount(small, q.spec), q.sql);
  });

  it('the fast workload joins at most 4 tables', () => {
    const fast = generateWorkloadQueries(data, { seed: SEED, count: 30, kind: 'fast' });
    assert.equal(fast.length, 30);
    assert.ok(fast.every((q) => q.spec.tables.length <= 4));
  });

  it('writes train.sql, test.sql and fast.sql, one query per line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pilot-builtin-workload-'));
    try {
      const paths = await writeWorkloadFiles({ seed: SEED, scale: SCALE, directory: join(dir, 'w'), counts: { train: 20, test: 150, fast: 5 } });
      const lines = (kind: 'train' | 'test' | 'fast'): string[] => readFileSync(paths[kind], 'utf8').split('\n');
      assert.equal(lines('train').length, 21);
      assert.equal(lines('fast').length, 6);
      assert.equal(lines('train').at(-1), '', 'ends with a newline');
      assert.deepEqual(lines('test').slice(0, -1), test.map((q) => q.sql));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has 11 foreign-key and 24 shared-key join edges', () => {
    assert.equal(JOIN_EDGES.filter((e) => e.kind === 'foreign-key').length, 11);
    assert.equal(JOIN_EDGES.filter((e) => e.kind === 'shared-key').length, 24);
  });

  it('rejects a bad count or kind with a PilotError', () => {
    assert.throws(() => generateWorkloadQueries(data, { seed: 1, count: -1, kind: 'train' }), WorkloadGenerationError);
    assert.throws(() => generateWorkloadQueries(data, { seed: 1, count: 1, kind: 'nope' as never }), (e: unknown) => e instanceof WorkloadGenerationError && e.code === 'INVALID_WORKLOAD_KIND');
  });
});
