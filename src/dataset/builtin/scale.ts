import { PilotError } from '../../errors/index.js';

export class InvalidScaleError extends PilotError {}

/**
 * Named scales, as scale factors (1 = about the size of the real STATS dump: 40,000 users and
 * 90,000 posts, about a million rows in all). Row counts and load times are in README.md of this
 * folder; they were measured, not guessed.
 */
export const BUILTIN_SCALES = { small: 0.1, default: 1 } as const;
export type BuiltinScaleName = keyof typeof BUILTIN_SCALES;
export type ScaleInput = BuiltinScaleName | number;

/** Smallest and largest scale factors accepted: below, tables get too small to be skewed; above, memory for the parent tables grows past a few hundred MB. */
export const MIN_SCALE_FACTOR = 0.001;
export const MAX_SCALE_FACTOR = 20;

export function resolveScale(scale: ScaleInput): number {
  const factor = typeof scale === 'number' ? scale : (BUILTIN_SCALES as Record<string, number>)[scale];
  if (factor === undefined || !Number.isFinite(factor) || factor < MIN_SCALE_FACTOR || factor > MAX_SCALE_FACTOR) {
    throw new InvalidScaleError('INVALID_SCALE', `unknown scale ${JSON.stringify(scale)}`, {
      context: { scale },
      hint: `use ${Object.keys(BUILTIN_SCALES).map((s) => `"${s}"`).join(' or ')}, or a scale factor between ${MIN_SCALE_FACTOR} and ${MAX_SCALE_FACTOR}`,
    });
  }
  return factor;
}
