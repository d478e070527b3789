import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { collapseSql } from './collapse-sql.js';
import type { ImportedQuery, ParsedWorkload, SkippedEntry } from './workload-source.js';

/**
 * A JOB-style workload: a directory of `.sql` files, one query each, named after the file
 * (`1a.sql` -> `1a`), in natural order (2a before 10a). Multi-line queries are put on one line;
 * a file that holds no query, or more than one, is skipped and reported.
 */
export function readSqlDirectory(dir: string): ParsedWorkload {
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.sql'))
    .sort(naturalCompare);
  const queries: ImportedQuery[] = [];
  const skipped: SkippedEntry[] = [];
  for (const f of files) {
    const file = join(dir, f);
    const result = collapseSql(readFileSync(file, 'utf8'));
    if (!result.ok) {
      skipped.push({ file, line: result.line, reason: result.message });
      continue;
    }
    queries.push({ sql: result.sql, source: { file, line: 1 }, name: basename(f, f.slice(-4)) });
  }
  return { path: dir, format: 'sql-directory', queries, skipped };
}

/** "2a" < "10a": runs of digits compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'variant' });
}
