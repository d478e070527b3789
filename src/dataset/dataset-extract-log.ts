import { join, relative, resolve } from 'node:path';
import { DatasetError } from './dataset-error.js';
import { extractWorkloadFromLogs, writeWorkloadFiles, type LogExtraction, type LogFormatOption, type WorkloadSplit } from './log/index.js';
import type { DatasetManifest } from './registry/dataset-manifest.js';
import { assertDatasetName, assertNameFree } from './registry/dataset-name.js';
import { findDataset, loadDatasetCatalog, userDatasetsDir, type DatasetEntry } from './registry/dataset-registry.js';
import { manifestSchemaPath } from './registry/project-root.js';
import { writeDatasetDirWith } from './registry/write-dataset-dir.js';

export interface ExtractLogRequest {
  readonly name: string;
  readonly files: readonly string[];
  /** The production server the logs come from (postgres://...); its password is not stored. */
  readonly dsn: string;
  readonly split: WorkloadSplit;
  readonly format?: LogFormatOption;
  readonly prefix?: string;
  readonly sortRotated?: boolean;
  readonly description?: string;
  readonly license?: string;
  readonly force?: boolean;
}

export interface ExtractLogContext {
  readonly home: string;
  readonly projectDatasetsDir?: string;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  readonly now?: () => Date;
}

export interface ExtractLogResult {
  readonly entry: DatasetEntry;
  readonly extraction: LogExtraction;
  /** True when a password was taken out of the DSN before it was written to the manifest. */
  readonly passwordRemoved: boolean;
}

/**
 * A production dataset from PostgreSQL logs: the read-only queries of the log files, deduplicated
 * and split into train and test (src/dataset/log), registered as `<home>/datasets/<name>/` with a
 * read-only manifest that points at the production server and loads nothing.
 */
export async function extractLogDataset(request: ExtractLogRequest, context: ExtractLogContext): Promise<ExtractLogResult> {
  assertDatasetName(request.name);
  if (!/^postgres(ql)?:\/\//.test(request.dsn)) {
    throw new DatasetError('IMPORT_BAD_INPUT', `--dsn must be a postgres:// URL of the production server the logs come from (got "${request.dsn}")`);
  }
  const catalogOptions = { home: context.home, ...(context.projectDatasetsDir ? { projectDatasetsDir: context.projectDatasetsDir } : {}) };
  assertNameFree(loadDatasetCatalog(catalogOptions), request.name, request.force ?? false);
  const files = request.files.map((f) => resolve(f));
  const extraction = await extractWorkloadFromLogs(files, {
    split: request.split,
    ...(request.format ? { format: request.format } : {}),
    ...(request.prefix !== undefined ? { prefix: request.prefix } : {}),
    ...(request.sortRotated ? { sortRotated: true } : {}),
    ...(context.onProgress ? { onProgress: context.onProgress } : {}),
  });
  for (const side of ['train', 'test'] as const) {
    if (extraction[side].length === 0) {
      throw new DatasetError('IMPORT_NO_QUERIES', `the logs gave no ${side} queries (${extraction.queries.length} distinct read-only queries in all, from ${extraction.report.statements} statements)`, {
        context: { files },
        hint: extraction.queries.length === 0
          ? 'is statement logging on (log_min_duration_statement = 0, or log_statement = all)? Only SELECTs are kept'
          : 'change --test-fraction so that both sides get queries',
      });
    }
  }
  const { dsn, passwordRemoved } = withoutPassword(request.dsn);
  const manifest = await writeDatasetDirWith(join(userDatasetsDir(context.home), request.name), { replace: request.force ?? false }, async (staging) => {
    const written = await writeWorkloadFiles(extraction, staging);
    const r = extraction.report;
    const manifestValue: DatasetManifest = {
      $schema: manifestSchemaPath(),
      name: request.name,
      description: request.description ?? `Production workload from ${files.length} PostgreSQL log file${files.length === 1 ? '' : 's'} (${extraction.queries.length} distinct read-only queries).`,
      provenance: {
        source: files.join(', '),
        license: request.license ?? 'unknown (production data)',
        method: `pilot dataset extract-log: ${r.statements} statements read, ${r.kept} read-only kept, ${r.fingerprints} distinct by fingerprint; split by ${request.split.by}, test fraction ${request.split.testFraction} (queries.json holds counts and durations)`,
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
  return { entry, extraction, passwordRemoved };
}

/** The DSN with its password taken out: manifests are plain files, passwords belong in ~/.pgpass. */
export function withoutPassword(dsn: string): { dsn: string; passwordRemoved: boolean } {
  const match = /^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/.exec(dsn);
  return match ? { dsn: dsn.replace(match[0], `${match[1]}@`), passwordRemoved: true } : { dsn, passwordRemoved: false };
}
