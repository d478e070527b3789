/**
 * csvlog: one CSV record per message, quoted fields may span lines. A record is complete when
 * its quotes balance. A record that does not have the csvlog columns (a garbled line, an odd
 * quote that swallowed the records after it) is reported and reading resumes at the next line
 * inside it that starts like a record, so one bad line loses only itself.
 */
import { splitCsvFields, togglesQuotes } from './csv-fields.js';
import type { LineConsumer, RecordSink } from './log-record.js';
import { TimestampReader, unknownZoneWarning } from './log-timestamp.js';
import type { LineSkipReason } from './skip-reasons.js';

/** Column positions (PostgreSQL 13-17); PostgreSQL 12 and older have the first 23. */
const COL = {
  logTime: 0,
  processId: 3,
  sessionId: 5,
  severity: 11,
  message: 13,
  detail: 14,
  query: 19,
} as const;
const MIN_COLUMNS = 23;

/** How a csvlog record starts: its log_time then a comma. */
export const CSV_RECORD_START = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [^,\s]*,/;

/** Bounds on one record, so a runaway open quote cannot hold the rest of the file. */
const MAX_RECORD_LINES = 10_000;
const MAX_RECORD_CHARS = 64 * 1024 * 1024;

export class CsvlogRecordReader implements LineConsumer {
  private lines: string[] = [];
  private firstLine = 0;
  private chars = 0;
  private inQuotes = false;
  private readonly times = new TimestampReader();

  constructor(
    private readonly file: string,
    private readonly sink: RecordSink,
  ) {}

  line(text: string, lineNumber: number): void {
    if (this.lines.length === 0) {
      if (text.length === 0) return;
      this.firstLine = lineNumber;
      this.chars = 0;
      this.inQuotes = false;
    }
    this.lines.push(text);
    this.chars += text.length;
    if (togglesQuotes(text)) this.inQuotes = !this.inQuotes;
    if (!this.inQuotes) this.complete();
    else if (this.lines.length > MAX_RECORD_LINES || this.chars > MAX_RECORD_CHARS) this.reject('invalid-csv');
  }

  end(): void {
    while (this.lines.length > 0) this.reject('truncated-record');
    for (const zone of this.times.unknownZones) this.sink.warning(unknownZoneWarning(zone));
  }

  private complete(): void {
    const fields = splitCsvFields(this.lines.join('\n'));
    const time = fields && fields.length >= MIN_COLUMNS ? this.times.read(fields[COL.logTime]!) : undefined;
    if (!fields || time === undefined) {
      this.reject('invalid-csv');
      return;
    }
    const location = { file: this.file, line: this.firstLine };
    this.lines = [];
    const query = fields[COL.query]!;
    const detail = fields[COL.detail]!;
    this.sink.record({
      location,
      timestamp: time,
      session: fields[COL.sessionId] || fields[COL.processId] || '',
      severity: fields[COL.severity]!,
      message: fields[COL.message]!,
      detail: detail === '' ? undefined : detail,
      statement: query === '' ? undefined : query,
    });
  }

  /** Reports the record's first line and re-reads from the next line that starts a record. */
  private reject(reason: LineSkipReason): void {
    const lines = this.lines;
    const first = this.firstLine;
    this.lines = [];
    this.sink.lineSkipped(reason, { file: this.file, line: first }, lines[0] ?? '');
    const resume = lines.findIndex((l, i) => i > 0 && CSV_RECORD_START.test(l));
    if (resume < 0) return;
    for (let i = resume; i < lines.length; i += 1) this.line(lines[i]!, first + i);
  }
}
