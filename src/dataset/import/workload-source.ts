/** How each line of a workload file is written. */
export const WORKLOAD_LINE_FORMATS = ['plain', 'stats-ceb', 'lero'] as const;
export type WorkloadLineFormat = (typeof WORKLOAD_LINE_FORMATS)[number];

/** Where a query (or a problem) came from: file and 1-based line. */
export interface SourceLine {
  readonly file: string;
  readonly line: number;
}

/** One query read from an import source, on one line, with what the format said about it. */
export interface ImportedQuery {
  readonly sql: string;
  readonly source: SourceLine;
  /** Lero's `qN`, or a JOB file's name. */
  readonly name?: string;
  /** STATS-CEB's true cardinality. */
  readonly cardinality?: number;
}

/** An entry that was skipped, and why; the import goes on without it. */
export interface SkippedEntry extends SourceLine {
  readonly reason: string;
}

export interface ParsedWorkload {
  /** The file or directory it was read from. */
  readonly path: string;
  /** The line format, or `sql-directory` for a directory of `.sql` files. */
  readonly format: WorkloadLineFormat | 'sql-directory';
  readonly queries: readonly ImportedQuery[];
  readonly skipped: readonly SkippedEntry[];
}
