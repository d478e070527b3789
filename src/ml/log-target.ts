/**
 * Cardinalities span many orders of magnitude, so MSCN learns log(rows) scaled to [0, 1] by the
 * smallest and largest log seen in training, and predicts it through a sigmoid.
 */
import { PilotError } from '../errors/index.js';

export interface LogTargetJson {
  readonly minLog: number;
  readonly maxLog: number;
}

export class LogTargetNormalizer {
  /** `maxLog > minLog` always (a span of 1 is used when every fitted value is the same). */
  private constructor(
    readonly minLog: number,
    readonly maxLog: number,
  ) {}

  /** Fits min/max of log(max(1, rows)); throws ML_NORMALIZER_EMPTY on no values, ML_NORMALIZER_INVALID on NaN or negative. */
  static fit(rows: Iterable<number>): LogTargetNormalizer {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const r of rows) {
      if (!Number.isFinite(r) || r < 0) {
        throw new PilotError('ML_NORMALIZER_INVALID', `a cardinality to fit must be a finite number ≥ 0, got ${String(r)}`, { context: { value: r } });
      }
      const v = Math.log(Math.max(1, r));
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min === Number.POSITIVE_INFINITY) throw new PilotError('ML_NORMALIZER_EMPTY', 'cannot fit the cardinality normalizer on no values');
    return LogTargetNormalizer.of(min, max);
  }

  static fromJSON(json: unknown): LogTargetNormalizer {
    const o = json as Partial<LogTargetJson> | null;
    if (typeof o !== 'object' || o === null || !Number.isFinite(o.minLog) || !Number.isFinite(o.maxLog) || (o.maxLog as number) < (o.minLog as number)) {
      throw new PilotError('ML_NORMALIZER_INVALID', `a saved cardinality normalizer needs finite minLog ≤ maxLog, got ${JSON.stringify(json)}`, { context: { json } });
    }
    return LogTargetNormalizer.of(o.minLog as number, o.maxLog as number);
  }

  private static of(minLog: number, maxLog: number): LogTargetNormalizer {
    return new LogTargetNormalizer(minLog, maxLog > minLog ? maxLog : minLog + 1);
  }

  /** maxLog − minLog: one normalized unit in natural-log units. */
  get span(): number {
    return this.maxLog - this.minLog;
  }

  /** In [0, 1] for cardinalities inside the fitted range (outside it for others: not clamped). */
  normalize(rows: number): number {
    return (Math.log(Math.max(1, rows)) - this.minLog) / this.span;
  }

  /** The cardinality (rows, not rounded) for a normalized value. */
  denormalize(value: number): number {
    return Math.exp(value * this.span + this.minLog);
  }

  toJSON(): LogTargetJson {
    return { minLog: this.minLog, maxLog: this.maxLog };
  }
}
