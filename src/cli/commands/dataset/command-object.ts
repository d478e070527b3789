import type { Argv, CommandModule } from 'yargs';
import { IMPORT_FORMATS, type ImportFormat } from '../../../dataset/import/import-formats.js';
import { WORKLOAD_LINE_FORMATS, type WorkloadLineFormat } from '../../../dataset/import/workload-source.js';
import { BUILTIN_SCALES, type BuiltinScale } from '../../../dataset/registry/dataset-manifest.js';

/** The log formats of src/dataset/log (kept here so that --help loads nothing heavy). */
export const LOG_FORMAT_CHOICES = ['auto', 'stderr', 'csvlog', 'jsonlog'] as const;

/** The workload sources of extract-log (src/dataset/dataset-extract-log.ts EXTRACT_SOURCES). */
export const EXTRACT_SOURCE_CHOICES = ['logs', 'pg_stat_statements'] as const;

interface CommonArgs {
  home?: string;
  quiet?: boolean;
}

export interface DatasetListArgs extends CommonArgs {
  json?: boolean;
}

export interface DatasetShowArgs extends CommonArgs {
  name: string;
  json?: boolean;
  qerror?: boolean;
  'timeout-ms': number;
}

export interface DatasetImportArgs extends CommonArgs {
  format: ImportFormat;
  paths: string[];
  name: string;
  train?: string;
  test?: string;
  fast?: string;
  dump?: string;
  schema?: string;
  header: boolean;
  'workload-format': WorkloadLineFormat | 'auto';
  database?: string;
  dsn?: string;
  description?: string;
  source?: string;
  license?: string;
  'read-only'?: boolean;
  force?: boolean;
}

export interface DatasetLoadArgs extends CommonArgs {
  name: string;
  force?: boolean;
}

export interface DatasetGenerateArgs extends CommonArgs {
  name: string;
  seed: number;
  scale: BuiltinScale;
  force?: boolean;
}

export interface DatasetExtractLogArgs extends CommonArgs {
  source: (typeof EXTRACT_SOURCE_CHOICES)[number];
  /** Log files: required with --source logs, refused with pg_stat_statements. */
  input?: string[];
  name: string;
  dsn?: string;
  /** Undefined when not given (auto), so that it can be refused with pg_stat_statements. */
  format?: (typeof LOG_FORMAT_CHOICES)[number];
  'min-calls'?: number;
  prefix?: string;
  split: 'seed' | 'time';
  seed: number;
  'test-fraction': number;
  'sort-rotated'?: boolean;
  description?: string;
  license?: string;
  force?: boolean;
}

export interface DatasetRemoveArgs extends CommonArgs {
  name: string;
  'drop-database'?: boolean;
}

const listCommand: CommandModule<object, DatasetListArgs> = {
  command: 'list',
  describe: 'List the datasets: where each is, its database, whether it is loaded, its query counts',
  builder: (yargs: Argv) => yargs.option('json', { type: 'boolean', describe: 'print JSON' }) as unknown as Argv<DatasetListArgs>,
  handler: async (args) => {
    const { runDatasetList } = await import('./run-dataset-list.js');
    process.exitCode = await runDatasetList(args);
  },
};

const showCommand: CommandModule<object, DatasetShowArgs> = {
  command: 'show <name>',
  describe: 'Show a dataset: its manifest, table sizes, workloads, and PostgreSQL\'s q-error on its test workload',
  builder: (yargs: Argv) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', describe: 'print JSON' })
      .option('qerror', { type: 'boolean', describe: 'measure PostgreSQL\'s estimates on the test workload (default: on, off for read-only datasets; --no-qerror skips it)' })
      .option('timeout-ms', { type: 'number', default: 10_000, describe: 'per test query, for the q-error measurement' }) as unknown as Argv<DatasetShowArgs>,
  handler: async (args) => {
    const { runDatasetShow } = await import('./run-dataset-show.js');
    process.exitCode = await runDatasetShow(args);
  },
};

const importCommand: CommandModule<object, DatasetImportArgs> = {
  command: 'import <format> [paths..]',
  describe: 'Import a dataset into its own database in the managed cluster and register it in <home>/datasets/<name>',
  builder: (yargs: Argv) =>
    yargs
      .positional('format', {
        choices: IMPORT_FORMATS,
        demandOption: true,
        describe: 'pilotscope: a plain pg_dump + workload files; csv: a directory of <table>.csv + schema.sql; queries: workloads for a database already there',
      })
      .positional('paths', { type: 'string', array: true, default: [], describe: 'files or directories; workloads are told apart by "train", "test", "fast" in their names' })
      .option('name', { type: 'string', demandOption: true, describe: 'dataset name (also its database name unless --database)' })
      .option('train', { type: 'string', describe: 'training workload: a file (one query per line) or a directory of .sql files' })
      .option('test', { type: 'string', describe: 'test workload, same forms' })
      .option('fast', { type: 'string', describe: 'a few quick queries, same forms' })
      .option('dump', { type: 'string', describe: 'pilotscope: the plain SQL pg_dump file' })
      .option('schema', { type: 'string', describe: 'csv: SQL that creates the tables (default <dir>/schema.sql)' })
      .option('header', { type: 'boolean', default: true, describe: 'csv: files start with a header line (--no-header when not)' })
      .option('workload-format', { choices: ['auto', ...WORKLOAD_LINE_FORMATS] as const, default: 'auto' as const, describe: 'how workload lines are written: SQL, truecard||SQL (STATS-CEB), name#####SQL (Lero)' })
      .option('database', { type: 'string', describe: 'managed database to load into (default: the name); queries: the existing one' })
      .option('dsn', { type: 'string', describe: 'queries: the database is on this server (postgres://...)' })
      .option('description', { type: 'string' })
      .option('source', { type: 'string', describe: 'where the data comes from (URL), for the manifest' })
      .option('license', { type: 'string', describe: 'license of the data, for the manifest' })
      .option('read-only', { type: 'boolean', describe: 'mark the dataset read-only (only reads are run on it)' })
      .option('force', { type: 'boolean', describe: 'replace a user dataset of that name and reload its database' })
      .example('$0 dataset import pilotscope ../shared/datasets/stats_tiny --name stats_tiny', 'pg_dump + train/test/fast files found in a directory')
      .example('$0 dataset import csv ./shop --train q/train.txt --test q/test.txt --name shop', 'CSV files + schema.sql')
      .example('$0 dataset import queries --train job/train --test job/test --database imdb --name job', 'JOB-style .sql directories for a loaded database') as unknown as Argv<DatasetImportArgs>,
  handler: async (args) => {
    const { runDatasetImport } = await import('./run-dataset-import.js');
    process.exitCode = await runDatasetImport(args);
  },
};

const loadCommand: CommandModule<object, DatasetLoadArgs> = {
  command: 'load <name>',
  describe: 'Load a registered dataset into its managed database, as its manifest says (pg_dump, csv or builtin)',
  builder: (yargs: Argv) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .option('force', { type: 'boolean', describe: 'drop and reload a database that already has tables' }) as unknown as Argv<DatasetLoadArgs>,
  handler: async (args) => {
    const { runDatasetLoad } = await import('./run-dataset-load.js');
    process.exitCode = await runDatasetLoad(args);
  },
};

const generateCommand: CommandModule<object, DatasetGenerateArgs> = {
  command: 'generate',
  describe: 'Generate the built-in STATS-like dataset into the managed cluster, with train/test/fast workloads and their true cardinalities',
  builder: (yargs: Argv) =>
    yargs
      .option('scale', { choices: BUILTIN_SCALES, default: 'default' as const, describe: 'small (about 100,000 rows) or default (about a million)' })
      .option('seed', { type: 'number', default: 42, describe: 'the same seed and scale give the same data and queries' })
      .option('name', { type: 'string', default: 'builtin', describe: 'dataset (and database) name' })
      .option('force', { type: 'boolean', describe: 'regenerate a dataset of that name' })
      .example('$0 dataset generate --scale small', 'a quick one for smoke runs') as unknown as Argv<DatasetGenerateArgs>,
  handler: async (args) => {
    const { runDatasetGenerate } = await import('./run-dataset-generate.js');
    process.exitCode = await runDatasetGenerate(args);
  },
};

const extractLogCommand: CommandModule<object, DatasetExtractLogArgs> = {
  command: 'extract-log',
  describe: 'Make a read-only production dataset from PostgreSQL logs or pg_stat_statements: its read-only queries, deduplicated and split into train and test',
  builder: (yargs: Argv) =>
    yargs
      .option('source', { choices: EXTRACT_SOURCE_CHOICES, default: 'logs' as const, describe: 'logs: the --input log files; pg_stat_statements: that view of the --dsn database (texts normalized: constants are $n)' })
      .option('input', { type: 'string', array: true, describe: 'logs: the log files (stderr, csvlog or jsonlog; .gz too)' })
      .option('name', { type: 'string', default: 'production', describe: 'dataset name' })
      .option('dsn', { type: 'string', describe: 'the production server (postgres://user@host:port/db; default $DATABASE_URL); its password is not stored' })
      .option('min-calls', { type: 'number', describe: 'pg_stat_statements: leave out statements called fewer times (default 1)' })
      .option('format', { choices: LOG_FORMAT_CHOICES, describe: 'logs: log format (default auto: told from each file)' })
      .option('prefix', { type: 'string', describe: 'logs: the server\'s log_line_prefix, for stderr logs (default: detected)' })
      .option('split', { choices: ['seed', 'time'] as const, default: 'seed' as const, describe: 'seed: stable random split; time (logs only): the latest queries are the test set' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the split' })
      .option('test-fraction', { type: 'number', default: 0.2, describe: 'share of distinct queries in the test set' })
      .option('sort-rotated', { type: 'boolean', describe: 'logs: read rotated files oldest first (postgresql.log.2.gz, .1, postgresql.log)' })
      .option('description', { type: 'string' })
      .option('license', { type: 'string' })
      .option('force', { type: 'boolean', describe: 'replace a dataset of that name' })
      .example('$0 dataset extract-log --input /var/log/postgresql/*.log --dsn postgres://reader@db:5432/shop', 'from stderr logs')
      .example('$0 dataset extract-log --source pg_stat_statements --dsn postgres://reader@db:5432/shop --min-calls 5', 'from the pg_stat_statements view') as unknown as Argv<DatasetExtractLogArgs>,
  handler: async (args) => {
    const { runDatasetExtractLog } = await import('./run-dataset-extract-log.js');
    process.exitCode = await runDatasetExtractLog(args);
  },
};

const removeCommand: CommandModule<object, DatasetRemoveArgs> = {
  command: 'remove <name>',
  describe: 'Remove a user dataset from <home>/datasets (and its managed database with --drop-database)',
  builder: (yargs: Argv) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .option('drop-database', { type: 'boolean', describe: 'also drop its database in the managed cluster' }) as unknown as Argv<DatasetRemoveArgs>,
  handler: async (args) => {
    const { runDatasetRemove } = await import('./run-dataset-remove.js');
    process.exitCode = await runDatasetRemove(args);
  },
};

/** `pilot dataset ...`: the registry, manifests and importers. */
export const datasetCommand: CommandModule<object, object> = {
  command: 'dataset',
  describe: 'Datasets (a database + train/test workloads): list, show, import, load, generate, extract-log, remove',
  builder: (yargs: Argv) =>
    yargs
      .command(listCommand)
      .command(showCommand)
      .command(importCommand)
      .command(loadCommand)
      .command(generateCommand)
      .command(extractLogCommand)
      .command(removeCommand)
      .demandCommand(1, 'Name a dataset command; `pilot dataset --help` lists them.'),
  handler: () => {},
};
