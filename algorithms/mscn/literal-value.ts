import type { Literal } from '../../src/sql/index.js';
import type { ColumnKind } from './column-kind.js';

/** A value as the sample holds it (see column-kind.ts); null is SQL NULL. */
export type SampleValue = number | string | boolean | null;

/** What the sample was read under: how PostgreSQL would have read a zone-less timestamptz literal. */
export interface LiteralContext {
  /** True when the server's TimeZone is UTC, so a timestamptz literal without a zone is UTC. */
  readonly timeZoneIsUtc: boolean;
}

export type LiteralConversion = { readonly ok: true; readonly value: SampleValue } | { readonly ok: false; readonly reason: string };

const fail = (reason: string): LiteralConversion => ({ ok: false, reason });

/**
 * The constant as a value comparable with a column of `kind`, the way PostgreSQL would coerce it
 * (an untyped string compared with an integer column is read as an integer). Anything whose
 * reading is not certain is refused with a reason rather than guessed.
 */
export function literalValue(literal: Literal, kind: ColumnKind, context: LiteralContext): LiteralConversion {
  switch (literal.kind) {
    case 'null':
      return { ok: true, value: null };
    case 'typed':
      // A cast of a constant: the inner constant, read for the column (a date cast compared with a timestamp column, ...).
      return literalValue(literal.value, kind, context);
    case 'bit_string':
      return fail('bit-string constant');
    case 'boolean':
      return kind === 'boolean' ? { ok: true, value: literal.value } : fail(`boolean constant on a ${kind} column`);
    case 'number':
      if (kind === 'number') return Number.isFinite(literal.value) ? { ok: true, value: literal.value } : fail(`number ${literal.text} out of range`);
      return fail(`number constant on a ${kind} column`);
    case 'string':
      return stringValue(literal.value, kind, context);
  }
}

function stringValue(text: string, kind: ColumnKind, context: LiteralContext): LiteralConversion {
  switch (kind) {
    case 'number': {
      const trimmed = text.trim();
      const value = Number(trimmed);
      return trimmed !== '' && Number.isFinite(value) && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? { ok: true, value } : fail(`'${text}' is not a number`);
    }
    case 'timestamp': {
      const parsed = parseTimestamp(text);
      if (parsed === undefined) return fail(`'${text}' is not a date or timestamp pilot can read`);
      // A timestamp without time zone ignores a zone written in the literal.
      return { ok: true, value: parsed.localSeconds };
    }
    case 'timestamptz': {
      const parsed = parseTimestamp(text);
      if (parsed === undefined) return fail(`'${text}' is not a date or timestamp pilot can read`);
      if (parsed.offsetSeconds !== undefined) return { ok: true, value: parsed.localSeconds - parsed.offsetSeconds };
      return context.timeZoneIsUtc ? { ok: true, value: parsed.localSeconds } : fail(`'${text}' has no time zone and the server's TimeZone is not UTC`);
    }
    case 'text':
      return { ok: true, value: text };
    case 'bpchar':
      return { ok: true, value: trimTrailingSpaces(text) };
    case 'boolean': {
      const value = readBoolean(text);
      return value === undefined ? fail(`'${text}' is not a boolean`) : { ok: true, value };
    }
    case 'other':
      return fail('column type that pilot cannot compare');
  }
}

/** character(n) compares without trailing spaces. */
export function trimTrailingSpaces(text: string): string {
  return text.replace(/ +$/, '');
}

function readBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === '') return undefined;
  // PostgreSQL accepts any unique prefix of true/false/yes/no, plus on/off/1/0.
  if ('true'.startsWith(t) || 'yes'.startsWith(t) || t === 'on' || t === '1') return true;
  if ('false'.startsWith(t) || 'no'.startsWith(t) || t === 'off' || t === '0') return false;
  return undefined;
}

const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|UTC|[+-]\d{1,2}(?::?\d{2})?)?$/i;

/**
 * ISO dates and timestamps (`2014-01-01`, `2014-01-01 12:30:05.25`, `...T12:30Z`, `...+02:00`):
 * the wall-clock time as epoch seconds read as UTC, and the written zone offset if any. Other
 * spellings PostgreSQL accepts (`Jan 1 2014`, `epoch`, `now`) are refused by returning undefined.
 */
export function parseTimestamp(text: string): { localSeconds: number; offsetSeconds?: number } | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((p) => (p === undefined ? 0 : Number(p))) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  // Reject days that do not exist (2014-02-30), which Date.UTC would roll over.
  if (check.getUTCDate() !== day && hour !== 24) return undefined;
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  const localSeconds = ms / 1000 + fraction;
  const zone = m[8];
  if (zone === undefined) return { localSeconds };
  if (/^(z|utc)$/i.test(zone)) return { localSeconds, offsetSeconds: 0 };
  const z = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (z === null) return undefined;
  const offsetSeconds = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 3600 + Number(z[3] ?? 0) * 60);
  return { localSeconds, offsetSeconds };
}
