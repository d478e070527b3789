/**
 * Classifies statement executions and folds the read-only ones into one entry per fingerprint:
 * the first text seen with its literals, the number of executions, durations, first and last
 * time. Each distinct literal-blind text is parsed once (see literal-blind-key.ts), and a
 * statement of a known shape is recognized without a scan (literal-template-cache.ts).
 * Extended-protocol texts are classified with their `$n` (the fingerprint ignores constants
 * and parameters alike); their parameter values are substituted only while a query still has
 * no example with literals.
 */
import { hasParameters, parseBindParameters, substituteParameters } from './bind-parameters.js';
import { classifyStatement } from './classify-statement.js';
import { detachString } from './detach-string.js';
import { DurationAccumulator, type DurationSummary } from './duration-summary.js';
import type { ReportBuilder } from './extraction-report.js';
import { literalBlindTemplate } from './literal-blind-key.js';
import { LiteralTemplateCache } from './literal-template-cache.js';
import type { SourceLocation } from './log-record.js';
import type { EntrySkipReason, StatementSkipReason } from './skip-reasons.js';
import type { LoggedStatement, StatementSink } from './statement-assembler.js';
import type { StatementParser } from './statement-parser.js';
import { DEFAULT_CACHE_CHARS, VerdictCache } from './verdict-cache.js';

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

/**
 * A verdict as cached: one object per fingerprint (per text when unparsable), of one shape, that
 * also holds what each execution updates, so that a statement of a known shape is counted
 * without a map lookup.
 */
interface Verdict {
  readonly keep: boolean;
  readonly kind: string;
  /** Why a text is not kept (undefined when kept). */
  readonly reason: StatementSkipReason | 'unparsable' | undefined;
  /** Of kept statements. */
  readonly fingerprint: string | undefined;
  /** The report's count of the statement kind; undefined for unparsable texts. */
  readonly kindCount: { n: number } | undefined;
  /** The query of a kept fingerprint, once an execution was counted. */
  query: QueryEntry | undefined;
}

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
  /** Characters the verdict caches keep, together (oldest entries go first). */
  readonly cacheChars?: number;
  /** Parse every statement, no caches (to measure what the caches save). */
  readonly parseEveryStatement?: boolean;
}

export class WorkloadAccumulator implements StatementSink {
  private readonly queries = new Map<string, QueryEntry>();
  /** Verdicts by literal-blind template: how a statement of a known shape is classified. */
  private readonly templates: LiteralTemplateCache<Verdict>;
  /** Verdicts by literal-blind key: texts whose template is new but whose key is not. */
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
    // The two caches share the bound: memory stays where one cache of cacheChars kept it.
    const chars = options.cacheChars ?? DEFAULT_CACHE_CHARS;
    this.cache = new VerdictCache(chars / 2);
    this.templates = new LiteralTemplateCache(chars / 2);
  }

  statement(s: LoggedStatement): void {
    const verdict = this.classify(s.sql);
    if (verdict.kindCount !== undefined) verdict.kindCount.n += 1;
    if (!verdict.keep) {
      this.report.skip(verdict.reason!, s.location, s.sql);
      return;
    }
    this.report.kept += 1;
    // The verdict of a fingerprint is one object: it keeps its query (no lookup by fingerprint).
    const entry = (verdict.query ??= this.queryEntry(verdict.fingerprint!, s));
    if (entry.parameterized) {
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

  /** The query of a fingerprint, created with `s` as its example when new. */
  private queryEntry(fingerprint: string, s: LoggedStatement): QueryEntry {
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
    }
    return entry;
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
   * By literal-blind template first (native compares, no scan: see literal-template-cache.ts);
   * on a miss, by literal-blind key (one scan, which also gives the template); then by
   * fingerprint (one WASM call: texts that differ in more than literals, like `IN (1, 2)` and
   * `IN ($1, $2, $3)`, often share one); only a new fingerprint is parsed and classified. A
   * fingerprint decides the verdict: it covers every node of the tree but constants and
   * positions. Extended-protocol texts (with `$n`, no literals) are their own template.
   */
  private classify(sql: string): Verdict {
    const uncached = this.options.parseEveryStatement === true;
    if (!uncached) {
      const hit = this.templates.get(sql);
      if (hit) return hit;
    }
    const template = uncached ? undefined : literalBlindTemplate(sql);
    const cached = template === undefined ? undefined : this.cache.get(template.key);
    if (cached) {
      this.templates.set(sql, template!, cached);
      return cached;
    }
    let verdict: Verdict | undefined;
    try {
      const fingerprint = this.parser.fingerprint(sql);
      this.wasmCalls += 1;
      verdict = uncached ? undefined : this.byFingerprint.get(fingerprint);
      if (!verdict) {
        this.wasmCalls += 1;
        const v = classifyStatement(this.parser.parse(sql));
        const kindCount = this.report.kindCounter(v.kind);
        verdict = v.keep ? newVerdict(true, v.kind, undefined, fingerprint, kindCount) : newVerdict(false, v.kind, v.reason, undefined, kindCount);
        this.byFingerprint.set(fingerprint, verdict);
      }
    } catch {
      // Not cached: an unparsable text says nothing about others with the same key.
      return newVerdict(false, '(unparsable)', 'unparsable', undefined, undefined);
    }
    if (template !== undefined) {
      this.cache.set(template.key, verdict);
      this.templates.set(sql, template, verdict);
    }
    return verdict;
  }
}

function newVerdict(
  keep: boolean,
  kind: string,
  reason: Verdict['reason'],
  fingerprint: string | undefined,
  kindCount: { n: number } | undefined,
): Verdict {
  return { keep, kind, reason, fingerprint, kindCount, query: undefined };
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
