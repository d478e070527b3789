/**
 * Guesses log_line_prefix from a file's first lines when the user did not give it: each common
 * prefix is tried on the sample; the one that matches the most lines wins, then the one that
 * explains more of them (`%m [%p] ` also matches the background lines of richer prefixes, but
 * reads less of the session lines), then the more common one (earlier in the list).
 */
import { compileLogLinePrefix, type LogLinePrefix } from './log-line-prefix.js';

/** Prefixes seen in the wild, most common first. */
export const COMMON_LOG_LINE_PREFIXES = [
  '%m [%p] %q%u@%d ', // Debian and Ubuntu packages
  '%m [%p] ', // PostgreSQL 10+ default
  '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ', // pgBadger's recommendation
  '%t [%p]: user=%u,db=%d,app=%a,client=%h ',
  '%m [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ',
  '%t [%p]: [%l-1] ', // older pgBadger recommendation
  '%t [%p-%l] %q%u@%d ', // older Debian and Ubuntu packages
  '%m [%p-%l] %q%u@%d ',
  '%m [%p] %q%u@%d app=%a ',
  '%m [%p] %q[user=%u,db=%d,app=%a] ',
  '%t:%r:%u@%d:[%p]:', // Amazon RDS and Aurora
  '%m:%r:%u@%d:[%p]:',
  '%t-%c-', // Azure Database for PostgreSQL
  '%m %c ',
  '%t ',
  '%m ',
  '', // PostgreSQL before 10
] as const;

export interface PrefixDetection {
  readonly prefix: LogLinePrefix;
  /** Sample lines it matched, of `sampled` prefix-bearing lines. */
  readonly matched: number;
  readonly sampled: number;
  /** Characters of the matched lines read as prefix. */
  readonly prefixChars: number;
}

/** Picks the best candidate for `lines` (continuation lines are ignored); undefined if none fits. */
export function detectLogLinePrefix(lines: readonly string[], candidates: readonly string[] = COMMON_LOG_LINE_PREFIXES): PrefixDetection | undefined {
  const sample = lines.filter((l) => l.length > 0 && !l.startsWith('\t'));
  let best: PrefixDetection | undefined;
  for (const source of candidates) {
    const prefix = compileLogLinePrefix(source);
    let matched = 0;
    let prefixChars = 0;
    for (const line of sample) {
      const m = prefix.match(line);
      if (!m) continue;
      matched += 1;
      prefixChars += line.length - m.message.length;
    }
    if (matched === 0) continue;
    if (!best || matched > best.matched || (matched === best.matched && prefixChars > best.prefixChars)) {
      best = { prefix, matched, sampled: sample.length, prefixChars };
    }
  }
  return best;
}
