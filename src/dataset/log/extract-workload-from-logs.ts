/**
 * The workload of a production server, from its logs: reads stderr, csvlog or jsonlog files
 * (gzip or not, rotated sets in order), keeps the read-only queries, deduplicates them by
 * fingerprint and splits them into train and test. Lines it cannot read are counted and
 * reported with file and line; they never stop the extraction.
 */
import { stat } from 'node:fs/promises';
import { ReportBuilder, type ExtractionReport } from './extraction-report.js';
import { LogExtractionError } from './log-extraction-error.js';
import { compileLogLinePrefix } from './log-line-prefix.js';
import { LOG_FORMAT_OPTIONS, type LogFormatOption, type LogRecord, type RecordSink } from './log-record.js';
import { readLogFile } from './read-log-file.js';
import { sortRotatedLogFiles } from './sort-rotated-log-files.js';
import { splitWorkload, validateSplit, type WorkloadSplit } from './split-workload.js';
import { StatementAssembler } from './statement-assembler.js';
import { loadStatementParser } from './statement-parser.js';
import { WorkloadAccumulator, type ExtractedQuery } from './workload-accumulator.js';

export interface LogExtractionOptions {
  /** 'auto' (default) tells the format of each file from its first line. */
  readonly format?: LogFormatOption;
  /** The server's log_line_prefix, for stderr logs; detected among common ones when left out. */
  readonly prefix?: string;
  readonly split: WorkloadSplit;
  /** Read rotated files oldest first (postgresql.log.2.gz, .1, postgresql.log) instead of as given. */
  readonly sortRotated?: boolean;
  /** Called as the files are read, with bytes read from disk so far and the total. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Examples kept per skip reason (default 5). */
  readonly maxExamples?: number;
  /** Durations kept per query for the median (default 256). */
  readonly reservoirSize?: number;
}

export interface LogExtraction {
  /** Every read-only query, once per fingerprint, in the order first seen. */
  readonly queries: readonly ExtractedQuery[];
  readonly train: readonly ExtractedQuery[];
  readonly test: readonly ExtractedQuery[];
  readonly report: ExtractionReport;
}

export async function extractWorkloadFromLogs(files: readonly string[], options: LogExtractionOptions): Promise<LogExtraction> {
  const format = options.format ?? 'auto';
  if (!LOG_FORMAT_OPTIONS.includes(format)) {
    throw new LogExtractionError('LOG_FORMAT_INVALID', `unknown log format "${String(format)}"`, { hint: `use one of ${LOG_FORMAT_OPTIONS.join(', ')}` });
  }
  validateSplit(options.split);
  if (files.length === 0) throw new LogExtractionError('LOG_NO_FILES', 'no log files given');
  const prefix = options.prefix === undefined ? undefined : compileLogLinePrefix(options.prefix);
  const ordered = options.sortRotated ? sortRotatedLogFiles(files) : [...files];
  const sizes = await Promise.all(ordered.map(fileSize));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);

  const parser = await loadStatementParser();
  const report = new ReportBuilder(options.maxExamples);
  const accumulator = new WorkloadAccumulator(parser, report, { ...(options.reservoirSize ? { reservoirSize: options.reservoirSize } : {}) });
  // One assembler across files: a statement and its duration line can straddle a rotation.
  const assembler = new StatementAssembler(accumulator);
  const sink: RecordSink = {
    record(record: LogRecord) {
      report.entries += 1;
      assembler.record(record);
    },
    lineSkipped: (reason, location, excerpt) => report.skip(reason, location, excerpt),
    warning: (message) => report.warn(message),
  };

  let bytesRead = 0;
  const onBytes = (n: number) => {
    bytesRead += n;
    options.onProgress?.(bytesRead, totalBytes);
  };
  for (const [i, path] of ordered.entries()) {
    const result = await readLogFile(path, { format, prefix }, sink, onBytes);
    if (result.error) report.skip('read-error', { file: path, line: result.lines + 1 }, result.error.message);
    report.file({
      path,
      format: result.format,
      ...(result.prefix !== undefined ? { prefix: result.prefix, prefixDetected: result.prefixDetected } : {}),
      compressed: result.compressed,
      bytes: sizes[i]!,
      lines: result.lines,
    });
  }
  assembler.finish();

  const queries = accumulator.results();
  const parameterized = queries.filter((q) => q.parameterized).length;
  if (parameterized > 0) {
    report.warn(`${parameterized} queries were only logged without parameter values (log_parameter_max_length = 0?): they keep their $n placeholders (parameterized: true)`);
  }
  const { train, test, warnings } = splitWorkload(queries, options.split);
  for (const w of warnings) report.warn(w);
  return { queries, train, test, report: report.build(queries.length) };
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new LogExtractionError('LOG_FILE_INVALID', `${path} is not a file`, { context: { file: path } });
    return s.size;
  } catch (error) {
    if (error instanceof LogExtractionError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new LogExtractionError(code === 'ENOENT' ? 'LOG_FILE_NOT_FOUND' : 'LOG_FILE_UNREADABLE', `cannot read log file ${path}: ${(error as Error).message}`, {
      context: { file: path },
      cause: error,
    });
  }
}
