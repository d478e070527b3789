import { join, relative, resolve } from 'node:path';
import pg from 'pg';
import { DatasetError } from './dataset-error.js';
import {
  extractWorkloadFromLogs,
  extractWorkloadFromPgStatStatements,
  writeWorkloadFiles,
  type LogExtraction,
  type LogFormatOption,
  type WorkloadSplit,
} from './log/index.js';
import type { DatasetManifest } from './registry/dataset-manifest.js';
import { assertDatasetName, assertNameFree } from './registry/dataset-name.js';
import { findDataset, loadDatasetCatalog, userDatasetsDir, type DatasetEntry } from './registry/dataset-registry.js';
import { manifestSchemaPath } from './registry/project-root.js';
import { writeDatasetDirWith } from './registry/write-dataset-dir.js';

/** Where the workload is read from: the server's log files, or its pg_stat_statements view. */
export const EXTRACT_SOURCES = ['logs', 'pg_stat_statements'] as const;
export type ExtractSource = (typeof EXTRACT_SOURCES)[number];

interface ExtractCommon {
  readonly name: string;
  /** The production server (postgres://...); its password is not stored. */
  readonly dsn: string;
  readonly split: WorkloadSplit;
  readonly description?: string;
  readonly license?: string;
  readonly force?: boolean;
}

export interface ExtractFromLogsRequest extends ExtractCommon {
  readonly source?: 'logs';
  readonly files: readonly string[];
  readonly format?: LogFormatOption;
  readonly prefix?: string;
  readonly sortRotated?: boolean;
}

/** Reads the view of the DSN's database in one READ ONLY transaction; only a seed split (the view keeps no times). */
export interface ExtractFromPgStatStatementsRequest extends ExtractCommon {
  readonly source: 'pg_stat_statements';
  /** Leave out statements called fewer times (default 1). */
  readonly minCalls?: number;
}

export type ExtractLogRequest = ExtractFromLogsRequest | ExtractFromPgStatStatementsRequest;

export interface ExtractLogContext {
  readonly home: string;
  readonly projectDatasetsDir?: string;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  readonly now?: () => Date;
}

export interface ExtractLogResult {
  readonly source: ExtractSource;
  readonly entry: DatasetEntry;
  readonly extraction: LogExtraction;
  /** True when a password was taken out of the DSN before it was written to the manifest. */
  readonly passwordRemoved: boolean;
}

/**
 * A production dataset from PostgreSQL logs or pg_stat_statements: the read-only queries the
 * server ran, deduplicated and split into train and test (src/dataset/log), registered as
 * `<home>/datasets/<name>/` with a read-only manifest that points at the server and loads nothing.
 * Every refusal of the request comes before any file or server is read.
 */
export async function extractLogDataset(request: ExtractLogRequest, context: ExtractLogContext): Promise<ExtractLogResult> {
  assertDatasetName(request.name);
  if (!/^postgres(ql)?:\/\//.test(request.dsn)) {
    throw new DatasetError('IMPORT_BAD_INPUT', `--dsn must be a postgres:// URL of the production server the workload comes from (got "${request.dsn}")`);
  }
  checkSourceRequest(request);
  const catalogOptions = { home: context.home, ...(context.projectDatasetsDir ? { projectDatasetsDir: context.projectDatasetsDir } : {}) };
  assertNameFree(loadDatasetCatalog(catalogOptions), request.name, request.force ?? false);
  const { dsn, passwordRemoved } = withoutPassword(request.dsn);
  const read = request.source === 'pg_stat_statements' ? await readPgStatStatements(request, dsn) : await readLogs(request, context);
  const { extraction } = read;
  for (const side of ['train', 'test'] as const) {
    if (extraction[side].length === 0) {
      throw new DatasetError('IMPORT_NO_QUERIES', `${read.what} gave no ${side} queries (${extraction.queries.length} distinct read-only queries in all, from ${extraction.report.statements} statements)`, {
        context: { source: read.source },
        hint: extraction.queries.length === 0 ? read.noQueriesHint : 'change --test-fraction so that both sides get queries',
      });
    }
  }
  const manifest = await writeDatasetDirWith(join(userDatasetsDir(context.home), request.name), { replace: request.force ?? false }, async (staging) => {
    const written = await writeWorkloadFiles(extraction, staging);
    const manifestValue: DatasetManifest = {
      $schema: manifestSchemaPath(),
      name: request.name,
      description: request.description ?? `Production workload from ${read.what} (${extraction.queries.length} distinct read-only queries).`,
      provenance: {
        source: read.source,
        license: request.license ?? 'unknown (production data)',
        method: `${read.method}; split by ${request.split.by}, test fraction ${request.split.testFraction} (queries.json holds counts and durations)`,
        created: (context.now?.() ?? new Date()).toISOString(),
      },
      database: { kind: 'dsn', dsn },
      load: { kind: 'none' },
      workloads: { train: relative(staging, written.train), test: relative(staging, written.test) },
      readOnly: true,
    };
    return manifestValue;
  });
  const entry = findDataset(loadDatasetCatalog(catalogOptions), manifest.name);
  return { source: request.source ?? 'logs', entry, extraction, passwordRemoved };
}

/** How one source was read, in the words the manifest and the errors use. */
interface SourceRead {
  readonly extraction: LogExtraction;
  /** "3 PostgreSQL log files", "pg_stat_statements". */
  readonly what: string;
  /** provenance.source: the files, or the view and server (no password). */
  readonly source: string;
  readonly method: string;
  readonly noQueriesHint: string;
}

/** Option mix-ups the extractors would only find out after reading (or never). */
function checkSourceRequest(request: ExtractLogRequest): void {
  if (request.source === 'pg_stat_statements') {
    if (request.split.by === 'time') {
      throw new DatasetError('IMPORT_BAD_INPUT', 'pg_stat_statements keeps no times of day (only counts and totals per statement), so its workload cannot be split by time', {
        hint: 'split by seed (--split seed, the default; --seed picks the split), or extract from the server\'s logs to split by time',
      });
    }
    if (request.minCalls !== undefined && !(Number.isInteger(request.minCalls) && request.minCalls >= 1)) {
      throw new DatasetError('IMPORT_BAD_INPUT', `--min-calls must be a whole number of calls, 1 or more (got ${String(request.minCalls)})`);
    }
    return;
  }
  if (request.files.length === 0) {
    throw new DatasetError('IMPORT_BAD_INPUT', 'no log files to read: name them with --input', { hint: 'or read the server\'s pg_stat_statements view: --source pg_stat_statements' });
  }
}

async function readLogs(request: ExtractFromLogsRequest, context: ExtractLogContext): Promise<SourceRead> {
  const files = request.files.map((f) => resolve(f));
  const extraction = await extractWorkloadFromLogs(files, {
    split: request.split,
    ...(request.format ? { format: request.format } : {}),
    ...(request.prefix !== undefined ? { prefix: request.prefix } : {}),
    ...(request.sortRotated ? { sortRotated: true } : {}),
    ...(context.onProgress ? { onProgress: context.onProgress } : {}),
  });
  const r = extraction.report;
  return {
    extraction,
    what: `${files.length} PostgreSQL log file${files.length === 1 ? '' : 's'}`,
    source: files.join(', '),
    method: `pilot dataset extract-log: ${r.statements} statements read, ${r.kept} read-only kept, ${r.fingerprints} distinct by fingerprint`,
    noQueriesHint: 'is statement logging on (log_min_duration_statement = 0, or log_statement = all)? Only SELECTs are kept',
  };
}

async function readPgStatStatements(request: ExtractFromPgStatStatementsRequest, dsnWithoutPassword: string): Promise<SourceRead> {
  const minCalls = request.minCalls ?? 1;
  // The DSN as given (password included) connects; only the one without it is written anywhere.
  const pool = new pg.Pool({ connectionString: request.dsn, max: 1, connectionTimeoutMillis: 10_000, application_name: 'pilot dataset extract-log' });
  pool.on('error', () => {});
  let extraction: LogExtraction;
  try {
    extraction = await extractWorkloadFromPgStatStatements(pool, { split: request.split, minCalls });
  } finally {
    await pool.end().catch(() => {});
  }
  const r = extraction.report;
  const calls = extraction.queries.reduce((sum, q) => sum + q.count, 0);
  const parameterized = extraction.queries.filter((q) => q.parameterized).length;
  return {
    extraction,
    what: 'pg_stat_statements',
    source: `pg_stat_statements of ${dsnWithoutPassword}`,
    method: `pilot dataset extract-log --source pg_stat_statements: ${r.statements} statements read (calls >= ${minCalls}), ${r.kept} read-only kept (${calls} calls), ${r.fingerprints} distinct by fingerprint, ${parameterized} with $n placeholders`,
    noQueriesHint: `has this database run SELECTs since its statistics were last reset (pg_stat_statements_reset())?${minCalls > 1 ? ' Lower --min-calls.' : ''} Only SELECTs are kept`,
  };
}

/** The DSN with its password taken out: manifests are plain files, passwords belong in ~/.pgpass. */
export function withoutPassword(dsn: string): { dsn: string; passwordRemoved: boolean } {
  const match = /^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/.exec(dsn);
  return match ? { dsn: dsn.replace(match[0], `${match[1]}@`), passwordRemoved: true } : { dsn, passwordRemoved: false };
}
