/** How a true cardinality was obtained: a COUNT(*) in PostgreSQL, or computed exactly without one (see CardinalityOracle). */
export const CARDINALITY_SOURCES = ['count', 'oracle'] as const;
export type CardinalitySource = (typeof CARDINALITY_SOURCES)[number];

/** One true cardinality (a COUNT(*) of a sub-plan), cached per dataset key. */
export interface StoredCardinality {
  /** SHA-1 of the canonical count SQL (see src/collect/canonical-count-sql.ts). */
  readonly sqlHash: string;
  readonly sql: string;
  /** null: the count timed out after `timeoutMs`. */
  readonly rows: number | null;
  readonly timeoutMs: number;
  /** How long the count (or the wait for its timeout) took, client side. */
  readonly elapsedMs: number;
  /** ISO 8601. */
  readonly collectedAt: string;
  /** Always set on entries read from the store; 'count' when absent on a put. */
  readonly source?: CardinalitySource;
}

/** One timed execution of a query under one plan (Lero measures candidate plans). */
export interface StoredPlanExecution {
  /** The caller's hash of (query, pushed cards/settings). */
  readonly key: string;
  readonly queryId: string;
  /** null: the execution timed out after `timeoutMs`. */
  readonly executionMs: number | null;
  readonly timeoutMs: number;
  readonly planSignature: string;
  /** ISO 8601. */
  readonly collectedAt: string;
}

/** A saved model: where its files are and how it was made. */
export interface ModelRecord {
  readonly id: string;
  readonly algorithm: string;
  readonly dataset: string;
  readonly dir: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly backend: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly report: Readonly<Record<string, unknown>>;
}

export interface ModelRecordInput {
  readonly id: string;
  readonly algorithm: string;
  readonly dataset: string;
  readonly dir: string;
  readonly params: object;
  readonly backend: string;
  readonly createdAt: string;
  readonly report: object;
}

export interface ModelFilter {
  readonly algorithm?: string;
  readonly dataset?: string;
}

/**
 * Whether a cached measurement must be taken again by a caller that allows `timeoutMs`: when
 * there is none, or it timed out under a smaller timeout (a larger one may finish). A finished
 * measurement, or a timeout at least as long as the one asked for, is kept.
 */
export function shouldRecollect(stored: StoredCardinality | StoredPlanExecution | undefined, timeoutMs: number): boolean {
  if (stored === undefined) return true;
  const value = 'rows' in stored ? stored.rows : stored.executionMs;
  return value === null && stored.timeoutMs < timeoutMs;
}
