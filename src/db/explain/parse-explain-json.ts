import { ExplainParseError } from './explain-parse-error.js';
import { NodePropertySink, newPlanNode } from './plan-node-builder.js';
import type { ExplainResult, PlanNode, TriggerStats } from './plan-node.js';

/**
 * Parses `EXPLAIN (FORMAT JSON[, ANALYZE, VERBOSE, BUFFERS, SETTINGS])` output.
 *
 * Accepts what node-postgres returns for it: the value of the `QUERY PLAN` column (an array
 * holding one object with `Plan`, `Planning Time`, ...), that array's JSON text, the object
 * itself, or the rows (`[{ 'QUERY PLAN': [...] }]`). Throws ExplainParseError (code
 * EXPLAIN_PARSE_ERROR) naming the path of what is wrong, e.g. `$[0].Plan.Plans[1]["Plan Rows"]`.
 */
export function parseExplainJson(input: unknown): ExplainResult {
  const { value, path } = unwrap(input, '$');
  return parseTop(value, path);
}

type Json = Record<string, unknown>;

function unwrap(input: unknown, path: string): { value: Json; path: string } {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (e) {
      throw new ExplainParseError('json', `not valid JSON (${e instanceof Error ? e.message : String(e)})`, { path, cause: e });
    }
  }
  if (Array.isArray(value)) {
    if (value.length !== 1) {
      throw new ExplainParseError('json', `expected an array with one EXPLAIN result, got ${value.length} elements`, { path });
    }
    return unwrap(value[0], `${path}[0]`);
  }
  if (!isObject(value)) throw new ExplainParseError('json', `expected an object with a "Plan" key, got ${describe(value)}`, { path });
  if (!('Plan' in value) && 'QUERY PLAN' in value) return unwrap(value['QUERY PLAN'], keyPath(path, 'QUERY PLAN'));
  return { value, path };
}

const TOP_KEYS: ReadonlySet<string> = new Set(['Plan', 'Planning Time', 'Execution Time', 'Triggers', 'JIT']);

function parseTop(top: Json, path: string): ExplainResult {
  if (!('Plan' in top)) {
    throw new ExplainParseError('json', `missing the "Plan" key (keys: ${Object.keys(top).join(', ') || 'none'})`, { path });
  }
  const result: ExplainResult = { root: parseNode(top['Plan'], keyPath(path, 'Plan')), extra: {} };
  const planning = optionalNumber(top, 'Planning Time', path);
  if (planning !== undefined) result.planningTimeMs = planning;
  const execution = optionalNumber(top, 'Execution Time', path);
  if (execution !== undefined) result.executionTimeMs = execution;
  if ('Triggers' in top) {
    const triggers = parseTriggers(top['Triggers'], keyPath(path, 'Triggers'));
    if (triggers.length > 0) result.triggers = triggers;
  }
  if ('JIT' in top) {
    const jit = top['JIT'];
    if (!isObject(jit)) throw new ExplainParseError('json', `expected an object, got ${describe(jit)}`, { path: keyPath(path, 'JIT') });
    result.jit = jit;
  }
  for (const [key, value] of Object.entries(top)) {
    if (!TOP_KEYS.has(key)) result.extra[key] = value;
  }
  return result;
}

/** Keys read into typed string fields. */
const STRING_FIELDS = {
  'Custom Plan Provider': 'customProvider',
  Strategy: 'strategy',
  'Partial Mode': 'partialMode',
  Operation: 'operation',
  'Relation Name': 'relationName',
  Schema: 'schema',
  Alias: 'alias',
  'Index Name': 'indexName',
  'CTE Name': 'cteName',
  'Function Name': 'functionName',
  'Join Type': 'joinType',
  'Parent Relationship': 'parentRelationship',
  'Subplan Name': 'subplanName',
} as const satisfies Record<string, keyof PlanNode>;

/** Keys read into typed number fields; the cost fields stay NaN when absent (COSTS OFF). */
const NUMBER_FIELDS = {
  'Startup Cost': 'startupCost',
  'Total Cost': 'totalCost',
  'Plan Rows': 'planRows',
  'Plan Width': 'planWidth',
  'Actual Startup Time': 'actualStartupTime',
  'Actual Total Time': 'actualTotalTime',
  'Actual Rows': 'actualRows',
  'Actual Loops': 'actualLoops',
} as const satisfies Record<string, keyof PlanNode>;

function parseNode(value: unknown, path: string): PlanNode {
  if (!isObject(value)) throw new ExplainParseError('json', `expected a plan node object, got ${describe(value)}`, { path });
  const nodeType = value['Node Type'];
  if (typeof nodeType !== 'string' || nodeType === '') {
    throw new ExplainParseError('json', `expected "Node Type" to be a non-empty string, got ${describe(nodeType)}`, { path: keyPath(path, 'Node Type') });
  }
  const node = newPlanNode(nodeType);
  const provider = value['Custom Plan Provider'];
  if (typeof provider === 'string') node.customProvider = provider;
  const sink = new NodePropertySink(node);

  for (const [key, field] of Object.entries(value)) {
    const at = keyPath(path, key);
    if (key === 'Node Type') continue;
    if (key === 'Plans') {
      if (!Array.isArray(field)) throw new ExplainParseError('json', `expected an array of plan nodes, got ${describe(field)}`, { path: at });
      node.children = field.map((child, i) => parseNode(child, `${at}[${i}]`));
    } else if (key === 'Parallel Aware') {
      if (typeof field !== 'boolean') throw new ExplainParseError('json', `expected a boolean, got ${describe(field)}`, { path: at });
      node.parallelAware = field;
    } else if (Object.hasOwn(STRING_FIELDS, key)) {
      if (typeof field !== 'string') throw new ExplainParseError('json', `expected a string, got ${describe(field)}`, { path: at });
      node[STRING_FIELDS[key as keyof typeof STRING_FIELDS]] = field;
    } else if (Object.hasOwn(NUMBER_FIELDS, key)) {
      if (typeof field !== 'number' || !Number.isFinite(field)) throw new ExplainParseError('json', `expected a number, got ${describe(field)}`, { path: at });
      node[NUMBER_FIELDS[key as keyof typeof NUMBER_FIELDS]] = field;
    } else {
      sink.add(key, field);
    }
  }
  return sink.finish();
}

function parseTriggers(value: unknown, path: string): TriggerStats[] {
  if (!Array.isArray(value)) throw new ExplainParseError('json', `expected an array, got ${describe(value)}`, { path });
  return value.map((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) throw new ExplainParseError('json', `expected a trigger object, got ${describe(item)}`, { path: at });
    const calls = item['Calls'];
    if (typeof calls !== 'number') throw new ExplainParseError('json', `expected a number, got ${describe(calls)}`, { path: keyPath(at, 'Calls') });
    const trigger: TriggerStats = { calls };
    const name = item['Trigger Name'];
    const constraint = item['Constraint Name'];
    const relation = item['Relation'];
    const time = item['Time'];
    if (typeof name === 'string') trigger.name = name;
    if (typeof constraint === 'string') trigger.constraintName = constraint;
    if (typeof relation === 'string') trigger.relation = relation;
    if (typeof time === 'number') trigger.timeMs = time;
    return trigger;
  });
}

function optionalNumber(obj: Json, key: string, path: string): number | undefined {
  if (!(key in obj)) return undefined;
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ExplainParseError('json', `expected a number, got ${describe(value)}`, { path: keyPath(path, key) });
  }
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** `$.Plan`, `$[0]["Total Cost"]`: dot for identifier keys, brackets otherwise. */
function keyPath(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
