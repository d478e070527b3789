/**
 * Reads one log file into records: picks the format (from the first line when 'auto') and, for
 * stderr logs without a configured prefix, the log_line_prefix (from a sample of first lines),
 * then streams the rest through the matching record reader.
 */
import { CSV_RECORD_START, CsvlogRecordReader } from './csvlog-record-reader.js';
import { COMMON_LOG_LINE_PREFIXES, detectLogLinePrefix } from './detect-log-line-prefix.js';
import { JsonlogRecordReader } from './jsonlog-record-reader.js';
import type { LogLinePrefix } from './log-line-prefix.js';
import { LogExtractionError } from './log-extraction-error.js';
import type { LineConsumer, LogFormat, LogFormatOption, RecordSink } from './log-record.js';
import { readLogLines } from './read-log-lines.js';
import { StderrRecordReader } from './stderr-record-reader.js';

export interface LogFileOptions {
  readonly format: LogFormatOption;
  /** The configured log_line_prefix for stderr logs; detected when undefined. */
  readonly prefix: LogLinePrefix | undefined;
}

export interface LogFileResult {
  readonly format: LogFormat;
  /** The log_line_prefix used (stderr logs only). */
  readonly prefix: string | undefined;
  readonly prefixDetected: boolean;
  readonly compressed: boolean;
  readonly lines: number;
  readonly error: Error | undefined;
}

/** Prefix-bearing lines sampled before guessing log_line_prefix. */
const PREFIX_SAMPLE_LINES = 200;
const PREFIX_SAMPLE_CHARS = 4 * 1024 * 1024;

export async function readLogFile(path: string, options: LogFileOptions, sink: RecordSink, onBytes: (bytes: number) => void): Promise<LogFileResult> {
  const sniffer = new FormatSniffer(path, options, sink);
  const read = await readLogLines(path, sniffer, onBytes);
  return {
    format: sniffer.format ?? (options.format === 'auto' ? 'stderr' : options.format),
    prefix: sniffer.prefix?.source,
    prefixDetected: sniffer.prefix !== undefined && options.prefix === undefined,
    compressed: read.compressed,
    lines: read.lines,
    error: read.error,
  };
}

/** Buffers the first lines (a bounded sample) until the format and prefix are known. */
class FormatSniffer implements LineConsumer {
  format: LogFormat | undefined;
  prefix: LogLinePrefix | undefined;
  private target: LineConsumer | undefined;
  private buffered: string[] = [];
  private sampledLines = 0;
  private sampledChars = 0;

  constructor(
    private readonly path: string,
    private readonly options: LogFileOptions,
    private readonly sink: RecordSink,
  ) {
    if (options.format !== 'auto') this.choose(options.format, false);
  }

  line(text: string, lineNumber: number): void {
    if (this.target) {
      this.target.line(text, lineNumber);
      return;
    }
    this.buffered.push(text);
    if (this.format === undefined && text.length > 0) {
      this.choose(text.startsWith('{') ? 'jsonlog' : CSV_RECORD_START.test(text) ? 'csvlog' : 'stderr', false);
    } else if (text.length > 0 && !text.startsWith('\t')) {
      this.sampledLines += 1;
      this.sampledChars += text.length;
      if (this.sampledLines >= PREFIX_SAMPLE_LINES || this.sampledChars >= PREFIX_SAMPLE_CHARS) this.choose('stderr', true);
    }
  }

  end(): void {
    if (!this.target && this.format !== undefined) this.choose(this.format, true);
    this.target?.end();
  }

  /** Sets up the reader once enough is known, then replays the buffered lines into it. */
  private choose(format: LogFormat, sampleComplete: boolean): void {
    this.format = format;
    if (format === 'stderr') {
      this.prefix ??= this.options.prefix;
      if (!this.prefix) {
        if (!sampleComplete) return;
        const detection = detectLogLinePrefix(this.buffered);
        if (!detection) {
          throw new LogExtractionError('LOG_PREFIX_UNDETECTED', `cannot tell the log_line_prefix of ${this.path}: none of the common prefixes matches its first lines`, {
            context: { file: this.path, tried: COMMON_LOG_LINE_PREFIXES, firstLine: this.buffered.find((l) => l.length > 0)?.slice(0, 200) },
            hint: "pass the server's log_line_prefix (psql: SHOW log_line_prefix), or check the format: csvlog and jsonlog files are read with --format csvlog/jsonlog",
          });
        }
        this.prefix = detection.prefix;
      }
    }
    this.target = format === 'stderr' ? new StderrRecordReader(this.path, this.prefix!, this.sink) : format === 'csvlog' ? new CsvlogRecordReader(this.path, this.sink) : new JsonlogRecordReader(this.path, this.sink);
    const replay = this.buffered;
    this.buffered = [];
    replay.forEach((text, i) => this.target!.line(text, i + 1));
  }
}
