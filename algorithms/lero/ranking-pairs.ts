/** A candidate's measured time: `executionMs` null means it was cancelled after `timeoutMs`. */
export interface MeasuredTime {
  readonly executionMs: number | null;
  readonly timeoutMs: number;
}

/** Candidate indexes of one query: `faster` ran measurably faster than `slower`. */
export interface RankingPair {
  readonly faster: number;
  readonly slower: number;
}

export interface PairMargins {
  /** The slower must exceed the faster by this fraction of the faster's time... */
  readonly relative: number;
  /** ...and by at least this many ms. */
  readonly absoluteMs: number;
}

/**
 * Every ordered pair of candidates whose times differ by more than the margins (noise is not a
 * ranking). A timed-out candidate took at least its timeout, so it still loses to any candidate
 * that finished clearly below that; two timed-out candidates give no pair.
 */
export function rankingPairs(times: readonly MeasuredTime[], margins: PairMargins): RankingPair[] {
  const pairs: RankingPair[] = [];
  // A lower bound of each time, and whether it is exact.
  const bound = times.map((t) => t.executionMs ?? t.timeoutMs);
  for (let i = 0; i < times.length; i += 1) {
    for (let j = i + 1; j < times.length; j += 1) {
      const a = times[i]!;
      const b = times[j]!;
      if (a.executionMs === null && b.executionMs === null) continue;
      const [fast, slow] = bound[i]! <= bound[j]! ? [i, j] : [j, i];
      // The faster side must have finished: a timeout is only a lower bound.
      if (times[fast]!.executionMs === null) continue;
      const difference = bound[slow]! - bound[fast]!;
      if (difference > Math.max(margins.relative * bound[fast]!, margins.absoluteMs)) pairs.push({ faster: fast, slower: slow });
    }
  }
  return pairs;
}
