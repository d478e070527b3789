import assert from 'node:assert/strict';
import pg from 'pg';
import { testPool } from '../helpers/cluster.js';

/**
 * The pg_pilot C extension seen from a client: the hint parser under fuzzing (no value may
 * crash a backend; each is accepted or refused with SQLSTATE 22023, exactly as the format
 * says), and the planner effects the framework relies on.
 *
 * PG_PILOT_FUZZ_SEED and PG_PILOT_FUZZ_CASES change the fuzzing run.
 */

const SCHEMA = 'pilot_ext_test';
const SEED = Number(process.env.PG_PILOT_FUZZ_SEED ?? 20261121);
const CASES = Number(process.env.PG_PILOT_FUZZ_CASES ?? 3000);

/** Planner settings pinned for stable plans, whatever the server's configuration. */
const PLANNER_SETTINGS: readonly (readonly [string, string])[] = [
  ['search_path', `${SCHEMA}, public`],
  ['work_mem', '4MB'],
  ['effective_cache_size', '4GB'],
  ['random_page_cost', '4'],
  ['seq_page_cost', '1'],
  ['jit', 'off'],
  ['max_parallel_workers_per_gather', '0'],
  ['geqo_threshold', '12'],
  ['pg_pilot.enabled', 'on'],
  ['pg_pilot.card_hints', ''],
];

// ---- a seeded PRNG (mulberry32) ----

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

// ---- an independent model of the pg_pilot.card_hints format ----

const BLANKS = new Set([' ', '\t', '\n', '\r', '\f', '\v']);
const ROWS_SYNTAX = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly entry: number; readonly character: number };

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** What the extension must answer for `value` (already as the server sees it). */
export function expectedVerdict(value: string): Verdict {
  const chars = [...value]; // code points: the server counts characters
  if (chars.every((c) => BLANKS.has(c))) return { ok: true };
  const keys: { key: string; entry: number; character: number }[] = [];
  let start = 0;
  for (let entry = 1; ; entry++) {
    let end = start;
    while (end < chars.length && chars[end] !== ',') end++;
    let s = start;
    let e = end;
    while (s < e && BLANKS.has(chars[s] ?? '')) s++;
    while (e > s && BLANKS.has(chars[e - 1] ?? '')) e--;
    const bad = { ok: false, entry, character: s + 1 } as const;
    if (s === e) return { ok: false, entry, character: start + 1 };
    const text = chars.slice(s, e);
    const eq = text.indexOf('=');
    if (eq < 0) return bad;
    const key = text.slice(0, eq).join('');
    const aliases = key.split(/[ \t\n\r\f\v]+/).filter((a) => a !== '');
    if (aliases.length === 0) return bad;
    for (let i = 1; i < aliases.length; i++) {
      if (byteCompare(aliases[i - 1] ?? '', aliases[i] ?? '') >= 0) return bad;
    }
    const rows = text.slice(eq + 1).join('').replace(/^[ \t\n\r\f\v]+/, '');
    if (!ROWS_SYNTAX.test(rows) || rows.startsWith('-') || !Number.isFinite(Number(rows))) return bad;
    keys.push({ key: aliases.join(' '), entry, character: s + 1 });
    if (end >= chars.length) break;
    start = end + 1;
  }
  const sorted = [...keys].sort((x, y) => byteCompare(x.key, y.key) || x.entry - y.entry);
  for (let i = 1; i < sorted.length; i++) {
    const dup = sorted[i];
    if (dup !== undefined && sorted[i - 1]?.key === dup.key) return { ok: false, entry: dup.entry, character: dup.character };
  }
  return { ok: true };
}

// ---- generators of values to try ----

const ALIAS_CHARS = [...'abcxyzABZ_09$"\'\\%;()-+.*#@!?<>[]{}|~`^&/:', 'é', 'ü', 'ß', '日', '本', '🙂', '\u00a0', '\u2028', '\u0001', '\u007f', '\ufeff'];
const ROWS_FORMS = [
  '0', '1', '42', '1000', '12.5', '.5', '7.', '+3', '1e6', '1E-3', '1e+2', '007', '1.7976931348623157e308', '1e308', '1e-400',
  '1.8e308', '1e309', '-1', '-0', '-1e3', 'nan', 'NaN', 'inf', 'Infinity', '-inf', '0x10', '1e', '1e+', '.', '+', '-', '',
  '1.2.3', '1 2', '１２', '1_000', 'ten', '١', '9'.repeat(400), '0.' + '0'.repeat(400) + '1', '1' + '0'.repeat(308), '=',
];
const ADVERSARIAL = [
  '', ' ', '\t\n', ',', ' , ', ',,,,', '=', '==', '=,,=', '====', ',=,', 'a', 'a=', '=1', 'a=1,', ',a=1', 'a==1', 'a=1=1',
  ' a = 1 ', 'a b=1', 'b a=1', 'a a=1', 'a=1,a=2', 'a=1, a=1', 'a\u00a0b=1', 'a\u2028=1', '\u00a0=1', 'a=\u00a01',
  'a=1e308', 'a=1e309', 'a=-0', 'a=0', '9'.repeat(100_000), 'x'.repeat(200_000) + '=1', 'a=' + '9'.repeat(100_000),
  ','.repeat(10_000), '='.repeat(10_000), 'a=1,'.repeat(5_000), '🙂=1', '🙂 🙃=1', '🙃 🙂=1', '\ud800=1', 'a=\udfff',
  '%s%s%s%n=1', "'; DROP TABLE x; --=1", 'a=1\u0000'.replace('\u0000', ''),
];

function randomAlias(rng: Rng): string {
  const len = rng.chance(0.02) ? rng.int(100, 400) : rng.int(1, 6);
  let out = '';
  for (let i = 0; i < len; i++) out += rng.pick(ALIAS_CHARS);
  return out;
}

function randomBlank(rng: Rng): string {
  if (rng.chance(0.6)) return '';
  let out = '';
  for (let i = rng.int(1, 3); i > 0; i--) out += rng.pick([...BLANKS]);
  return out;
}

const VALID_ROWS = ROWS_FORMS.filter((r) => ROWS_SYNTAX.test(r) && !r.startsWith('-') && Number.isFinite(Number(r)));

/** One entry; `wellFormed` ones follow the format, the others may break it anywhere. */
function randomEntry(rng: Rng, wellFormed: boolean): string {
  const n = wellFormed ? rng.int(1, 5) : rng.int(0, 5);
  let aliases = Array.from({ length: n }, () => randomAlias(rng));
  if (wellFormed || rng.chance(0.8)) aliases = [...new Set(aliases)].sort(byteCompare);
  if (!wellFormed && rng.chance(0.05) && aliases.length > 0) aliases.push(aliases[0] ?? 'a');
  const sep = wellFormed || rng.chance(0.9) ? '=' : rng.pick(['', '==', ' ', '= =']);
  const joiner = wellFormed || rng.chance(0.9) ? ' ' : randomBlank(rng) || '  ';
  const rows = wellFormed ? rng.pick(VALID_ROWS) : rng.pick(ROWS_FORMS);
  return randomBlank(rng) + aliases.join(joiner) + randomBlank(rng) + sep + randomBlank(rng) + rows + randomBlank(rng);
}

function randomCodePoint(rng: Rng): string {
  const range = rng.pick([
    [0x01, 0x7f],
    [0x80, 0x7ff],
    [0x800, 0xd7ff],
    [0xe000, 0xfffd],
    [0x10000, 0x10ffff],
    [0xd800, 0xdfff], // lone surrogates: the client sends U+FFFD
  ] as const);
  return String.fromCodePoint(rng.int(range[0], range[1]));
}

function randomGarbage(rng: Rng): string {
  let out = '';
  const len = rng.chance(0.05) ? rng.int(1_000, 20_000) : rng.int(0, 60);
  for (let i = 0; i < len; i++) out += rng.chance(0.3) ? rng.pick([',', '=', ' ', '1', 'e', '.', '-']) : randomCodePoint(rng);
  return out;
}

function mutate(rng: Rng, value: string): string {
  const chars = [...value];
  for (let i = rng.int(1, 4); i > 0; i--) {
    const at = rng.int(0, chars.length);
    const op = rng.int(0, 2);
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, rng.pick([',', '=', ' ', '-', '.', 'e', '\u00a0', randomCodePoint(rng)]));
    else chars.splice(at, 1, randomCodePoint(rng));
  }
  return chars.join('');
}

/** Many distinct, sorted keys; sometimes with one defect somewhere. */
function manyEntries(rng: Rng): string {
  const n = rng.int(1_000, 4_000);
  const entries = Array.from({ length: n }, (_, i) => `t${String(i).padStart(5, '0')} u${i % 97}=${rng.int(0, 1e9)}`);
  if (rng.chance(0.5)) {
    const at = rng.int(0, n - 1);
    entries[at] = rng.pick([entries[0] ?? 'x=1', 'z y=1', 'a=-1', 'a=', '', 'a']);
  }
  return entries.join(rng.pick([',', ', ', ' ,']));
}

function* fuzzValues(rng: Rng, count: number): Generator<string> {
  let produced = 0;
  for (const value of ADVERSARIAL) {
    if (produced++ >= count) return;
    yield value;
  }
  while (produced++ < count) {
    const kind = rng.int(0, 99);
    const entries = (wellFormed: boolean) => Array.from({ length: rng.int(1, 8) }, () => randomEntry(rng, wellFormed));
    if (kind < 30) yield entries(true).join(',');
    else if (kind < 50) yield entries(rng.chance(0.5)).join(rng.chance(0.9) ? ',' : ',,');
    else if (kind < 65) yield mutate(rng, entries(true).join(','));
    else if (kind < 90) yield randomGarbage(rng);
    else if (kind < 93) yield manyEntries(rng);
    else yield rng.pick(ADVERSARIAL) + rng.pick(['', ',', '=', ' ']) + randomEntry(rng, rng.chance(0.5));
  }
}

// ---- plans ----

interface PlanNode {
  'Node Type': string;
  'Plan Rows': number;
  Alias?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The sorted aliases under a node: the sub-plan key it computes. */
function keyOf(plan: PlanNode): string {
  const aliases = new Set(nodes(plan).flatMap((n) => (n.Alias === undefined ? [] : [n.Alias])));
  return [...aliases].sort(byteCompare).join(' ');
}

const JOIN_TYPES = new Set(['Nested Loop', 'Hash Join', 'Merge Join']);

async function explain(client: pg.PoolClient, sql: string): Promise<PlanNode> {
  const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${sql}`);
  const plan = rows[0]?.['QUERY PLAN'][0]?.Plan;
  assert.ok(plan, `no plan for ${sql}`);
  return plan;
}

function topJoin(plan: PlanNode): PlanNode {
  const join = nodes(plan).find((n) => JOIN_TYPES.has(n['Node Type']));
  assert.ok(join, 'the plan has no join');
  return join;
}

async function setHints(client: pg.PoolClient, hints: string): Promise<void> {
  await client.query("SELECT set_config('pg_pilot.card_hints', $1, false)", [hints]);
}

describe('pg_pilot extension', function () {
  this.timeout(600_000);
  let pool: pg.Pool;
  let client: pg.PoolClient;

  before(async () => {
    pool = await testPool();
    client = await pool.connect();
    // calling one of its functions loads the library even without shared_preload_libraries
    await client.query('SELECT pg_pilot_version()');
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client.query(`CREATE SCHEMA ${SCHEMA}`);
    for (const [name, value] of PLANNER_SETTINGS) await client.query('SELECT set_config($1, $2, false)', [name, value]);
    await client.query(`
      CREATE TABLE a AS SELECT g AS id, g % 100 AS v FROM generate_series(1, 10000) g;
      CREATE TABLE b AS SELECT g AS id, (g % 10000) + 1 AS a_id FROM generate_series(1, 20000) g;
      CREATE INDEX b_a_id ON b (a_id);
      CREATE TABLE c AS SELECT g AS id, (g % 20000) + 1 AS b_id FROM generate_series(1, 5000) g;
      SET default_statistics_target = 100;
      ANALYZE a, b, c;`);
  });

  after(async () => {
    if (client) {
      await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      client.release();
    }
    await pool?.end();
  });

  beforeEach(async () => {
    await setHints(client, '');
    await client.query("SET pg_pilot.enabled = on");
  });

  it('reports its version', async () => {
    const { rows } = await client.query<{ v: string }>('SELECT pg_pilot_version() AS v');
    assert.equal(rows[0]?.v, '0.1');
  });

  it(`accepts or refuses (SQLSTATE 22023) ${CASES} fuzzed hint values without losing the backend (seed ${SEED})`, async () => {
    const rng = new Rng(SEED);
    const { rows: pidRows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = pidRows[0]?.pid;
    let accepted = 0;
    let refused = 0;
    let caseNo = 0;
    for (const raw of fuzzValues(rng, CASES)) {
      caseNo++;
      const value = Buffer.from(raw, 'utf8').toString('utf8'); // what the server receives
      const label = `case ${caseNo} (seed ${SEED}): ${JSON.stringify(value.length > 120 ? value.slice(0, 120) + '...' : value)}`;
      const expected = expectedVerdict(value);
      let outcome: Verdict;
      try {
        await setHints(client, raw);
        outcome = { ok: true };
      } catch (error) {
        const e = error as pg.DatabaseError;
        assert.equal(e.code, '22023', `${label}: unexpected error ${e.code}: ${e.message}`);
        assert.equal(e.message, 'invalid value for parameter "pg_pilot.card_hints"', label);
        const m = /^Hint entry (\d+) \(".*"\) at character (\d+): .+\.$/s.exec(e.detail ?? '');
        assert.ok(m, `${label}: unexpected detail ${e.detail}`);
        outcome = { ok: false, entry: Number(m[1]), character: Number(m[2]) };
      }
      assert.deepEqual(outcome, expected, label);
      if (outcome.ok) {
        accepted++;
        const { rows } = await client.query<{ v: string }>("SELECT current_setting('pg_pilot.card_hints') AS v");
        assert.equal(rows[0]?.v, value, `${label}: read back`);
        // plan with this hint set in force now and then: lookups must cope with any key
        if (caseNo % 25 === 0) await client.query('EXPLAIN SELECT * FROM a JOIN b ON b.a_id = a.id');
      } else {
        refused++;
      }
      const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
      assert.equal(rows[0]?.one, 1, `${label}: backend unusable`);
    }
    const { rows: after } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    assert.equal(after[0]?.pid, pid, 'the backend was replaced');
    // both outcomes must be well represented, or the generators are off
    assert.ok(accepted > CASES / 20 && refused > CASES / 20, `accepted ${accepted}, refused ${refused}`);
  });

  it('injects a base-relation estimate', async () => {
    const sql = 'SELECT * FROM a WHERE v < 10';
    assert.equal((await explain(client, sql))['Plan Rows'], 1000);
    await setHints(client, 'a=42');
    assert.equal((await explain(client, sql))['Plan Rows'], 42);
    await client.query('SET pg_pilot.enabled = off');
    assert.equal((await explain(client, sql))['Plan Rows'], 1000);
  });

  it('flips the join method of a 2-table join from the injected join estimate alone', async () => {
    const sql = 'SELECT * FROM a JOIN b ON b.a_id = a.id LIMIT 100';
    await setHints(client, 'a b=1e9');
    const huge = topJoin(await explain(client, sql));
    await setHints(client, 'a b=100');
    const tiny = topJoin(await explain(client, sql));
    assert.equal(huge['Plan Rows'], 1e9);
    assert.equal(tiny['Plan Rows'], 100);
    assert.equal(huge['Node Type'], 'Nested Loop');
    assert.equal(tiny['Node Type'], 'Hash Join');
  });

  it('shows the injected estimate on every hinted sub-plan of a 3-table join', async () => {
    const sql = 'SELECT * FROM a JOIN b ON b.a_id = a.id JOIN c ON c.b_id = b.id';
    const hints: Record<string, number> = { a: 11, b: 22, c: 33, 'a b': 44, 'b c': 55, 'a b c': 66 };
    await setHints(client, Object.entries(hints).map(([k, v]) => `${k}=${v}`).join(','));
    // no nested loops: an inner parameterized scan shows rows per outer row, not the relation's
    await client.query('SET enable_nestloop = off');
    try {
      const plan = await explain(client, sql);
      const shown = nodes(plan).filter((n) => n.Alias !== undefined || JOIN_TYPES.has(n['Node Type']));
      assert.equal(shown.filter((n) => JOIN_TYPES.has(n['Node Type'])).length, 2);
      assert.equal(shown.length, 5);
      for (const node of shown) assert.equal(node['Plan Rows'], hints[keyOf(node)], `${node['Node Type']} over ${keyOf(node)}`);
    } finally {
      await client.query('RESET enable_nestloop');
    }
  });

  it('lists every connected sub-plan of a 3-table chain in pg_pilot_subplans()', async () => {
    await setHints(client, 'a b=5000');
    await client.query('EXPLAIN SELECT * FROM a JOIN b ON b.a_id = a.id JOIN c ON c.b_id = b.id');
    const { rows } = await client.query<{ key: string; relations: number; planner_rows: number; injected_rows: number | null }>(
      'SELECT key, relations, planner_rows, injected_rows FROM pg_pilot_subplans()',
    );
    assert.deepEqual(
      rows.map((r) => [r.key, r.relations]),
      [['a', 1], ['b', 1], ['c', 1], ['a b', 2], ['b c', 2], ['a b c', 3]],
    );
    for (const r of rows) assert.ok(r.planner_rows > 0, `${r.key}: planner_rows ${r.planner_rows}`);
    assert.deepEqual(
      rows.filter((r) => r.injected_rows !== null).map((r) => [r.key, r.injected_rows]),
      [['a b', 5000]],
    );
    // reading the record does not replace it
    const again = await client.query('SELECT key FROM pg_pilot_subplans()');
    assert.equal(again.rowCount, 6);
  });
});
