/**
 * Log timestamps as PostgreSQL writes them (`%m`, `%t`, csvlog/jsonlog `log_time`):
 * `2024-05-01 12:34:56[.789] <zone>`, the zone being log_timezone's abbreviation or offset.
 */

import { detachString } from './detach-string.js';

const STAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?: (\S+))?$/;
const OFFSET = /^([+-])(\d\d):?(\d\d)?$/;

/** Common abbreviations log_timezone prints, in minutes east of UTC. */
const ZONE_OFFSETS: Readonly<Record<string, number>> = Object.freeze({
  UTC: 0, GMT: 0, Z: 0, UCT: 0,
  WET: 0, WEST: 60, BST: 60, IST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150,
  JST: 540, KST: 540, HKT: 480, SGT: 480, AWST: 480, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
});

export interface ParsedTimestamp {
  readonly ms: number;
  /** The zone text when it was not recognized (read as UTC). */
  readonly unknownZone?: string;
}

/** Parses a log timestamp; undefined when the text is not one. */
export function parseLogTimestamp(text: string): ParsedTimestamp | undefined {
  const m = STAMP.exec(text);
  if (!m) return undefined;
  const fraction = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fraction);
  if (Number.isNaN(local)) return undefined;
  const zone = m[8];
  if (zone === undefined) return { ms: local };
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) return { ms: local, unknownZone: zone };
  return { ms: local - offset * 60_000 };
}

/** `%n`: seconds since the epoch with milliseconds. */
export function parseEpochTimestamp(text: string): ParsedTimestamp | undefined {
  const seconds = Number(text);
  return Number.isFinite(seconds) ? { ms: Math.round(seconds * 1000) } : undefined;
}

function zoneOffsetMinutes(zone: string): number | undefined {
  const known = ZONE_OFFSETS[zone.toUpperCase()];
  if (known !== undefined) return known;
  const m = OFFSET.exec(zone);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * Reads the timestamps of one log, remembering the last minute and zone seen: consecutive
 * lines share them, so most lines only add their seconds. Zones it could not read (taken as
 * UTC) are collected for a warning.
 */
export class TimestampReader {
  readonly unknownZones = new Set<string>();
  private lastMinute = ''; // 'YYYY-MM-DD HH:MM'
  private lastZone = ''; // ' UTC', or '' when the text has no zone
  private lastLength = -1;
  private minuteStart = 0;

  /** Milliseconds since the epoch, or undefined when the text is not a timestamp. */
  read(text: string): number | undefined {
    // Slices and string compares: startsWith and endsWith walk the characters one by one (slower, measured).
    if (text.length === this.lastLength && text.slice(0, 16) === this.lastMinute && text.slice(text.length - this.lastZone.length) === this.lastZone) {
      const ms = secondsOf(text);
      if (ms >= 0) return this.minuteStart + ms;
    }
    const full = parseLogTimestamp(text);
    if (!full) return undefined;
    if (full.unknownZone !== undefined && !this.unknownZones.has(full.unknownZone)) this.unknownZones.add(detachString(full.unknownZone));
    const ms = secondsOf(text);
    if (ms >= 0) {
      const space = text.indexOf(' ', 19);
      this.lastMinute = text.slice(0, 16);
      this.lastZone = space < 0 ? '' : text.slice(space);
      this.lastLength = text.length;
      this.minuteStart = full.ms - ms;
    }
    return full.ms;
  }
}

/** The warning for a zone abbreviation the reader does not know. */
export function unknownZoneWarning(zone: string): string {
  return `unknown time zone "${zone}" in log timestamps: read as UTC (only the time split depends on it)`;
}

/** Milliseconds within the minute of 'YYYY-MM-DD HH:MM:SS[.fff...]', or -1 if not in that shape. */
function secondsOf(text: string): number {
  const s1 = text.charCodeAt(17) - 48;
  const s2 = text.charCodeAt(18) - 48;
  if (text.charCodeAt(16) !== 58 || !(s1 >= 0 && s1 <= 5) || !(s2 >= 0 && s2 <= 9)) return -1;
  let ms = (s1 * 10 + s2) * 1000;
  if (text.charCodeAt(19) === 46 /* . */) {
    for (let i = 20, scale = 100; i < 23; i += 1, scale /= 10) {
      const d = text.charCodeAt(i) - 48;
      if (!(d >= 0 && d <= 9)) break;
      ms += d * scale;
    }
  }
  return ms;
}
