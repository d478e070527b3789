/**
 * Log timestamps as PostgreSQL writes them (`%m`, `%t`, csvlog/jsonlog `log_time`):
 * `2024-05-01 12:34:56[.789] <zone>`, the zone being log_timezone's abbreviation or offset.
 */

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
