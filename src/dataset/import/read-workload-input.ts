import { readFileSync, statSync } from 'node:fs';
import { parseWorkloadLines } from './parse-workload-lines.js';
import { readSqlDirectory } from './read-sql-directory.js';
import { requirePath } from './require-path.js';
import type { ImportedQuery, ParsedWorkload, SkippedEntry, WorkloadLineFormat } from './workload-source.js';

/** Returns a reason to skip the query (it does not parse, it is not a SELECT...), or undefined to keep it. */
export type QueryCheck = (sql: string) => string | undefined;

/**
 * A workload from a file (one entry per line, in `format`, detected when `auto`) or from a
 * directory of `.sql` files; entries that `check` rejects are skipped with its reason.
 */
export function readWorkloadInput(path: string, options: { format?: WorkloadLineFormat | 'auto'; check?: QueryCheck } = {}): ParsedWorkload {
  const absolute = requirePath(path, 'workload');
  const parsed = statSync(absolute).isDirectory()
    ? readSqlDirectory(absolute)
    : parseWorkloadLines(readFileSync(absolute, 'utf8'), { file: absolute, format: options.format ?? 'auto' });
  if (!options.check) return parsed;
  const queries: ImportedQuery[] = [];
  const skipped: SkippedEntry[] = [...parsed.skipped];
  for (const q of parsed.queries) {
    const reason = options.check(q.sql);
    if (reason === undefined) queries.push(q);
    else skipped.push({ ...q.source, reason });
  }
  skipped.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { ...parsed, queries, skipped };
}
