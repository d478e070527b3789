/** The dataset's time span, as in the real STATS dump: 2010-07-19 to 2014-09-14, epoch seconds. */
export const TIME_START = 1_279_500_000;
export const TIME_END = 1_410_700_000;
export const TIME_SPAN = TIME_END - TIME_START;
export const DAY_SECONDS = 86_400;

/** `parent + delay`, kept inside the span: a late parent gets a child somewhere before the end instead. */
export function after(parent: number, delay: number, uniform: number): number {
  const t = parent + Math.floor(delay);
  return t <= TIME_END ? t : parent + Math.floor(uniform * Math.max(0, TIME_END - parent));
}
