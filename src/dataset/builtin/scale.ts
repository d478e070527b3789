import { PilotError } from '../../errors/index.js';

export class InvalidScaleError extends PilotError {}

/**
 * Named scales, as scale factors (1 = about the size of the real STATS dump). Measured with
 * bench/dataset-generation.ts, seed 42, on the 2-core development machine:
 *
 * | scale           | users  | posts  | comments | votes   | badges | postlinks | posthistory | tags  | rows    | generate + load |
 * | small (0.1)     | 4,000  | 9,000  | 13,550   | 27,997  | 7,946  | 1,080     | 19,897      | 101   | 83,571  | 0.4-1.0 s       |
 * | default (1)     | 40,000 | 90,000 | 149,321  | 319,129 | 80,772 | 10,800    | 203,971     | 1,008 | 895,001 | 4.2-8.6 s       |
 *
 * The default scale was chosen so that PostgreSQL runs the test workload's queries in tens of
 * milliseconds to seconds (median 50-80 ms, 90% under about 1 s, over two runs); the small one
 * for tests and the quickstart (median 6 ms). Both misestimate alike (see postgres-estimate-qerror.ts).
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
