/**
 * Classifies statement executions and folds the read-only ones into one entry per fingerprint:
 * the first text seen with its literals, the number of executions, durations, first and last
 * time. Each distinct literal-blind text is parsed once (see literal-blind-key.ts).
 * Extended-protocol texts are classified with their `$n` (the fingerprint ignores constants
 * and parameters alike); their parameter values are substituted only while a query still has
 * no example with literals.
 */
import { hasParameters, parseBindParameters, substituteParameters } from './bind-parameters.js';
import { classifyStatement, type StatementVerdict } from './classify-statement.js';
import { detachString } from './detach-string.js';
import { DurationAccumulator, type DurationSummary } from './duration-summary.js';
import type { ReportBuilder } from './extraction-report.js';
import { literalBlindKey } from './literal-blind-key.js';
import type { SourceLocation } from './log-record.js';
import type { EntrySkipReason, StatementSkipReason } from './skip-reasons.js';
import type { LoggedStatement, StatementSink } from './statement-assembler.js';
import type { StatementParser } from './statement-parser.js';
import { VerdictCache } from './verdict-cache.js';

export interface ExtractedQuery {
  /** libpg_query fingerprint (hex): equal for statements that differ only in constants. */
  readonly fingerprint: string;
  /**
   * The first execution seen with its literals (extended-protocol parameters substituted); the
   * text with `$n` placeholders (and `parameterized: true`) when no execution had values logged.
   */
  readonly sql: string;
  /** Executions seen. */
  readonly count: number;
  readonly durations: DurationSummary;
  /** ISO 8601 time of the first and last execution; null when the log has no timestamps. */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** True when the text has `$n` placeholders instead of literals (pg_stat_statements, or logs without parameter values). */
  readonly parameterized: boolean;
  /** Where the execution shown in `sql` was logged (log sources only). */
  readonly firstLocation?: SourceLocation;
}

type Verdict = (StatementVerdict & { readonly fingerprint?: string }) | { readonly keep: false; readonly kind: '(unparsable)'; readonly reason: 'unparsable' };

interface QueryEntry {
  readonly fingerprint: string;
  sql: string;
  parameterized: boolean;
  location: SourceLocation;
  count: number;
  readonly durations: DurationAccumulator;
  first: number;
  last: number;
}

export interface AccumulatorOptions {
  readonly reservoirSize?: number;
  readonly cacheChars?: number;
  /** Parse every statement, no caches (to measure what the caches save). */
  readonly parseEveryStatement?: boolean;
}

export class WorkloadAccumulator implements StatementSink {
  private readonly queries = new Map<string, QueryEntry>();
  private readonly cache: VerdictCache<Verdict>;
  /** Verdicts of the fingerprints seen: as many as query shapes, each a few bytes. */
  private readonly byFingerprint = new Map<string, Verdict>();
  /** Calls into the WASM parser so far (fingerprint or parse): what the caches keep low. */
  wasmCalls = 0;

  constructor(
    private readonly parser: StatementParser,
    private readonly report: ReportBuilder,
    private readonly options: AccumulatorOptions = {},
  ) {
    this.cache = new VerdictCache(options.cacheChars);
  }

  statement(s: LoggedStatement): void {
    const verdict = this.classify(s.sql, s.parameters !== undefined);
    if (verdict.kind !== '(unparsable)') this.report.statementKind(verdict.kind);
    if (!verdict.keep) {
      this.report.skip(verdict.reason, s.location, s.sql);
      return;
    }
    this.report.kept += 1;
    const fingerprint = verdict.fingerprint!;
    let entry = this.queries.get(fingerprint);
    if (entry === undefined) {
      const sql = withLiterals(s);
      entry = {
        fingerprint,
        sql: exampleText(sql ?? s.sql),
        parameterized: sql === undefined,
        location: s.location,
        count: 0,
        durations: new DurationAccumulator(Number.parseInt(fingerprint.slice(0, 8), 16), this.options.reservoirSize),
        first: Number.POSITIVE_INFINITY,
        last: Number.NEGATIVE_INFINITY,
      };
      this.queries.set(fingerprint, entry);
    } else if (entry.parameterized) {
      const sql = withLiterals(s);
      if (sql !== undefined) {
        entry.sql = exampleText(sql);
        entry.parameterized = false;
        entry.location = s.location;
      }
    }
    entry.count += 1;
    if (s.durationMs !== undefined) entry.durations.add(s.durationMs);
    if (s.timestamp !== undefined) {
      if (s.timestamp < entry.first) entry.first = s.timestamp;
      if (s.timestamp > entry.last) entry.last = s.timestamp;
    }
  }

  skipped(reason: EntrySkipReason | StatementSkipReason, location: SourceLocation, excerpt: string): void {
    this.report.skip(reason, location, excerpt);
  }

  get fingerprints(): number {
    return this.queries.size;
  }

  /** The queries in the order they were first seen. */
  results(): ExtractedQuery[] {
    return [...this.queries.values()].map((e) => ({
      fingerprint: e.fingerprint,
      sql: e.sql,
      count: e.count,
      durations: e.durations.summary(),
      firstSeen: Number.isFinite(e.first) ? new Date(e.first).toISOString() : null,
      lastSeen: Number.isFinite(e.last) ? new Date(e.last).toISOString() : null,
      parameterized: e.parameterized,
      firstLocation: e.location,
    }));
  }

  /**
   * By literal-blind key; on a miss, by fingerprint (one WASM call: texts that differ in more
   * than literals, like `IN (1, 2)` and `IN ($1, $2, $3)`, often share one); only a new
   * fingerprint is parsed and classified. A fingerprint decides the verdict: it covers every
   * node of the tree but constants and positions. Extended-protocol texts (with `$n`, no
   * literals) repeat verbatim: they are looked up as they are first, which skips the scan (a
   * text without literals is its own key, so one cache holds both).
   */
  private classify(sql: string, verbatimFirst: boolean): Verdict {
    const uncached = this.options.parseEveryStatement === true;
    if (verbatimFirst && !uncached) {
      const verbatim = this.cache.get(sql);
      if (verbatim) return verbatim;
    }
    const key = uncached ? undefined : literalBlindKey(sql);
    const cached = key === undefined ? undefined : this.cache.get(key);
    if (cached) return cached;
    let verdict: Verdict | undefined;
    try {
      const fingerprint = this.parser.fingerprint(sql);
      this.wasmCalls += 1;
      verdict = uncached ? undefined : this.byFingerprint.get(fingerprint);
      if (!verdict) {
        this.wasmCalls += 1;
        const v = classifyStatement(this.parser.parse(sql));
        verdict = v.keep ? { ...v, fingerprint } : v;
        this.byFingerprint.set(fingerprint, verdict);
      }
    } catch {
      // Not cached: an unparsable text says nothing about others with the same key.
      return { keep: false, kind: '(unparsable)', reason: 'unparsable' };
    }
    if (key !== undefined) this.cache.set(key, verdict);
    return verdict;
  }
}

/** The statement with literals: as logged, or with its parameters substituted; undefined if it cannot be. */
function withLiterals(s: LoggedStatement): string | undefined {
  if (!hasParameters(s.sql)) return s.sql;
  const params = s.parameters === undefined ? undefined : parseBindParameters(s.parameters);
  return params && substituteParameters(s.sql, params);
}

/** A query's example as kept: trimmed, without a final semicolon, and copied out of the read chunk. */
function exampleText(sql: string): string {
  return detachString(sql.trim().replace(/;\s*$/, ''));
}
