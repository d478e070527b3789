import assert from 'node:assert/strict';
import { isPilotError } from '../../../src/errors/index.js';
import { ExplainParseError, parseExplainJson, parseExplainText } from '../../../src/db/explain/index.js';
import { fixtureText } from './fixtures.js';

/** Runs `fn`, expects an ExplainParseError and returns it. */
function parseError(fn: () => unknown): ExplainParseError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ExplainParseError, `expected an ExplainParseError, got ${String(e)}`);
    assert.ok(isPilotError(e));
    assert.equal(e.code, 'EXPLAIN_PARSE_ERROR');
    assert.ok(e.hint !== undefined && e.hint !== '');
    return e;
  }
  assert.fail('expected an error');
}

const plan = (): Record<string, unknown>[] => JSON.parse(fixtureText('pg15/hash-join-3way.json')) as Record<string, unknown>[];
const planObject = (value: Record<string, unknown>[]): Record<string, unknown> => (value[0] as { Plan: Record<string, unknown> }).Plan;
const childrenOf = (node: Record<string, unknown>): Record<string, unknown>[] => node['Plans'] as Record<string, unknown>[];

describe('malformed EXPLAIN input gives EXPLAIN_PARSE_ERROR with where it is', () => {
  describe('JSON', () => {
    it('text that is not JSON', () => {
      const e = parseError(() => parseExplainJson('[{"Plan": {'));
      assert.equal(e.path, '$');
      assert.equal(e.format, 'json');
      assert.match(e.message, /not valid JSON/);
    });

    it('an array that does not hold exactly one result', () => {
      assert.match(parseError(() => parseExplainJson([])).message, /one EXPLAIN result, got 0/);
      assert.equal(parseError(() => parseExplainJson([{ Plan: { 'Node Type': 'Result' } }, {}])).path, '$');
    });

    it('no "Plan" key', () => {
      const e = parseError(() => parseExplainJson([{ 'Planning Time': 1 }]));
      assert.equal(e.path, '$[0]');
      assert.match(e.message, /missing the "Plan" key \(keys: Planning Time\)/);
    });

    it('a value that is no object', () => {
      assert.equal(parseError(() => parseExplainJson(42)).path, '$');
      assert.equal(parseError(() => parseExplainJson(null)).path, '$');
      assert.equal(parseError(() => parseExplainJson([{ Plan: 'Seq Scan' }])).path, '$[0].Plan');
    });

    it('a node without "Node Type", deep in the tree', () => {
      const value = plan();
      const hash = childrenOf(childrenOf(planObject(value))[0] as Record<string, unknown>)[1] as Record<string, unknown>;
      delete hash['Node Type'];
      const e = parseError(() => parseExplainJson(value));
      assert.equal(e.path, '$[0].Plan.Plans[0].Plans[1]["Node Type"]');
      assert.match(e.message, /non-empty string, got nothing/);
    });

    it('a cost that is a string', () => {
      const value = plan();
      (childrenOf(planObject(value))[0] as Record<string, unknown>)['Total Cost'] = '2806.20';
      const e = parseError(() => parseExplainJson(value));
      assert.equal(e.path, '$[0].Plan.Plans[0]["Total Cost"]');
      assert.equal(e.context['path'], '$[0].Plan.Plans[0]["Total Cost"]');
      assert.match(e.message, /expected a number, got the string "2806.20"/);
    });

    it('"Plans" that is not an array, "Parallel Aware" that is not a boolean, a string field that is a number', () => {
      const a = plan();
      planObject(a)['Plans'] = {};
      assert.equal(parseError(() => parseExplainJson(a)).path, '$[0].Plan.Plans');
      const b = plan();
      planObject(b)['Parallel Aware'] = 'no';
      assert.equal(parseError(() => parseExplainJson(b)).path, '$[0].Plan["Parallel Aware"]');
      const c = plan();
      planObject(c)['Relation Name'] = 7;
      assert.equal(parseError(() => parseExplainJson(c)).path, '$[0].Plan["Relation Name"]');
      const d = plan();
      childrenOf(planObject(d)).push(3 as unknown as Record<string, unknown>);
      assert.equal(parseError(() => parseExplainJson(d)).path, '$[0].Plan.Plans[1]');
    });

    it('bad summary values', () => {
      assert.equal(parseError(() => parseExplainJson([{ Plan: { 'Node Type': 'Result' }, 'Planning Time': '1 ms' }])).path, '$[0]["Planning Time"]');
      assert.equal(parseError(() => parseExplainJson([{ Plan: { 'Node Type': 'Result' }, Triggers: {} }])).path, '$[0].Triggers');
      assert.equal(parseError(() => parseExplainJson([{ Plan: { 'Node Type': 'Result' }, Triggers: [{ 'Trigger Name': 't' }] }])).path, '$[0].Triggers[0].Calls');
      assert.equal(parseError(() => parseExplainJson([{ Plan: { 'Node Type': 'Result' }, JIT: 3 }])).path, '$[0].JIT');
    });

    it('the path goes through the node-postgres row', () => {
      const e = parseError(() => parseExplainJson([{ 'QUERY PLAN': [{ Plan: {} }] }]));
      assert.equal(e.path, '$[0]["QUERY PLAN"][0].Plan["Node Type"]');
    });
  });

  describe('text', () => {
    it('no plan lines', () => {
      assert.equal(parseError(() => parseExplainText('')).line, 1);
      assert.equal(parseError(() => parseExplainText(['', '   '])).line, 1);
      assert.equal(parseError(() => parseExplainText(' QUERY PLAN\n----------\n(0 rows)\n')).line, 1);
    });

    it('a first line that is not a plan node', () => {
      const e = parseError(() => parseExplainText('Planning Time: 0.1 ms'));
      assert.equal(e.line, 1);
      assert.equal(e.format, 'text');
      assert.match(e.message, /not a plan node/);
    });

    it('figures that cannot be read', () => {
      const e = parseError(() => parseExplainText(['Limit  (cost=0.00..1.00 rows=1 width=4)', '  ->  Seq Scan on t  (cost=0.00..x rows=1 width=4)']));
      assert.equal(e.line, 2);
      assert.match(e.message, /cost\/actual figures/);
      assert.equal(parseError(() => parseExplainText('Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=1..2 rows=1)')).line, 1);
      assert.equal(parseError(() => parseExplainText('Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) trailing')).line, 1);
    });

    it('a node line without "->"', () => {
      const e = parseError(() => parseExplainText([
        'Hash Join  (cost=1.00..2.00 rows=1 width=8)',
        '  Hash Cond: (a.id = b.id)',
        '  Seq Scan on a  (cost=0.00..1.00 rows=1 width=4)',
      ]));
      assert.equal(e.line, 3);
      assert.match(e.message, /must start with "->"/);
    });

    it('a "->" node that is not under any node', () => {
      const e = parseError(() => parseExplainText(['Limit', '  ->  Seq Scan on t', '->  Seq Scan on u']));
      assert.equal(e.line, 3);
      assert.match(e.message, /not indented under any plan node/);
      assert.equal(parseError(() => parseExplainText(['  Limit', '  ->  Seq Scan on t'])).line, 2);
    });

    it('a line that is no property at property level', () => {
      const e = parseError(() => parseExplainText(['Seq Scan on t', '  Filter (a = 1)']));
      assert.equal(e.line, 2);
      assert.match(e.message, /expected a property \("Key: value"\) of Seq Scan/);
    });

    it('a sub-plan label without its node', () => {
      const e = parseError(() => parseExplainText(['Seq Scan on t', '  SubPlan 1', '    Filter: (a = 1)']));
      assert.equal(e.line, 3);
      assert.match(e.message, /under the sub-plan label "SubPlan 1"/);
    });

    it('a node after the summary lines, or a summary line that is no "Key: value"', () => {
      assert.equal(parseError(() => parseExplainText(['Result', 'Planning Time: 0.1 ms', '  ->  Seq Scan on t'])).line, 3);
      assert.equal(parseError(() => parseExplainText(['Result', 'whatever this is'])).line, 2);
      assert.equal(parseError(() => parseExplainText(['Result', 'Trigger x: soon'])).line, 2);
    });

    it('line numbers count the input lines, psql header and blank lines included', () => {
      const e = parseError(() => parseExplainText(['  QUERY PLAN', '-----------', ' Limit', '', '   ->  Seq Scan on t', '         Filter (a = 1)', '(3 rows)']));
      assert.equal(e.line, 6);
      assert.equal(e.context['line'], 6);
      assert.match(e.message, /^EXPLAIN \(text\) line 6: /);
    });

    it('an unreadable scan target', () => {
      assert.equal(parseError(() => parseExplainText('Seq Scan on "unterminated')).line, 1);
      assert.equal(parseError(() => parseExplainText('Index Scan using idx')).line, 1);
    });
  });
});
