import type { A_Const, Node, TypeName } from './pg-parser.js';
import type { Literal } from './query-graph.js';
import { quoteIdentifier } from './quote-identifier.js';

/** The constant a node spells, or undefined when it is not a constant (or a cast of one). */
export function readLiteral(node: Node): Literal | undefined {
  if ('A_Const' in node) return readConst(node.A_Const);
  if ('TypeCast' in node) {
    const { arg, typeName } = node.TypeCast;
    const inner = arg === undefined ? undefined : readLiteral(arg);
    const type = typeName === undefined ? undefined : typeNameSql(typeName);
    return inner === undefined || type === undefined ? undefined : { kind: 'typed', type, value: inner };
  }
  return undefined;
}

/** Zero values are omitted from the parser's JSON (`ival: {}`), hence the defaults. */
function readConst(constant: A_Const): Literal | undefined {
  if (constant.isnull === true) return { kind: 'null' };
  if (constant.ival !== undefined) {
    const value = constant.ival.ival ?? 0;
    return { kind: 'number', value, text: String(value) };
  }
  if (constant.fval !== undefined) {
    const text = constant.fval.fval ?? '0';
    return { kind: 'number', value: Number(text), text };
  }
  if (constant.sval !== undefined) return { kind: 'string', value: constant.sval.sval ?? '' };
  if (constant.boolval !== undefined) return { kind: 'boolean', value: constant.boolval.boolval === true };
  if (constant.bsval !== undefined) return { kind: 'bit_string', value: constant.bsval.bsval ?? '' };
  return undefined;
}

/**
 * Built-in types whose bare keyword spelling names the same pg_catalog type. Others that are
 * keywords differ when bare (`char` is bpchar, `bit` is bit(1)) and so are quoted.
 */
const KEYWORD_TYPES_SPELLED_BARE: ReadonlySet<string> = new Set(['numeric', 'varchar', 'timestamp', 'time', 'interval', 'json']);

/**
 * SQL spelling of a type name. The grammar maps SQL-standard spellings to `pg_catalog.<name>`
 * (`timestamp with time zone` -> `pg_catalog.timestamptz`); those are written without the
 * schema, which resolves to the same type. Interval field modifiers (`interval '1' day`) are stored as a
 * bitmask that has no plain spelling, so such casts are not treated as constants.
 */
export function typeNameSql(typeName: TypeName): string | undefined {
  if (typeName.setof === true || typeName.pct_type === true) return undefined;
  const names = (typeName.names ?? []).map((n) => ('String' in n ? n.String.sval : undefined));
  if (names.length === 0 || names.some((n) => n === undefined)) return undefined;
  const parts = names as string[];
  const builtin = parts.length === 2 && parts[0] === 'pg_catalog';
  if (builtin && parts[1] === 'interval' && (typeName.typmods?.length ?? 0) > 0) return undefined;
  let sql: string;
  if (builtin) {
    const name = parts[1] as string;
    sql = KEYWORD_TYPES_SPELLED_BARE.has(name) ? name : quoteIdentifier(name, { asType: true });
  } else {
    sql = parts.map((p) => quoteIdentifier(p, { asType: true })).join('.');
  }
  if (typeName.typmods !== undefined && typeName.typmods.length > 0) {
    const mods: string[] = [];
    for (const mod of typeName.typmods) {
      const literal = readLiteral(mod);
      if (literal?.kind !== 'number') return undefined;
      mods.push(literal.text);
    }
    sql += `(${mods.join(',')})`;
  }
  for (const bound of typeName.arrayBounds ?? []) {
    const size = 'Integer' in bound ? (bound.Integer.ival ?? 0) : -1;
    sql += size >= 0 ? `[${size}]` : '[]';
  }
  return sql;
}
