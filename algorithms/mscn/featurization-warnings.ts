/**
 * Counted warnings for what the featurizer could not represent exactly (a predicate it cannot
 * evaluate on the sample, a join it never saw in training...). Nothing is dropped silently: each
 * case is counted under a stable code, with the first example kept so a user can see which one.
 */
export const WARNING_CODES = [
  'unsupported_predicate',
  'unseen_join',
  'unseen_column',
  'unseen_table',
  'string_order_approximated',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export const WARNING_DESCRIPTIONS: Readonly<Record<WarningCode, string>> = {
  unsupported_predicate: 'predicate not evaluated on the sample (treated as keeping every sample row)',
  unseen_join: 'join edge absent from the training queries (all-zero join vector)',
  unseen_column: 'predicate column absent from the training queries (all-zero column one-hot)',
  unseen_table: 'table absent from the model (all-zero one-hot, all-ones bitmap)',
  string_order_approximated: 'string range compared under a non-C collation with Intl.Collator (may differ from PostgreSQL)',
};

export interface WarningSummary {
  readonly count: number;
  readonly description: string;
  readonly example: string;
}

export class FeaturizationWarnings {
  private readonly entries = new Map<WarningCode, { count: number; example: string }>();

  add(code: WarningCode, example: string): void {
    const entry = this.entries.get(code);
    if (entry === undefined) this.entries.set(code, { count: 1, example });
    else entry.count++;
  }

  get total(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.count;
    return total;
  }

  count(code: WarningCode): number {
    return this.entries.get(code)?.count ?? 0;
  }

  /** Plain JSON for reports: code -> count, description and first example. */
  summary(): Record<string, WarningSummary> {
    const out: Record<string, WarningSummary> = {};
    for (const code of WARNING_CODES) {
      const entry = this.entries.get(code);
      if (entry !== undefined) out[code] = { count: entry.count, description: WARNING_DESCRIPTIONS[code], example: entry.example };
    }
    return out;
  }
}
