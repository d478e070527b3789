import { createHash } from 'node:crypto';

/** What `datasetKey` reads of a database schema (`DatabaseSchema` from algorithms/ fits). */
export interface SchemaFingerprintInput {
  readonly tables: readonly {
    readonly name: string;
    readonly rows: number;
    readonly columns: readonly { readonly name: string; readonly type: string }[];
  }[];
}

/**
 * `<name>:<12 hex digits>`: the dataset's registry name and a SHA-1 of its tables (sorted by
 * name), their columns (name and type, in column order) and row counts (reltuples, rounded).
 * Cached measurements are keyed by it, so a dataset regenerated with other data or another
 * schema under the same name does not reuse stale true cardinalities or timings.
 *
 * reltuples comes from ANALYZE. ANALYZE reads every page of a table under 30,000 pages
 * (~240 MB), so there it is the exact row count and stable across re-analyzes; on larger
 * tables it is a sampled estimate, and a re-analyze (or autovacuum after writes) can change the
 * key. That costs a recollection, never a stale reuse. An UPDATE that keeps every row count is
 * not seen: regenerate under a new name or clear the store after changing data in place.
 */
export function datasetKey(name: string, schema: SchemaFingerprintInput): string {
  const tables = [...schema.tables]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((t) => [t.name, Math.round(t.rows), t.columns.map((c) => [c.name, c.type])]);
  const digest = createHash('sha1').update(JSON.stringify(tables)).digest('hex');
  return `${name}:${digest.slice(0, 12)}`;
}
