/** Small formatters shared by `pilot results list` and `show`; '-' stands for "not known". */

/** An ISO time as `YYYY-MM-DD HH:MM:SS` in UTC (the stores write UTC); other text as it is. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '-';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().slice(0, 19).replace('T', ' ');
}

/** Four significant digits, without exponent notation for large values. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(4)).toString();
}

/** Milliseconds as seconds with 3 decimals. */
export function formatSeconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '-' : (ms / 1000).toFixed(3);
}

/** A finite number stored under `field` of a JSON object, else undefined. */
export function numberField(object: Readonly<Record<string, unknown>> | null, field: string): number | undefined {
  const value = object?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Wall time between two ISO times, as `1h 02m 03s` / `2m 03s` / `4.5s`. */
export function formatDuration(startIso: string, endIso: string | null): string {
  if (endIso === null) return '-';
  const ms = Date.parse(endIso) - Date.parse(startIso);
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const whole = Math.round(s);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = whole % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}h ${mm}m ${ss}s` : `${m}m ${ss}s`;
}

/** What the run minimised: its config's `objective` (`time`: total ms, `qerror`: a median q-error). */
export function objectiveKind(config: Readonly<Record<string, unknown>>, summary: Readonly<Record<string, unknown>> | null): string | null {
  const kind = config.objective ?? summary?.objective;
  return typeof kind === 'string' ? kind : null;
}

/** An objective in its unit: seconds for time, a plain figure otherwise. */
export function formatObjective(value: number | null | undefined, kind: string | null): string {
  if (kind === 'time' && value !== null && value !== undefined && Number.isFinite(value)) return `${formatSeconds(value)} s`;
  return formatNumber(value);
}
