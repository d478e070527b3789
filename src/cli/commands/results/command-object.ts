import type { Argv, CommandModule } from 'yargs';

export const RESULTS_KIND_CHOICES = ['test', 'sweep', 'experiment'] as const;
export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ResultsArgs {
  quiet?: boolean;
  /** Results directory (or a pilot.sqlite file). */
  results?: string;
}

export interface ResultsListArgs extends ResultsArgs {
  kind?: (typeof RESULTS_KIND_CHOICES)[number];
  dataset?: string;
  json?: boolean;
}

export interface ResultsShowArgs extends ResultsArgs {
  run: string;
  json?: boolean;
}

export interface ResultsExportArgs extends ResultsArgs {
  run: string;
  format: ExportFormat;
  out?: string;
}

function resultsOption<T>(yargs: Argv<T>): Argv<T> {
  return yargs.option('results', { type: 'string', describe: 'results directory (default: $PILOT_RESULTS or ./results)' }) as unknown as Argv<T>;
}

const runPositional = { type: 'string', demandOption: true, describe: 'run id (or a unique prefix of one), or "latest"' } as const;

const listCommand: CommandModule<object, ResultsListArgs> = {
  command: 'list',
  describe: 'List the stored experiment runs, newest first',
  builder: (yargs: Argv) =>
    resultsOption(
      yargs
        .option('kind', { choices: RESULTS_KIND_CHOICES, describe: 'only runs of this kind' })
        .option('dataset', { type: 'string', describe: 'only runs on this dataset' })
        .option('json', { type: 'boolean', describe: 'print JSON' }),
    ) as unknown as Argv<ResultsListArgs>,
  handler: async (args) => {
    const { runResultsList } = await import('./run-results-list.js');
    process.exitCode = await runResultsList(args);
  },
};

const showCommand: CommandModule<object, ResultsShowArgs> = {
  command: 'show <run>',
  describe: "One run: where it ran, and each trial's status, time and objective (the best marked)",
  builder: (yargs: Argv) =>
    resultsOption(yargs.positional('run', runPositional).option('json', { type: 'boolean', describe: 'print JSON' }))
      .example('$0 results show latest', 'the newest run') as unknown as Argv<ResultsShowArgs>,
  handler: async (args) => {
    const { runResultsShow } = await import('./run-results-show.js');
    process.exitCode = await runResultsShow(args);
  },
};

const exportCommand: CommandModule<object, ResultsExportArgs> = {
  command: 'export <run>',
  describe: 'Write one run: JSON (run, trials, measurements) or CSV (one row per query measurement)',
  builder: (yargs: Argv) =>
    resultsOption(
      yargs
        .positional('run', runPositional)
        .option('format', { choices: EXPORT_FORMATS, default: 'json' as const, describe: 'output format' })
        .option('out', { type: 'string', describe: 'file to write (default: standard output)' }),
    )
      .example('$0 results export latest --format csv --out latest.csv', 'per-query timings of the newest run for a spreadsheet') as unknown as Argv<ResultsExportArgs>,
  handler: async (args) => {
    const { runResultsExport } = await import('./run-results-export.js');
    process.exitCode = await runResultsExport(args);
  },
};

export const resultsCommand: CommandModule = {
  command: 'results <command>',
  describe: 'Stored experiment runs: list them, show one, export one as JSON or CSV',
  builder: (yargs: Argv) => yargs.command(listCommand).command(showCommand).command(exportCommand).demandCommand(1, 'Name a subcommand: list, show or export.'),
  handler: () => {},
};
