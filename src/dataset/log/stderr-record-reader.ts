/**
 * stderr logs: each message starts with the log_line_prefix; continuation lines of a
 * multi-line message start with a tab (which PostgreSQL adds, so exactly one is removed);
 * DETAIL and STATEMENT parts follow on lines of their own with the prefix again.
 */
import type { LineConsumer, LogRecord, RecordSink, SourceLocation } from './log-record.js';
import { SECONDARY_SEVERITIES, type LogLinePrefix } from './log-line-prefix.js';
import { unknownZoneWarning } from './log-timestamp.js';

/**
 * The record being read: handed to the sink as it is once complete (one object per record). Its
 * time is read from the text when first asked for: only statements need theirs.
 */
class OpenRecord implements LogRecord {
  detail: string | undefined = undefined;
  statement: string | undefined = undefined;
  /** Which part continuation lines extend. */
  part: 'message' | 'detail' | 'statement' | 'ignored' = 'message';
  /** The time in milliseconds once read (null: not read yet). */
  private ms: number | undefined | null = null;

  constructor(
    readonly location: SourceLocation,
    private readonly prefix: LogLinePrefix,
    private readonly time: string | undefined,
    readonly session: string,
    readonly severity: string,
    public message: string,
  ) {}

  get timestamp(): number | undefined {
    if (this.ms === null) this.ms = this.time === undefined ? undefined : this.prefix.timestamp(this.time);
    return this.ms;
  }
}

export class StderrRecordReader implements LineConsumer {
  private open: OpenRecord | undefined;

  constructor(
    private readonly file: string,
    private readonly prefix: LogLinePrefix,
    private readonly sink: RecordSink,
  ) {}

  line(text: string, lineNumber: number): void {
    if (text.charCodeAt(0) === 9 /* tab */) {
      const open = this.open;
      if (!open) {
        this.sink.lineSkipped('orphan-continuation', { file: this.file, line: lineNumber }, text);
        return;
      }
      const more = `\n${text.slice(1)}`;
      if (open.part === 'message') open.message += more;
      else if (open.part === 'detail') open.detail += more;
      else if (open.part === 'statement') open.statement += more;
      return;
    }
    if (text.length === 0) return;
    const m = this.prefix.fields(text);
    if (!m) {
      // Tab lines after an unreadable line must not be glued to the record before it.
      this.flush();
      this.sink.lineSkipped('prefix-mismatch', { file: this.file, line: lineNumber }, text);
      return;
    }
    if (m.severity !== 'LOG' && SECONDARY_SEVERITIES.has(m.severity)) {
      const open = this.open;
      if (!open || open.session !== m.session) {
        this.sink.lineSkipped('orphan-continuation', { file: this.file, line: lineNumber }, text);
        return;
      }
      if (m.severity === 'DETAIL' && open.detail === undefined) {
        open.detail = m.message;
        open.part = 'detail';
      } else if (m.severity === 'STATEMENT') {
        open.statement = m.message;
        open.part = 'statement';
      } else {
        open.part = 'ignored';
      }
      return;
    }
    this.flush();
    this.open = new OpenRecord({ file: this.file, line: lineNumber }, this.prefix, m.time, m.session, m.severity, m.message);
  }

  end(): void {
    this.flush();
    for (const zone of this.prefix.unknownZones) this.sink.warning(unknownZoneWarning(zone));
  }

  private flush(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    this.sink.record(open);
  }
}
