import type { Argv, CommandModule } from 'yargs';
import { BACKEND_CHOICES } from '../algo/command-object.js';

/** Flags every experiment command shares (pilot test, sweep, run). */
export interface ExperimentRunArgs {
  home?: string;
  quiet?: boolean;
  backend?: (typeof BACKEND_CHOICES)[number];
  results?: string;
  concurrency: number;
  resume?: boolean;
  json?: boolean;
}

/** Flags that describe the experiment itself (a JSON config has the same fields). */
export interface ExperimentShapeArgs extends ExperimentRunArgs {
  algo: string[];
  db: string;
  'train-db'?: string;
  workload: 'train' | 'test' | 'fast';
  limit?: number;
  'train-limit'?: number;
  repetitions: number;
  warmups: number;
  'timeout-ms': number;
  instrument: 'wall' | 'explain-analyze';
  'update-every'?: number;
  'train-jobs': number;
  retrain?: boolean;
  seed: number;
}

export interface TestArgs extends ExperimentShapeArgs {
  compare?: boolean;
  /** `algorithm.parameter=value`. */
  param: string[];
}

export interface SweepArgs extends ExperimentShapeArgs {
  /** Groups: [name, value, value...]. */
  param: string[][];
  objective: 'time' | 'qerror';
}

export interface RunConfigArgs extends ExperimentRunArgs {
  config: string;
}

function runOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('backend', { choices: BACKEND_CHOICES, describe: 'force a TensorFlow.js backend (default: the best one installed)' })
    .option('results', { type: 'string', describe: 'results directory (default: $PILOT_RESULTS or ./results)' })
    .option('concurrency', { type: 'number', default: 2, describe: 'connections used to collect training data' })
    .option('resume', { type: 'boolean', describe: 'continue the unfinished run of this same experiment; finished measurements are kept' })
    .option('json', { type: 'boolean', describe: 'print the outcome as JSON' }) as unknown as Argv<T>;
}

function shapeOptions<T>(yargs: Argv<T>): Argv<T> {
  return runOptions(yargs)
    .option('algo', { type: 'string', array: true, demandOption: true, describe: 'algorithms (`pilot algo list`)' })
    .option('db', { type: 'string', demandOption: true, describe: 'the dataset whose workload is timed (`pilot dataset list`)' })
    .option('train-db', { type: 'string', describe: 'train on this dataset instead (cross-dataset); default: --db' })
    .option('workload', { choices: ['train', 'test', 'fast'] as const, default: 'test' as const, describe: 'which workload to time' })
    .option('limit', { type: 'number', describe: 'time only the first N queries' })
    .option('train-limit', { type: 'number', describe: 'train on the first N training queries only' })
    .option('repetitions', { type: 'number', default: 3, describe: 'timed runs per query (the median is kept)' })
    .option('warmups', { type: 'number', default: 1, describe: 'untimed runs before them' })
    .option('timeout-ms', { type: 'number', default: 30000, describe: 'per-query timeout (a timed-out query counts at the timeout)' })
    .option('instrument', { choices: ['wall', 'explain-analyze'] as const, default: 'wall' as const, describe: "wall: the plain statement's wall time; explain-analyze: the server's EXPLAIN ANALYZE (TIMING OFF) execution time" })
    .option('update-every', { type: 'number', describe: 'update the models incrementally every N queries, on those queries only' })
    .option('train-jobs', { type: 'number', default: 1, describe: 'train up to N models at once, in child processes (never during timed runs)' })
    .option('retrain', { type: 'boolean', describe: 'train even when a model with the same parameters and training data exists' })
    .option('seed', { type: 'number', default: 42, describe: 'seeds training' }) as unknown as Argv<T>;
}

export const testCommand: CommandModule<object, TestArgs> = {
  command: 'test',
  describe: "Time a dataset's workload under each algorithm (training them first if needed); --compare adds PostgreSQL's own plans as the reference",
  builder: (yargs: Argv) =>
    shapeOptions(
      yargs
        .option('compare', { type: 'boolean', describe: 'add the baseline and print the comparison table (ratios, regressions, q-error)' })
        .option('param', { type: 'string', array: true, default: [], describe: 'algorithm.parameter=value, e.g. mscn.epochs=50 (repeatable; JSON values)' }),
    )
      .example('$0 test --algo baseline mscn lero --db builtin --compare', 'the three on the built-in dataset')
      .example('$0 test --algo mscn --db builtin --train-db builtin-small --compare', 'train on one dataset, test on another') as unknown as Argv<TestArgs>,
  handler: async (args) => {
    const { runTest } = await import('./run-test.js');
    process.exitCode = await runTest(args);
  },
};

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep',
  describe: 'Try every combination of algorithm parameters and database settings (db.*), time each, and report the best configuration',
  builder: (yargs: Argv) =>
    shapeOptions(
      yargs
        // Each --param is its own group: --param epochs 50 100 --param db.work_mem 4MB 64MB.
        .parserConfiguration({ 'flatten-duplicate-arrays': false })
        .option('param', { type: 'string', array: true, default: [], describe: 'a parameter and the values to try (repeatable); db.<setting> for PostgreSQL settings' })
        .option('objective', { choices: ['time', 'qerror'] as const, default: 'time' as const, describe: 'minimise total workload time, or median sub-plan q-error (cardinality algorithms)' }),
    )
      .example('$0 sweep --algo mscn --db builtin --param epochs 50 100 --param hiddenUnits 64 128', 'a 2x2 grid')
      .example('$0 sweep --algo mscn --db builtin --param db.work_mem 4MB 64MB --resume', 'finish an interrupted sweep') as unknown as Argv<SweepArgs>,
  handler: async (args) => {
    const { runSweep } = await import('./run-sweep.js');
    process.exitCode = await runSweep(args);
  },
};

export const runCommand: CommandModule<object, RunConfigArgs> = {
  command: 'run <config>',
  describe: 'Run an experiment config (experiments/*.json), validated against experiments/schema/experiment.schema.json before anything runs',
  builder: (yargs: Argv) =>
    runOptions(yargs.positional('config', { type: 'string', demandOption: true, describe: 'the JSON config file' }))
      .example('$0 run experiments/ci-smoke.json', 'the small end-to-end experiment CI runs')
      .example('$0 run experiments/quickstart.json --resume', 'finish an interrupted run') as unknown as Argv<RunConfigArgs>,
  handler: async (args) => {
    const { runConfig } = await import('./run-config.js');
    process.exitCode = await runConfig(args);
  },
};
