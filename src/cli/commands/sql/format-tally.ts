import { REFUSAL_DESCRIPTIONS, type QueryTally, type TallyReason } from '../../../sql/index.js';

export interface NamedTally {
  readonly name: string;
  readonly tally: QueryTally;
}

/**
 * A plain-text table: one column per workload plus a total, rows for totals and then for every
 * reason, most frequent first. A query refused for several reasons counts in each reason's row.
 */
export function formatTally(tallies: readonly NamedTally[]): string {
  const sum = (pick: (t: QueryTally) => number): number => tallies.reduce((acc, { tally }) => acc + pick(tally), 0);
  const reasonCount = (tally: QueryTally, reason: TallyReason): number => tally.reasons.find((r) => r.reason === reason)?.queries ?? 0;
  const reasons = [...new Set(tallies.flatMap(({ tally }) => tally.reasons.map((r) => r.reason)))];
  const totalOf = (reason: TallyReason): number => sum((t) => reasonCount(t, reason));
  reasons.sort((a, b) => totalOf(b) - totalOf(a) || (a < b ? -1 : 1));

  const header = ['', ...tallies.map((t) => t.name), 'total'];
  const rows: string[][] = [
    ['queries', ...tallies.map((t) => String(t.tally.total)), String(sum((t) => t.total))],
    ['understood', ...tallies.map((t) => String(t.tally.understood)), String(sum((t) => t.understood))],
    ['refused', ...tallies.map((t) => String(t.tally.refused)), String(sum((t) => t.refused))],
    ...reasons.map((reason) => [`  ${reason}`, ...tallies.map((t) => String(reasonCount(t.tally, reason))), String(totalOf(reason))]),
  ];
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const describe = (reason: TallyReason): string =>
    reason === 'syntax_error' ? 'rejected by the PostgreSQL 17 grammar' : REFUSAL_DESCRIPTIONS[reason];
  const legend = reasons.map((reason) => `  ${reason}: ${describe(reason)}`);
  return [line(header), ...rows.map(line), ...(legend.length > 0 ? ['', 'reasons:', ...legend] : [])].join('\n');
}
