import { splitCostFigures } from './cost-figures.js';
import { ExplainParseError } from './explain-parse-error.js';
import { NodePropertySink, newPlanNode } from './plan-node-builder.js';
import type { ExplainResult, PlanNode, TriggerStats } from './plan-node.js';
import { parseNodeHeader } from './text-node-header.js';
import { toPlanLines, type PlanLine } from './text-plan-lines.js';
import { parseJitOptions, parseJitTiming, parseSettings, splitKeyValue, typedTextValue } from './text-values.js';

/**
 * Parses EXPLAIN's default text format (with or without ANALYZE, VERBOSE, BUFFERS, SETTINGS,
 * COSTS OFF, TIMING OFF), PG-Strom's custom scans and their `GPU ...` properties included.
 *
 * `text` is the whole output, or its rows as node-postgres returns them
 * (`rows.map((r) => r['QUERY PLAN'])`). psql decoration (header, dashes, `(N rows)`) is ignored.
 * Throws ExplainParseError (code EXPLAIN_PARSE_ERROR) with the 1-based line number.
 */
export function parseExplainText(text: string | readonly string[]): ExplainResult {
  const lines = toPlanLines(text);
  const first = lines[0];
  if (first === undefined) throw new ExplainParseError('text', 'no plan lines in the input', { line: 1 });
  const builder = new TextPlanBuilder(first);
  for (const line of lines.slice(1)) builder.add(line);
  return builder.finish();
}

interface Property {
  key: string;
  value: string;
  subLines: string[];
  /** A ModifyTable target line (`Update on events_2024 e_1`), not a `Key: value` property. */
  target?: boolean;
}

interface NodeFrame {
  kind: 'node';
  /** Column of the node name; children's '->' and its properties are to the right of it. */
  col: number;
  node: PlanNode;
  props: Property[];
  propIndent: number | undefined;
  neverExecuted: boolean;
  /** Children placed under a sub-plan label (InitPlan/SubPlan/CTE). */
  labelled: Set<PlanNode>;
}

interface LabelFrame {
  kind: 'label';
  col: number;
  text: string;
  owner: NodeFrame;
}

/** `InitPlan 1 (returns $0)`, `SubPlan 2`, `CTE name` (PostgreSQL prints these above the sub-plan's node). */
const SUBPLAN_LABEL_RE = /^(?:(InitPlan|SubPlan) \d+(?: \(returns [^)]*\))?|(CTE) .+)$/;
/** ModifyTable's per-target lines when it writes several tables (partitions, foreign tables). */
const MODIFY_TARGET_RE = /^(?:Foreign )?(?:Insert|Update|Delete|Merge) on \S/;
/** Text that looks like a plan node's figures. */
const FIGURES_RE = /\((?:cost=|actual (?:time|rows)=|never executed\))/;

class TextPlanBuilder {
  private readonly stack: (NodeFrame | LabelFrame)[] = [];
  private readonly frames: NodeFrame[] = [];
  private readonly rootFrame: NodeFrame;
  private readonly rootIndent: number;
  private readonly summary: (Property & { lineNo: number })[] = [];
  private inSummary = false;

  constructor(first: PlanLine) {
    this.rootIndent = first.indent;
    const nameText = first.text.startsWith('->') ? first.text.slice(2).trimStart() : first.text;
    this.rootFrame = this.nodeFrame(first, nameText, first.indent + (first.text.length - nameText.length));
    this.stack.push(this.rootFrame);
  }

  add(line: PlanLine): void {
    const { text, indent, lineNo } = line;
    if (this.inSummary || (indent <= this.rootIndent && !text.startsWith('->'))) {
      this.addSummaryLine(line);
      return;
    }
    if (text.startsWith('->')) {
      this.addNodeLine(line);
      return;
    }
    this.popTo(indent);
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) throw new ExplainParseError('text', `"${text}" is not indented under any plan node`, { line: lineNo, text });
    if (top.kind === 'label') {
      throw new ExplainParseError('text', `expected a "->" node under the sub-plan label "${top.text}", got "${text}"`, { line: lineNo, text });
    }
    const atPropertyLevel = top.propIndent === undefined || indent <= top.propIndent;
    if (atPropertyLevel && SUBPLAN_LABEL_RE.test(text)) {
      this.stack.push({ kind: 'label', col: indent, text, owner: top });
      return;
    }
    if (atPropertyLevel && top.node.nodeType === 'ModifyTable' && MODIFY_TARGET_RE.test(text)) {
      top.propIndent ??= indent;
      top.props.push({ key: text, value: '', subLines: [], target: true });
      return;
    }
    const kv = splitKeyValue(text);
    if (kv === undefined && FIGURES_RE.test(text)) {
      throw new ExplainParseError('text', `a plan node must start with "->": "${text}"`, { line: lineNo, text });
    }
    if (atPropertyLevel) {
      if (kv === undefined) {
        throw new ExplainParseError('text', `expected a property ("Key: value") of ${top.node.nodeType}, a sub-plan label or a "->" node, got "${text}"`, { line: lineNo, text });
      }
      top.propIndent ??= indent;
      top.props.push({ key: kv.key, value: kv.value, subLines: [] });
      return;
    }
    const last = top.props[top.props.length - 1];
    if (last === undefined) throw new ExplainParseError('text', `unexpected indented line "${text}"`, { line: lineNo, text });
    last.subLines.push(text);
  }

  finish(): ExplainResult {
    for (const frame of this.frames) finishFrame(frame);
    const root = this.rootFrame.node;
    const timing = this.frames.some((f) => f.node.actualTotalTime !== undefined);
    for (const frame of this.frames) {
      if (!frame.neverExecuted) continue;
      frame.node.actualRows = 0;
      frame.node.actualLoops = 0;
      if (timing) {
        frame.node.actualStartupTime = 0;
        frame.node.actualTotalTime = 0;
      }
    }
    return this.summaryResult(root);
  }

  private addNodeLine(line: PlanLine): void {
    const { text, indent, lineNo } = line;
    const nameText = text.slice(2).trimStart();
    const nameCol = indent + (text.length - nameText.length);
    this.popTo(indent);
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) throw new ExplainParseError('text', `the node "${nameText}" is not indented under any plan node`, { line: lineNo, text });
    const frame = this.nodeFrame(line, nameText, nameCol);
    if (top.kind === 'label') {
      this.stack.pop();
      frame.node.parentRelationship = top.text.startsWith('SubPlan') ? 'SubPlan' : 'InitPlan';
      frame.node.subplanName = top.text;
      top.owner.node.children.push(frame.node);
      top.owner.labelled.add(frame.node);
    } else {
      top.node.children.push(frame.node);
    }
    this.stack.push(frame);
  }

  /** Drops the frames that a line at `indent` is no longer inside of. */
  private popTo(indent: number): void {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined || top.col < indent) return;
      this.stack.pop();
    }
  }

  private nodeFrame(line: PlanLine, nameText: string, col: number): NodeFrame {
    const split = splitCostFigures(nameText);
    if (!split.ok) throw new ExplainParseError('text', split.problem, { line: line.lineNo, text: line.text });
    const parsed = parseNodeHeader(split.head);
    if (!parsed.ok) throw new ExplainParseError('text', parsed.problem, { line: line.lineNo, text: line.text });
    const h = parsed.header;
    if (!/^[A-Za-z][A-Za-z ]*$/.test(h.nodeType)) {
      throw new ExplainParseError('text', `not a plan node: "${nameText}"`, { line: line.lineNo, text: line.text });
    }
    const node = newPlanNode(h.nodeType);
    node.parallelAware = h.parallelAware;
    if (h.customProvider !== undefined) node.customProvider = h.customProvider;
    if (h.strategy !== undefined) node.strategy = h.strategy;
    if (h.partialMode !== undefined) node.partialMode = h.partialMode;
    if (h.operation !== undefined) node.operation = h.operation;
    if (h.joinType !== undefined) node.joinType = h.joinType;
    if (h.relationName !== undefined) node.relationName = h.relationName;
    if (h.schema !== undefined) node.schema = h.schema;
    if (h.alias !== undefined) node.alias = h.alias;
    if (h.indexName !== undefined) node.indexName = h.indexName;
    if (h.cteName !== undefined) node.cteName = h.cteName;
    if (h.functionName !== undefined) node.functionName = h.functionName;
    Object.assign(node.extra, h.extra);
    const f = split.figures;
    if (f.startupCost !== undefined) node.startupCost = f.startupCost;
    if (f.totalCost !== undefined) node.totalCost = f.totalCost;
    if (f.planRows !== undefined) node.planRows = f.planRows;
    if (f.planWidth !== undefined) node.planWidth = f.planWidth;
    if (f.actualStartupTime !== undefined) node.actualStartupTime = f.actualStartupTime;
    if (f.actualTotalTime !== undefined) node.actualTotalTime = f.actualTotalTime;
    if (f.actualRows !== undefined) node.actualRows = f.actualRows;
    if (f.actualLoops !== undefined) node.actualLoops = f.actualLoops;
    const frame: NodeFrame = { kind: 'node', col, node, props: [], propIndent: undefined, neverExecuted: f.neverExecuted === true, labelled: new Set() };
    this.frames.push(frame);
    return frame;
  }

  private addSummaryLine(line: PlanLine): void {
    const { text, indent, lineNo } = line;
    if (text.startsWith('->')) {
      throw new ExplainParseError('text', `a plan node after the summary lines: "${text}"`, { line: lineNo, text });
    }
    const last = this.summary[this.summary.length - 1];
    if (this.inSummary && indent > this.rootIndent && last !== undefined) {
      last.subLines.push(text);
      return;
    }
    const kv = splitKeyValue(text);
    if (kv === undefined) {
      throw new ExplainParseError('text', `expected a summary line ("Planning Time: 0.1 ms", "JIT:", ...) or a "->" node, got "${text}"`, { line: lineNo, text });
    }
    this.inSummary = true;
    this.summary.push({ key: kv.key, value: kv.value, subLines: [], lineNo });
  }

  private summaryResult(root: PlanNode): ExplainResult {
    const result: ExplainResult = { root, extra: {} };
    const triggers: TriggerStats[] = [];
    for (const item of this.summary) {
      const time = /^(\d+(?:\.\d+)?) ms$/.exec(item.value);
      if (/^Planning [Tt]ime$/.test(item.key) && time !== null) {
        result.planningTimeMs = Number(time[1]);
      } else if (/^(Execution [Tt]ime|Total runtime)$/.test(item.key) && time !== null) {
        result.executionTimeMs = Number(time[1]);
      } else if (item.key.startsWith('Trigger ')) {
        const trigger = parseTrigger(item.key, item.value);
        if (trigger === undefined) {
          throw new ExplainParseError('text', `cannot read the trigger line "${item.key}: ${item.value}"`, { line: item.lineNo });
        }
        triggers.push(trigger);
      } else if (item.key === 'JIT') {
        result.jit = jitBlock(item.subLines);
      } else if (item.key === 'Settings' && item.subLines.length === 0) {
        result.extra['Settings'] = parseSettings(item.value) ?? item.value;
      } else {
        result.extra[item.key] = propertyValue(item);
      }
    }
    if (triggers.length > 0) result.triggers = triggers;
    return result;
  }
}

/** Applies the collected properties and infers the parent relationship of unlabelled children. */
function finishFrame(frame: NodeFrame): void {
  const sink = new NodePropertySink(frame.node);
  const targets = frame.props.filter((p) => p.target === true);
  for (const prop of frame.props) {
    if (prop.target !== true) sink.add(prop.key, propertyValue(prop));
  }
  if (targets.length > 0) sink.add('Target Tables', targets.map(targetTable));
  sink.finish();
  const node = frame.node;
  const plain = node.children.filter((c) => !frame.labelled.has(c));
  const relationship = MEMBER_PARENTS.has(node.nodeType) ? 'Member' : node.nodeType === 'Subquery Scan' ? 'Subquery' : undefined;
  plain.forEach((child, i) => {
    if (relationship !== undefined) child.parentRelationship = relationship;
    else if (node.nodeType !== 'Custom Scan' && i < 2) child.parentRelationship = i === 0 ? 'Outer' : 'Inner';
  });
}

/** `Update on public.events_2024 e_1` (+ sub-lines) in the JSON format's "Target Tables" shape. */
function targetTable(prop: Property): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  const parsed = parseNodeHeader(prop.key);
  if (parsed.ok) {
    if (parsed.header.relationName !== undefined) table['Relation Name'] = parsed.header.relationName;
    if (parsed.header.schema !== undefined) table['Schema'] = parsed.header.schema;
    if (parsed.header.alias !== undefined) table['Alias'] = parsed.header.alias;
  } else {
    table['Target'] = prop.key;
  }
  for (const line of prop.subLines) {
    const kv = splitKeyValue(line);
    if (kv !== undefined) table[kv.key] = typedTextValue(kv.value);
  }
  return table;
}

/** Nodes whose children PostgreSQL calls "Member". */
const MEMBER_PARENTS: ReadonlySet<string> = new Set(['Append', 'Merge Append', 'BitmapAnd', 'BitmapOr']);

/**
 * A property's value: typed when it is one line; with sub-lines, an object when the head is
 * empty and every sub-line is `Key: value` (`Planning:` + `Buffers: ...`), else the lines
 * joined with '\n'.
 */
function propertyValue(prop: Property): unknown {
  if (prop.subLines.length === 0) return typedTextValue(prop.value);
  if (prop.value === '') {
    const pairs = prop.subLines.map(splitKeyValue);
    if (pairs.every((p) => p !== undefined)) {
      return Object.fromEntries(pairs.map((p) => [p?.key ?? '', typedTextValue(p?.value ?? '')]));
    }
  }
  return [prop.value, ...prop.subLines].filter((l) => l !== '').join('\n');
}

/** `Trigger [name] [for constraint c] [on rel]: [time=1.2 ]calls=3` */
function parseTrigger(key: string, value: string): TriggerStats | undefined {
  const figures = /^(?:time=(\d+(?:\.\d+)?) )?calls=(\d+)$/.exec(value);
  if (figures === null) return undefined;
  const label = key.slice('Trigger '.length);
  const m = label.startsWith('for constraint ')
    ? /^()for constraint (.+?)(?: on (.+))?$/.exec(label)
    : /^(.+?)(?: for constraint (.+?))?(?: on (.+))?$/.exec(label);
  if (m === null) return undefined;
  const trigger: TriggerStats = { calls: Number(figures[2]) };
  if (m[1] !== undefined && m[1] !== '') trigger.name = m[1];
  if (m[2] !== undefined) trigger.constraintName = m[2];
  if (m[3] !== undefined) trigger.relation = m[3];
  if (figures[1] !== undefined) trigger.timeMs = Number(figures[1]);
  return trigger;
}

/** The JIT block in the JSON format's shape. */
function jitBlock(lines: readonly string[]): Record<string, unknown> {
  const jit: Record<string, unknown> = {};
  for (const line of lines) {
    const kv = splitKeyValue(line);
    if (kv === undefined) continue;
    if (kv.key === 'Options') jit[kv.key] = parseJitOptions(kv.value) ?? kv.value;
    else if (kv.key === 'Timing') jit[kv.key] = parseJitTiming(kv.value) ?? kv.value;
    else jit[kv.key] = typedTextValue(kv.value);
  }
  return jit;
}
