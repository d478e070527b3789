import type { RecordSink } from './log-record.js';

/** Warns once per time zone abbreviation that could not be read (its times are taken as UTC). */
export function timestampNoter(sink: RecordSink): (zone: string | undefined) => void {
  const seen = new Set<string>();
  return (zone) => {
    if (zone === undefined || seen.has(zone)) return;
    seen.add(zone);
    sink.warning(`unknown time zone "${zone}" in log timestamps: read as UTC (only the time split depends on it)`);
  };
}
