import type { Argv, CommandModule } from 'yargs';

/** The tfjs backends (kept here so that --help does not load tfjs). */
export const BACKEND_CHOICES = ['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu'] as const;

export interface SessionArgs {
  home?: string;
  quiet?: boolean;
  dataset: string;
  backend?: (typeof BACKEND_CHOICES)[number];
  seed: number;
  'timeout-ms': number;
  concurrency: number;
  results?: string;
  json?: boolean;
}

export interface AlgoListArgs {
  json?: boolean;
}

export interface AlgoTrainArgs extends SessionArgs {
  algorithm: string;
  param: string[];
  params?: string;
  out?: string;
  'model-id'?: string;
  limit?: number;
}

export interface AlgoCompareArgs extends SessionArgs {
  algorithms: string[];
  model: string[];
  workload: 'train' | 'test' | 'fast';
  repetitions: number;
  warmups: number;
  limit?: number;
  train?: boolean;
}

function sessionOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('dataset', { type: 'string', demandOption: true, describe: 'dataset name (`pilot dataset list`)' })
    .option('backend', { choices: BACKEND_CHOICES, describe: 'force a TensorFlow.js backend (default: the best one installed)' })
    .option('seed', { type: 'number', default: 42, describe: 'seeds initialisation, shuffling and sampling' })
    .option('timeout-ms', { type: 'number', default: 30000, describe: 'per-query timeout for collection and timed runs' })
    .option('concurrency', { type: 'number', default: 2, describe: 'connections used to collect training data' })
    .option('results', { type: 'string', describe: 'results directory (default: $PILOT_RESULTS or ./results)' })
    .option('json', { type: 'boolean', describe: 'print JSON' }) as unknown as Argv<T>;
}

const listCommand: CommandModule<object, AlgoListArgs> = {
  command: 'list',
  describe: 'List the algorithms with their parameters, defaults and the data they need',
  builder: (yargs: Argv) => yargs.option('json', { type: 'boolean', describe: 'print JSON' }) as unknown as Argv<AlgoListArgs>,
  handler: async (args) => {
    const { runAlgoList } = await import('./run-algo-list.js');
    process.exitCode = await runAlgoList(args);
  },
};

const trainCommand: CommandModule<object, AlgoTrainArgs> = {
  command: 'train <algorithm>',
  describe: "Collect training data on a dataset's train workload, train, and save the model under results/models",
  builder: (yargs: Argv) =>
    sessionOptions(
      yargs
        .positional('algorithm', { type: 'string', demandOption: true, describe: 'baseline, mscn or lero' })
        .option('param', { type: 'string', array: true, default: [], describe: 'a parameter, name=value (repeatable; JSON values)' })
        .option('params', { type: 'string', describe: 'a JSON file of parameters (--param wins)' })
        .option('limit', { type: 'number', describe: 'use only the first N training queries' })
        .option('out', { type: 'string', describe: 'model directory (default: results/models/<dataset>/<algorithm>-<time>)' })
        .option('model-id', { type: 'string', hidden: true, describe: "the model's id in the registry (default: <algorithm>-<time>)" }),
    )
      .example('$0 algo train mscn --dataset builtin', 'train MSCN on the built-in dataset')
      .example('$0 algo train lero --dataset builtin --param factors=[0.1,10] --param maxTrainQueries=100', 'Lero with two scaling factors') as unknown as Argv<AlgoTrainArgs>,
  handler: async (args) => {
    const { runAlgoTrain } = await import('./run-algo-train.js');
    process.exitCode = await runAlgoTrain(args);
  },
};

const compareCommand: CommandModule<object, AlgoCompareArgs> = {
  command: 'compare',
  describe: "Run a dataset's workload under each algorithm's decisions and compare execution times with PostgreSQL's own plans",
  builder: (yargs: Argv) =>
    sessionOptions(
      yargs
        .option('algorithms', { type: 'string', array: true, default: ['baseline', 'mscn', 'lero'], describe: 'algorithms to compare; the first is the reference' })
        .option('model', { type: 'string', array: true, default: [], describe: 'algorithm=model-dir (default: the latest model trained on this dataset)' })
        .option('train', { type: 'boolean', describe: 'train the algorithms that have no model yet' })
        .option('workload', { choices: ['train', 'test', 'fast'] as const, default: 'test' as const, describe: 'which workload to run' })
        .option('repetitions', { type: 'number', default: 3, describe: 'timed runs per query and algorithm (the median is kept)' })
        .option('warmups', { type: 'number', default: 1, describe: 'untimed runs before them' })
        .option('limit', { type: 'number', describe: 'run only the first N queries' }),
    )
      .example('$0 algo compare --dataset builtin', 'baseline vs MSCN vs Lero on the test workload')
      .example('$0 algo compare --dataset other --model mscn=results/models/builtin/mscn-20261121-101500 --algorithms baseline mscn', "apply a model trained on another dataset") as unknown as Argv<AlgoCompareArgs>,
  handler: async (args) => {
    const { runAlgoCompare } = await import('./run-algo-compare.js');
    process.exitCode = await runAlgoCompare(args);
  },
};

export const algoCommand: CommandModule = {
  command: 'algo <command>',
  describe: 'Learned optimizers: list them, train them on a dataset, compare them with PostgreSQL',
  builder: (yargs: Argv) => yargs.command(listCommand).command(trainCommand).command(compareCommand).demandCommand(1, 'Name a subcommand: list, train or compare.'),
  handler: () => {},
};
