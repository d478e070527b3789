/** Figures as the report prints them: fixed, readable precision; an em dash for what is missing. */

export const MISSING = '—';

export function formatSeconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? MISSING : (ms / 1000).toFixed(3);
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return MISSING;
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3);
}

export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? MISSING : ratio.toFixed(3);
}

/** Up to 4 significant digits without exponent noise for ordinary magnitudes. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  if (value !== 0 && (Math.abs(value) >= 1e7 || Math.abs(value) < 1e-3)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** A parameter or setting value as a trial label shows it (strings bare, the rest as JSON). */
export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

/** `a=1 b=x`, or an em dash for none. */
export function formatPairs(values: Readonly<Record<string, unknown>>, prefix = ''): string {
  const entries = Object.entries(values);
  return entries.length === 0 ? MISSING : entries.map(([k, v]) => `${prefix}${k}=${formatValue(v)}`).join(' ');
}
