import type { A_Expr, ColumnRef, Node } from './pg-parser.js';
import { COMPARISON_OPS, type ColumnOf, type ComparisonOp, type JoinEdge, type Literal, type Predicate } from './query-graph.js';
import { readLiteral } from './read-literal.js';
import type { Refusal, RefusalCode } from './refusal.js';
import type { ColumnResolution } from './relation-scope.js';
import { nodeType, walkNodes } from './walk-nodes.js';

/** What classification needs from the query being built. */
export interface ConditionContext {
  resolve(ref: ColumnRef): ColumnResolution;
  /** Converts a parse-tree byte offset to a string index. */
  locate(location: number | undefined): number | undefined;
}

/** One condition of a conjunction: a join edge, filters on one relation, or the reasons it was refused. */
export type ConditionOutcome =
  | { readonly kind: 'join'; readonly edge: JoinEdge }
  | { readonly kind: 'filter'; readonly alias: string; readonly predicates: readonly Predicate[] }
  | { readonly kind: 'refused'; readonly refusals: readonly Refusal[] };

/** A node with the polarity it is evaluated under (NOT pushed down). */
export interface Conjunct {
  readonly node: Node;
  readonly negated: boolean;
}

/**
 * Splits a condition into its conjuncts, pushing NOT inward: `NOT (a OR b)` is `NOT a AND NOT b`
 * (De Morgan holds in SQL's three-valued logic).
 */
export function flattenConjuncts(node: Node, negated = false, into: Conjunct[] = []): Conjunct[] {
  if ('BoolExpr' in node) {
    const { boolop, args = [] } = node.BoolExpr;
    if (boolop === 'NOT_EXPR' && args[0] !== undefined) return flattenConjuncts(args[0], !negated, into);
    if ((boolop === 'AND_EXPR' && !negated) || (boolop === 'OR_EXPR' && negated)) {
      for (const arg of args) flattenConjuncts(arg, negated, into);
      return into;
    }
  }
  into.push({ node, negated });
  return into;
}

const NEGATED_OP: Readonly<Record<ComparisonOp, ComparisonOp>> = { '=': '<>', '<>': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
const SWAPPED_OP: Readonly<Record<ComparisonOp, ComparisonOp>> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const LIKE_OPS: Readonly<Record<string, { negated: boolean; caseInsensitive: boolean }>> = {
  '~~': { negated: false, caseInsensitive: false },
  '!~~': { negated: true, caseInsensitive: false },
  '~~*': { negated: false, caseInsensitive: true },
  '!~~*': { negated: true, caseInsensitive: true },
};

/** Classifies one conjunct (as produced by flattenConjuncts). */
export function classifyCondition(conjunct: Conjunct, ctx: ConditionContext): ConditionOutcome {
  const { node, negated } = conjunct;
  if ('BoolExpr' in node) return classifyDisjunction(node, negated, ctx);
  if ('A_Expr' in node) return classifyAExpr(node.A_Expr, negated, ctx);
  if ('NullTest' in node) {
    const { arg, nulltesttype, location } = node.NullTest;
    const column = arg === undefined ? undefined : plainColumn(arg, ctx);
    if (column === undefined || arg === undefined) return judge(arg === undefined ? [] : [arg], location, ctx, 'IS NULL test');
    return filter(column, { kind: 'null_test', column: column.column, negated: (nulltesttype === 'IS_NOT_NULL') !== negated });
  }
  if ('SubLink' in node) return refuse('subquery', 'subquery in a condition', ctx.locate(node.SubLink.location));
  if ('FuncCall' in node) return judge([node], node.FuncCall.location, ctx, 'function call used as a condition');
  const type = nodeType(node);
  const detail = UNSUPPORTED_CONDITIONS[type] ?? `condition of type ${type}`;
  return withHazards([node], ctx, { code: 'unsupported_expression', message: detail, location: ctx.locate(locationOf(node)) });
}

const UNSUPPORTED_CONDITIONS: Readonly<Record<string, string>> = {
  ColumnRef: 'bare boolean column used as a condition (write col = true)',
  A_Const: 'constant used as a condition',
  BooleanTest: 'IS [NOT] TRUE / FALSE / UNKNOWN',
  CaseExpr: 'CASE used as a condition',
  TypeCast: 'cast used as a condition',
  RowExpr: 'row value used as a condition',
  CoalesceExpr: 'COALESCE used as a condition',
};

/** An OR (or a negated AND) kept as one `or` predicate when every branch filters the same relation. */
function classifyDisjunction(node: Extract<Node, { BoolExpr: unknown }>, negated: boolean, ctx: ConditionContext): ConditionOutcome {
  const { args = [], location } = node.BoolExpr;
  const refusals: Refusal[] = [];
  const arms: Predicate[][] = [];
  const aliases = new Set<string>();
  for (const arg of args) {
    const arm: Predicate[] = [];
    for (const part of flattenConjuncts(arg, negated)) {
      const outcome = classifyCondition(part, ctx);
      if (outcome.kind === 'refused') refusals.push(...outcome.refusals);
      else if (outcome.kind === 'join') {
        aliases.add(outcome.edge.left.alias).add(outcome.edge.right.alias);
      } else {
        aliases.add(outcome.alias);
        arm.push(...outcome.predicates);
      }
    }
    arms.push(arm);
  }
  for (const alias of referencedAliases(node, ctx)) aliases.add(alias);
  if (aliases.size > 1) {
    refusals.unshift({
      code: 'or_across_relations',
      message: `OR over ${[...aliases].join(', ')}: a disjunction across relations is neither a join edge nor a filter of one relation`,
      location: ctx.locate(location),
    });
  }
  const [alias] = aliases;
  if (refusals.length > 0 || alias === undefined) {
    return { kind: 'refused', refusals: refusals.length > 0 ? refusals : [unsupported('OR of constants', location, ctx)] };
  }
  return { kind: 'filter', alias, predicates: [{ kind: 'or', arms }] };
}

function classifyAExpr(expr: A_Expr, negated: boolean, ctx: ConditionContext): ConditionOutcome {
  const { kind, lexpr, rexpr, location } = expr;
  const op = operatorName(expr);
  switch (kind) {
    case 'AEXPR_OP':
      return classifyComparison(expr, op, negated, ctx);
    case 'AEXPR_IN': {
      const items = rexpr !== undefined && 'List' in rexpr ? (rexpr.List.items ?? []) : undefined;
      const column = lexpr === undefined ? undefined : plainColumn(lexpr, ctx);
      const values = items?.map(readLiteral);
      if (column !== undefined && values !== undefined && values.every((v) => v !== undefined)) {
        return filter(column, { kind: 'in', column: column.column, negated: (op === '<>') !== negated, values: values as Literal[] });
      }
      return judge([lexpr, ...(items ?? [rexpr])], location, ctx, 'IN list');
    }
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE': {
      const like = op === undefined ? undefined : LIKE_OPS[op];
      const column = lexpr === undefined ? undefined : plainColumn(lexpr, ctx);
      const pattern = rexpr === undefined ? undefined : readLikePattern(rexpr);
      if (like !== undefined && column !== undefined && pattern !== undefined) {
        return filter(column, {
          kind: 'like',
          column: column.column,
          negated: like.negated !== negated,
          caseInsensitive: like.caseInsensitive,
          pattern: pattern.pattern,
          ...(pattern.escape === undefined ? {} : { escape: pattern.escape }),
        });
      }
      return judge([lexpr, rexpr], location, ctx, 'LIKE');
    }
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM': {
      const bounds = rexpr !== undefined && 'List' in rexpr ? (rexpr.List.items ?? []) : [];
      const column = lexpr === undefined ? undefined : plainColumn(lexpr, ctx);
      const [low, high] = bounds.map(readLiteral);
      if (column !== undefined && bounds.length === 2 && low !== undefined && high !== undefined) {
        return filter(column, {
          kind: 'between',
          column: column.column,
          negated: (kind === 'AEXPR_NOT_BETWEEN' || kind === 'AEXPR_NOT_BETWEEN_SYM') !== negated,
          symmetric: kind === 'AEXPR_BETWEEN_SYM' || kind === 'AEXPR_NOT_BETWEEN_SYM',
          low,
          high,
        });
      }
      return judge([lexpr, ...bounds], location, ctx, 'BETWEEN');
    }
    default: {
      const spelled = UNSUPPORTED_A_EXPR[kind ?? ''] ?? String(kind);
      return withHazards([lexpr, rexpr], ctx, { code: 'unsupported_operator', message: `${spelled} is not modelled`, location: ctx.locate(location) });
    }
  }
}

const UNSUPPORTED_A_EXPR: Readonly<Record<string, string>> = {
  AEXPR_OP_ANY: 'op ANY (array)',
  AEXPR_OP_ALL: 'op ALL (array)',
  AEXPR_DISTINCT: 'IS DISTINCT FROM',
  AEXPR_NOT_DISTINCT: 'IS NOT DISTINCT FROM',
  AEXPR_NULLIF: 'NULLIF',
  AEXPR_SIMILAR: 'SIMILAR TO',
};

function classifyComparison(expr: A_Expr, op: string | undefined, negated: boolean, ctx: ConditionContext): ConditionOutcome {
  const { lexpr, rexpr, location } = expr;
  if (op === undefined || !isComparisonOp(op) || lexpr === undefined || rexpr === undefined) {
    const spelled = op === undefined ? 'qualified operator' : `operator ${op}`;
    return withHazards([lexpr, rexpr], ctx, { code: 'unsupported_operator', message: `${spelled} is not modelled`, location: ctx.locate(location) });
  }
  const effective = negated ? NEGATED_OP[op] : op;
  const left = plainColumn(lexpr, ctx);
  const right = plainColumn(rexpr, ctx);
  if (left !== undefined && right !== undefined && left.alias !== right.alias && effective === '=') {
    return { kind: 'join', edge: orientedEdge(left, right) };
  }
  if (left !== undefined && right === undefined) {
    const value = readLiteral(rexpr);
    if (value !== undefined) return filter(left, { kind: 'comparison', column: left.column, op: effective, value });
  }
  if (right !== undefined && left === undefined) {
    const value = readLiteral(lexpr);
    if (value !== undefined) return filter(right, { kind: 'comparison', column: right.column, op: SWAPPED_OP[effective], value });
  }
  return judge([lexpr, rexpr], location, ctx, `comparison ${op}`);
}

function isComparisonOp(op: string): op is ComparisonOp {
  return (COMPARISON_OPS as readonly string[]).includes(op);
}

/** `=` or `pg_catalog.=` (OPERATOR(pg_catalog.=)); undefined for other qualified operators. */
function operatorName(expr: A_Expr): string | undefined {
  const parts = (expr.name ?? []).map((n) => ('String' in n ? n.String.sval : undefined));
  if (parts.length === 1) return parts[0];
  if (parts.length === 2 && parts[0] === 'pg_catalog') return parts[1];
  return undefined;
}

/** A LIKE pattern: a constant, or `pattern ESCAPE 'c'`, which the grammar turns into like_escape(pattern, 'c'). */
function readLikePattern(node: Node): { pattern: Literal; escape?: Literal } | undefined {
  const literal = readLiteral(node);
  if (literal !== undefined) return { pattern: literal };
  if (!('FuncCall' in node)) return undefined;
  const { funcname = [], args = [] } = node.FuncCall;
  const name = funcname.map((n) => ('String' in n ? n.String.sval : '')).join('.');
  if (name !== 'pg_catalog.like_escape' || args.length !== 2) return undefined;
  const pattern = readLiteral(args[0] as Node);
  const escape = readLiteral(args[1] as Node);
  return pattern === undefined || escape === undefined ? undefined : { pattern, escape };
}

/** The column a node names, when it is exactly a resolvable column reference. */
function plainColumn(node: Node, ctx: ConditionContext): ColumnOf | undefined {
  if (!('ColumnRef' in node)) return undefined;
  const resolved = ctx.resolve(node.ColumnRef);
  return resolved.ok ? resolved.column : undefined;
}

function orientedEdge(a: ColumnOf, b: ColumnOf): JoinEdge {
  const aFirst = a.alias !== b.alias ? a.alias < b.alias : a.column < b.column;
  return aFirst ? { left: a, right: b, op: '=' } : { left: b, right: a, op: '=' };
}

function filter(column: ColumnOf, predicate: Predicate): ConditionOutcome {
  return { kind: 'filter', alias: column.alias, predicates: [predicate] };
}

interface OperandFacts {
  aliases: Set<string>;
  columns: number;
  functions: number;
  /** Operands that are neither a plain column nor a constant. */
  expressions: number;
  hazards: Refusal[];
}

/**
 * Explains why operands that did not match a supported shape were refused: unresolvable
 * columns, subqueries, parameters first; then by which relations they touch.
 */
function judge(
  operands: readonly (Node | undefined)[],
  location: number | undefined,
  ctx: ConditionContext,
  what: string,
): ConditionOutcome {
  const facts = inspectOperands(operands, ctx);
  if (facts.hazards.length > 0) return { kind: 'refused', refusals: facts.hazards };
  const at = ctx.locate(location);
  let code: RefusalCode;
  let message: string;
  if (facts.aliases.size > 1) {
    const relations = [...facts.aliases].join(', ');
    if (facts.expressions === 0) {
      code = 'non_equi_join';
      message = `${what} between ${relations} is not an equi-join of two columns`;
    } else {
      code = 'join_on_expression';
      message = `${what} joins ${relations} through an expression, not plain columns`;
    }
  } else if (facts.aliases.size === 1) {
    const [alias] = facts.aliases;
    if (facts.functions > 0) {
      code = 'function_in_predicate';
      message = `${what} on ${alias} applies a function`;
    } else if (facts.columns > 1 && facts.expressions === 0) {
      code = 'column_vs_column_same_relation';
      message = `${what} compares two columns of ${alias}`;
    } else {
      code = 'expression_in_predicate';
      message = `${what} on ${alias} uses an expression where a column or a constant is expected`;
    }
  } else {
    code = 'unsupported_expression';
    message = `${what} references no column`;
  }
  return { kind: 'refused', refusals: [{ code, message, location: at }] };
}

/** Refuses with `refusal`, preceded by any subquery/parameter/column-resolution reasons inside the operands. */
function withHazards(operands: readonly (Node | undefined)[], ctx: ConditionContext, refusal: Refusal): ConditionOutcome {
  return { kind: 'refused', refusals: [...inspectOperands(operands, ctx).hazards, refusal] };
}

function inspectOperands(operands: readonly (Node | undefined)[], ctx: ConditionContext): OperandFacts {
  const facts: OperandFacts = { aliases: new Set(), columns: 0, functions: 0, expressions: 0, hazards: [] };
  for (const operand of operands) {
    if (operand === undefined) continue;
    if (!('ColumnRef' in operand) && readLiteral(operand) === undefined) facts.expressions++;
    walkNodes([operand], (type, body) => {
      switch (type) {
        case 'ColumnRef': {
          const resolved = ctx.resolve(body as ColumnRef);
          if (resolved.ok) {
            facts.aliases.add(resolved.column.alias);
            facts.columns++;
          } else {
            facts.hazards.push({ code: resolved.code, message: resolved.message, location: ctx.locate(body.location as number | undefined) });
          }
          return false;
        }
        case 'SubLink':
          facts.hazards.push({ code: 'subquery', message: 'subquery in a condition', location: ctx.locate(body.location as number | undefined) });
          return false;
        case 'ParamRef':
          facts.hazards.push({
            code: 'parameter',
            message: `parameter $${String(body.number ?? '?')} has no value to filter on`,
            location: ctx.locate(body.location as number | undefined),
          });
          return false;
        case 'FuncCall':
          facts.functions++;
          return true;
        default:
          return true;
      }
    });
  }
  return facts;
}

/** Aliases of every resolvable column below a node (subqueries excluded). */
export function referencedAliases(node: unknown, ctx: ConditionContext): Set<string> {
  const aliases = new Set<string>();
  walkNodes(node, (type, body) => {
    if (type === 'SubLink') return false;
    if (type !== 'ColumnRef') return true;
    const resolved = ctx.resolve(body as ColumnRef);
    if (resolved.ok) aliases.add(resolved.column.alias);
    return false;
  });
  return aliases;
}

function refuse(code: RefusalCode, message: string, location: number | undefined): ConditionOutcome {
  return { kind: 'refused', refusals: [{ code, message, location }] };
}

function unsupported(message: string, location: number | undefined, ctx: ConditionContext): Refusal {
  return { code: 'unsupported_expression', message, location: ctx.locate(location) };
}

function locationOf(node: Node): number | undefined {
  const body = Object.values(node)[0] as { location?: unknown } | undefined;
  return typeof body?.location === 'number' ? body.location : undefined;
}
