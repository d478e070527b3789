import { collapseSql } from './collapse-sql.js';
import type { ImportedQuery, ParsedWorkload, SkippedEntry, WorkloadLineFormat } from './workload-source.js';

const STATS_CEB_CARD_FIRST = /^\s*(\d+)\s*\|\|(.*)$/s;
const STATS_CEB_CARD_LAST = /^(.*)\|\|\s*(\d+)\s*$/s;
const LERO = /^\s*([^\s#]+)#####(.*)$/s;

/**
 * Reads a one-query-per-line workload text. Blank lines and `--` comment lines are not entries.
 * `plain`: the line is the SQL. `stats-ceb`: `<true cardinality>||<SQL>` (the reverse order
 * `<SQL>||<cardinality>` is accepted too). `lero`: `<name>#####<SQL>`. `auto` picks the format
 * from the first entry. A line that does not fit is skipped and reported with its line number.
 */
export function parseWorkloadLines(text: string, options: { file: string; format?: WorkloadLineFormat | 'auto' }): ParsedWorkload {
  const lines = text.split(/\r?\n/);
  const entries = lines.map((raw, i) => ({ raw, line: i + 1 })).filter((e) => e.raw.trim() !== '' && !e.raw.trim().startsWith('--'));
  const format = !options.format || options.format === 'auto' ? detectLineFormat(entries[0]?.raw ?? '') : options.format;
  const queries: ImportedQuery[] = [];
  const skipped: SkippedEntry[] = [];
  const names = new Map<string, number>();
  for (const { raw, line } of entries) {
    const source = { file: options.file, line };
    const skip = (reason: string) => skipped.push({ ...source, reason });
    const parts = splitLine(raw, format);
    if ('error' in parts) {
      skip(parts.error);
      continue;
    }
    const collapsed = collapseSql(parts.sql);
    if (!collapsed.ok) {
      skip(collapsed.message);
      continue;
    }
    if (parts.name !== undefined) {
      const first = names.get(parts.name);
      if (first !== undefined) {
        skip(`query name "${parts.name}" is already used on line ${first}`);
        continue;
      }
      names.set(parts.name, line);
    }
    queries.push({
      sql: collapsed.sql,
      source,
      ...(parts.name !== undefined ? { name: parts.name } : {}),
      ...(parts.cardinality !== undefined ? { cardinality: parts.cardinality } : {}),
    });
  }
  return { path: options.file, format, queries, skipped };
}

/** The format a line is written in: STATS-CEB's `N||SQL`, Lero's `name#####SQL`, else plain SQL. */
export function detectLineFormat(line: string): WorkloadLineFormat {
  if (STATS_CEB_CARD_FIRST.test(line) || STATS_CEB_CARD_LAST.test(line)) return 'stats-ceb';
  if (LERO.test(line)) return 'lero';
  return 'plain';
}

type LineParts = { sql: string; name?: string; cardinality?: number } | { error: string };

function splitLine(raw: string, format: WorkloadLineFormat): LineParts {
  switch (format) {
    case 'plain':
      return { sql: raw };
    case 'stats-ceb': {
      const first = STATS_CEB_CARD_FIRST.exec(raw);
      const last = first ? undefined : STATS_CEB_CARD_LAST.exec(raw);
      const [card, sql] = first ? [first[1]!, first[2]!] : last ? [last[2]!, last[1]!] : [undefined, undefined];
      if (card === undefined || sql === undefined) return { error: 'expected "<true cardinality>||<SQL>" (STATS-CEB format)' };
      const cardinality = Number(card);
      if (!Number.isSafeInteger(cardinality)) return { error: `true cardinality ${card} is too large` };
      if (sql.trim() === '') return { error: 'no SQL after "||"' };
      return { sql, cardinality };
    }
    case 'lero': {
      const match = LERO.exec(raw);
      if (!match) return { error: 'expected "<name>#####<SQL>" (Lero format)' };
      if (match[2]!.trim() === '') return { error: 'no SQL after "#####"' };
      return { sql: match[2]!, name: match[1]! };
    }
  }
}
