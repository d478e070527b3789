/** jsonlog (PostgreSQL 15+): one JSON object per line; empty fields are left out. */
import type { LineConsumer, RecordSink } from './log-record.js';
import { TimestampReader, unknownZoneWarning } from './log-timestamp.js';

export class JsonlogRecordReader implements LineConsumer {
  private readonly times = new TimestampReader();

  constructor(
    private readonly file: string,
    private readonly sink: RecordSink,
  ) {}

  line(text: string, lineNumber: number): void {
    if (text.length === 0) return;
    const location = { file: this.file, line: lineNumber };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.sink.lineSkipped('invalid-json', location, text);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.sink.lineSkipped('invalid-json', location, text);
      return;
    }
    const o = value as Record<string, unknown>;
    if (typeof o.error_severity !== 'string' || typeof o.message !== 'string') {
      this.sink.lineSkipped('invalid-record', location, text);
      return;
    }
    const time = typeof o.timestamp === 'string' ? this.times.read(o.timestamp) : undefined;
    this.sink.record({
      location,
      timestamp: time,
      session: typeof o.session_id === 'string' ? o.session_id : o.pid !== undefined ? String(o.pid) : '',
      severity: o.error_severity,
      message: o.message,
      detail: typeof o.detail === 'string' ? o.detail : undefined,
      statement: typeof o.statement === 'string' ? o.statement : undefined,
    });
  }

  end(): void {
    for (const zone of this.times.unknownZones) this.sink.warning(unknownZoneWarning(zone));
  }
}
