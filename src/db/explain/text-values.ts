/**
 * Values of text-format properties, typed the way the JSON format types them where the text
 * makes it unambiguous: a plain integer or decimal becomes a number (integers only while they
 * fit a double exactly), `true`/`false` become booleans, anything else stays a string.
 */
export function typedTextValue(text: string): string | number | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (/^-?\d+\.\d+$/.test(text)) return Number(text);
  return text;
}

/** `Key: value` (value may be empty). Keys hold no ':' and no '(' so that `KDS-Hash (size: 1MB)` is not one. */
export function splitKeyValue(text: string): { key: string; value: string } | undefined {
  const m = /^([^:(\s][^:(]*?):(?:\s+(.*)|)$/.exec(text);
  if (m === null) return undefined;
  return { key: (m[1] ?? '').trimEnd(), value: (m[2] ?? '').trim() };
}

/** `Settings: enable_hashjoin = 'off', work_mem = '64MB'` -> {enable_hashjoin: 'off', work_mem: '64MB'}. */
export function parseSettings(text: string): Record<string, string> | undefined {
  const settings: Record<string, string> = {};
  let rest = text.trim();
  while (rest !== '') {
    const m = /^([A-Za-z_][\w.]*) = '((?:[^']|'')*)'(?:,\s*|$)/.exec(rest);
    if (m === null) return undefined;
    settings[m[1] ?? ''] = (m[2] ?? '').replace(/''/g, "'");
    rest = rest.slice(m[0].length);
  }
  return settings;
}

/** `Inlining false, Optimization false` -> {Inlining: false, Optimization: false}. */
export function parseJitOptions(text: string): Record<string, boolean> | undefined {
  const options: Record<string, boolean> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z][A-Za-z ]*?) (true|false)\s*$/.exec(part);
    if (m === null) return undefined;
    options[m[1] ?? ''] = m[2] === 'true';
  }
  return options;
}

/** `Generation 1.056 ms, Inlining 0.000 ms, ... Total 14.491 ms` -> {Generation: 1.056, ...}. */
export function parseJitTiming(text: string): Record<string, number> | undefined {
  const timing: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z][A-Za-z ]*?) (\d+(?:\.\d+)?) ms\s*$/.exec(part);
    if (m === null) return undefined;
    timing[m[1] ?? ''] = Number(m[2]);
  }
  return timing;
}
