/** What an extraction read, kept and skipped (by reason, with where), for the user and the manifest. */
import { detachString } from './detach-string.js';
import type { LogFormat, SourceLocation } from './log-record.js';
import { isStatementSkipReason, type SkipReason } from './skip-reasons.js';

export interface SkipExample extends SourceLocation {
  /** The start of the line or statement (at most 200 characters). */
  readonly excerpt: string;
}

export interface SkipTally {
  readonly count: number;
  /** The first few occurrences, in reading order. */
  readonly examples: readonly SkipExample[];
}

export interface FileReport {
  readonly path: string;
  readonly format: LogFormat;
  /** log_line_prefix used for a stderr log, and whether it was detected rather than given. */
  readonly prefix?: string;
  readonly prefixDetected?: boolean;
  readonly compressed: boolean;
  /** Bytes on disk (compressed size for gzip files). */
  readonly bytes: number;
  readonly lines: number;
}

export interface ExtractionReport {
  readonly files: readonly FileReport[];
  readonly bytes: number;
  readonly lines: number;
  /** Log records (messages with their DETAIL/STATEMENT parts). */
  readonly entries: number;
  /** Statement executions seen: `kept` plus the statement-level skips. */
  readonly statements: number;
  readonly kept: number;
  readonly fingerprints: number;
  /** Only reasons that occurred. */
  readonly skipped: Readonly<Partial<Record<SkipReason, SkipTally>>>;
  /** Parse-tree node of every parsed statement (SelectStmt, InsertStmt, ...), kept or not. */
  readonly statementKinds: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
}

export const DEFAULT_MAX_EXAMPLES = 5;
const EXCERPT_CHARS = 200;

/** How many were skipped for `reason` (0 when none). */
export function skipCount(report: ExtractionReport, reason: SkipReason): number {
  return report.skipped[reason]?.count ?? 0;
}

/** Mutable tallies behind an ExtractionReport, filled while reading. */
export class ReportBuilder {
  entries = 0;
  kept = 0;
  private readonly files: FileReport[] = [];
  private readonly skipped = new Map<SkipReason, { count: number; examples: SkipExample[] }>();
  private readonly kinds = new Map<string, { n: number }>();
  private readonly warnings = new Set<string>();

  constructor(private readonly maxExamples = DEFAULT_MAX_EXAMPLES) {}

  skip(reason: SkipReason, location: SourceLocation | undefined, excerpt: string): void {
    let tally = this.skipped.get(reason);
    if (!tally) this.skipped.set(reason, (tally = { count: 0, examples: [] }));
    tally.count += 1;
    if (tally.examples.length < this.maxExamples) {
      const text = excerpt.length > EXCERPT_CHARS ? `${excerpt.slice(0, EXCERPT_CHARS)}...` : excerpt;
      tally.examples.push({ file: location?.file ?? '', line: location?.line ?? 0, excerpt: detachString(text) });
    }
  }

  statementKind(kind: string): void {
    this.kindCounter(kind).n += 1;
  }

  /** The live count of a statement kind, for callers that count one kind many times. */
  kindCounter(kind: string): { n: number } {
    let tally = this.kinds.get(kind);
    if (!tally) this.kinds.set(kind, (tally = { n: 0 }));
    return tally;
  }

  file(report: FileReport): void {
    this.files.push(report);
  }

  warn(message: string): void {
    this.warnings.add(message);
  }

  build(fingerprints: number): ExtractionReport {
    const skipped: Partial<Record<SkipReason, SkipTally>> = {};
    let statementSkips = 0;
    for (const [reason, tally] of this.skipped) {
      skipped[reason] = { count: tally.count, examples: [...tally.examples] };
      if (isStatementSkipReason(reason)) statementSkips += tally.count;
    }
    return {
      files: [...this.files],
      bytes: this.files.reduce((s, f) => s + f.bytes, 0),
      lines: this.files.reduce((s, f) => s + f.lines, 0),
      entries: this.entries,
      statements: this.kept + statementSkips,
      kept: this.kept,
      fingerprints,
      skipped,
      statementKinds: Object.fromEntries([...this.kinds].filter(([, t]) => t.n > 0).map(([k, t]) => [k, t.n] as const).sort((a, b) => b[1] - a[1])),
      warnings: [...this.warnings],
    };
  }
}
