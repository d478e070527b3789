/**
 * log_line_prefix compiled to a matcher for stderr log lines. A line is
 * `<prefix><SEVERITY>:  <message>`; the prefix escapes become regex groups and the fixed
 * severity words after them anchor the match, so free-text fields (%a) can be lazy.
 */
import { LogExtractionError } from './log-extraction-error.js';
import { parseEpochTimestamp, TimestampReader } from './log-timestamp.js';

export const LOG_SEVERITIES = [
  'DEBUG1', 'DEBUG2', 'DEBUG3', 'DEBUG4', 'DEBUG5', 'DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'LOG', 'FATAL', 'PANIC',
  // Secondary parts of a message, each on a line of its own in stderr logs.
  'DETAIL', 'HINT', 'QUERY', 'CONTEXT', 'LOCATION', 'STATEMENT',
] as const;
export type LogSeverity = (typeof LOG_SEVERITIES)[number];

export const SECONDARY_SEVERITIES: ReadonlySet<string> = new Set(['DETAIL', 'HINT', 'QUERY', 'CONTEXT', 'LOCATION', 'STATEMENT']);

/** What one prefix escape matches and whether its value is needed. */
interface EscapeRule {
  readonly pattern: string;
  readonly field?: 'time' | 'epoch' | 'pid' | 'session';
}

const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`;

/** The escapes PostgreSQL documents for log_line_prefix. */
const ESCAPES: Readonly<Record<string, EscapeRule>> = Object.freeze({
  a: { pattern: '.*?' }, // application name: free text, spaces allowed
  u: { pattern: String.raw`\S*?` }, // user and database names with whitespace are not supported
  d: { pattern: String.raw`\S*?` },
  r: { pattern: String.raw`\S*?` }, // host(port) or [local]
  h: { pattern: String.raw`\S*?` },
  b: { pattern: '.*?' }, // backend type: "client backend", "autovacuum worker"
  p: { pattern: String.raw`\d+`, field: 'pid' },
  P: { pattern: String.raw`\d*` },
  t: { pattern: `${TIME} \\S+`, field: 'time' },
  m: { pattern: `${TIME}\\.\\d{3} \\S+`, field: 'time' },
  n: { pattern: String.raw`\d+\.\d{3}`, field: 'epoch' },
  i: { pattern: '.*?' }, // command tag / ps display: "idle in transaction"
  e: { pattern: '[0-9A-Z]{5}' },
  c: { pattern: String.raw`[0-9a-f]+\.[0-9a-f]+`, field: 'session' },
  l: { pattern: String.raw`\d+` },
  s: { pattern: `${TIME} \\S+` },
  v: { pattern: String.raw`\S*?` },
  x: { pattern: String.raw`\d+` },
  Q: { pattern: String.raw`-?\d+` },
});

export interface PrefixMatch {
  /** Milliseconds since the epoch, when the prefix has a time. */
  readonly timestamp: number | undefined;
  /** Session id (%c) when in the prefix, else process id (%p), else ''. */
  readonly session: string;
  readonly severity: string;
  readonly message: string;
}

/** A match with its time as logged: read into milliseconds by `timestamp` only when needed. */
export interface PrefixFields {
  /** The `%m`/`%t` time, or else the `%n` epoch seconds, as logged. */
  readonly time: string | undefined;
  readonly session: string;
  readonly severity: string;
  readonly message: string;
}

export interface LogLinePrefix {
  /** The prefix as configured (log_line_prefix). */
  readonly source: string;
  readonly hasTimestamp: boolean;
  /** Time zones seen that could not be read (taken as UTC). */
  readonly unknownZones: ReadonlySet<string>;
  match(line: string): PrefixMatch | undefined;
  /** As `match`, with the time left as text (most entries' times are never needed). */
  fields(line: string): PrefixFields | undefined;
  /** Milliseconds since the epoch of a `fields().time`. */
  timestamp(time: string): number | undefined;
}

const ESCAPE = /%(-?\d+)?(.)/gs;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Compiles a log_line_prefix. Surrounding single quotes (as copied from postgresql.conf) are
 * dropped. Unknown escapes produce nothing, as in PostgreSQL; `%q` makes the rest optional
 * (non-session processes stop there).
 */
export function compileLogLinePrefix(configured: string): LogLinePrefix {
  const source = /^'.*'$/s.test(configured) ? configured.slice(1, -1).replace(/''/g, "'") : configured;
  if (source.includes('\n')) {
    throw new LogExtractionError('LOG_PREFIX_INVALID', 'a log_line_prefix cannot contain a newline', { context: { prefix: configured } });
  }
  let regex = '^';
  let optionalGroups = 0;
  const groups: ('time' | 'epoch' | 'pid' | 'session')[] = [];
  let last = 0;
  for (const m of source.matchAll(ESCAPE)) {
    const literal = source.slice(last, m.index);
    regex += escapeRegex(literal);
    last = m.index + m[0].length;
    const letter = m[2]!;
    if (letter === '%') {
      regex += '%';
      continue;
    }
    if (letter === 'q') {
      regex += '(?:';
      optionalGroups += 1;
      continue;
    }
    const rule = ESCAPES[letter];
    if (!rule) continue;
    // Padding (%-10u) adds spaces around the value.
    const padded = m[1] !== undefined;
    const body = rule.field && !groups.includes(rule.field) ? (groups.push(rule.field), `(${rule.pattern})`) : `(?:${rule.pattern})`;
    regex += padded ? ` *${body} *` : body;
  }
  const tail = source.slice(last);
  regex += escapeRegex(tail);
  regex += ')?'.repeat(optionalGroups);
  regex += `(${LOG_SEVERITIES.join('|')}):  `;
  const compiled = new RegExp(regex);
  const index = (field: (typeof groups)[number]) => groups.indexOf(field) + 1 || undefined;
  const timeGroup = index('time');
  const epochGroup = index('epoch');
  const sessionGroup = index('session');
  const pidGroup = index('pid');
  const severityGroup = groups.length + 1;
  const times = new TimestampReader();

  // A `%m`/`%t` time has a '-' after its year; `%n` epoch seconds have none.
  const timestamp = (time: string): number | undefined => (time.charCodeAt(4) === 45 ? times.read(time) : parseEpochTimestamp(time)?.ms);
  const fields = (line: string): PrefixFields | undefined => {
    const m = compiled.exec(line);
    if (!m) return undefined;
    return {
      time: (timeGroup && m[timeGroup]) || (epochGroup && m[epochGroup]) || undefined,
      session: (sessionGroup && m[sessionGroup]) || (pidGroup && m[pidGroup]) || '',
      severity: m[severityGroup]!,
      message: line.slice(m[0].length),
    };
  };

  return Object.freeze({
    source,
    hasTimestamp: timeGroup !== undefined || epochGroup !== undefined,
    unknownZones: times.unknownZones,
    fields,
    timestamp,
    match(line: string): PrefixMatch | undefined {
      const f = fields(line);
      if (!f) return undefined;
      return { timestamp: f.time === undefined ? undefined : timestamp(f.time), session: f.session, severity: f.severity, message: f.message };
    },
  });
}
