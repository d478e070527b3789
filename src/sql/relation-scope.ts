import type { ColumnRef } from './pg-parser.js';
import type { ColumnOf, Relation } from './query-graph.js';
import type { OpaqueItem } from './read-from-clause.js';
import type { RefusalCode } from './refusal.js';

/** A relation of FROM together with whether its alias was written (a written alias hides the table name). */
export interface ScopedRelation extends Relation {
  readonly explicitAlias: boolean;
}

export type ColumnResolution =
  | { readonly ok: true; readonly column: ColumnOf }
  | { readonly ok: false; readonly code: RefusalCode; readonly message: string };

/**
 * Resolves column references the way PostgreSQL would without a catalog: `alias.col` and
 * `schema.table.col` by name; a bare `col` only when FROM holds a single relation, since
 * deciding which table owns it needs the table definitions.
 */
export class RelationScope {
  readonly relations: readonly ScopedRelation[];
  readonly #byAlias: ReadonlyMap<string, ScopedRelation>;
  readonly #opaque: readonly OpaqueItem[];

  /** `opaque`: FROM items that are not tables (already refused); columns qualified by their alias point there. */
  constructor(relations: readonly ScopedRelation[], opaque: readonly OpaqueItem[] = []) {
    this.relations = relations;
    this.#byAlias = new Map(relations.map((r) => [r.alias, r]));
    this.#opaque = opaque;
  }

  has(alias: string): boolean {
    return this.#byAlias.has(alias);
  }

  resolve(ref: ColumnRef): ColumnResolution {
    const fields = ref.fields ?? [];
    const names: string[] = [];
    for (const field of fields) {
      if (!('String' in field)) {
        return { ok: false, code: 'unsupported_expression', message: 'a `*` column reference is not a condition operand' };
      }
      names.push(field.String.sval ?? '');
    }
    if (names.length === 1) return this.#resolveBare(names[0] as string);
    if (names.length === 2) return this.#resolveQualified(names[0] as string, names[1] as string);
    if (names.length === 3) return this.#resolveSchemaQualified(names[0] as string, names[1] as string, names[2] as string);
    return { ok: false, code: 'unsupported_expression', message: `column reference ${names.join('.')} has too many parts` };
  }

  #resolveBare(column: string): ColumnResolution {
    const items = this.relations.length + this.#opaque.length;
    const only = items === 1 ? this.relations[0] : undefined;
    if (only !== undefined) return { ok: true, column: { alias: only.alias, column } };
    if (items === 1) return this.#opaqueColumn(this.#opaque[0] as OpaqueItem, column);
    return {
      ok: false,
      code: 'unqualified_column_ambiguous',
      message: `column "${column}" has no relation prefix and FROM has ${items} items; without a catalog it cannot be resolved`,
    };
  }

  #resolveQualified(alias: string, column: string): ColumnResolution {
    if (this.#byAlias.has(alias)) return { ok: true, column: { alias, column } };
    const opaque = this.#opaque.find((item) => item.alias === alias);
    if (opaque !== undefined) return this.#opaqueColumn(opaque, `${alias}.${column}`);
    const hidden = this.relations.find((r) => r.table === alias && r.explicitAlias);
    const hint = hidden === undefined ? '' : ` (table "${hidden.table}" is aliased as "${hidden.alias}")`;
    return { ok: false, code: 'unknown_relation', message: `"${alias}.${column}" names no relation in FROM${hint}` };
  }

  /** A column of a FROM item that is already refused; the refusal repeats that item's code. */
  #opaqueColumn(item: OpaqueItem, column: string): ColumnResolution {
    const name = item.alias === undefined ? item.what : `${item.what} "${item.alias}"`;
    return { ok: false, code: item.code, message: `column ${column} belongs to ${name}, whose columns are unknown` };
  }

  #resolveSchemaQualified(schema: string, table: string, column: string): ColumnResolution {
    const match = this.relations.find((r) => !r.explicitAlias && r.table === table && r.schema === schema);
    if (match !== undefined) return { ok: true, column: { alias: match.alias, column } };
    return { ok: false, code: 'unknown_relation', message: `"${schema}.${table}.${column}" names no schema-qualified, unaliased relation in FROM` };
  }
}
