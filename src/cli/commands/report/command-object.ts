import type { Argv, CommandModule } from 'yargs';

export interface ReportArgs {
  run: string;
  out?: string;
  results?: string;
  open?: boolean;
  quiet?: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <run>',
  describe: 'Write one self-contained HTML page with tables and charts for an experiment run',
  builder: (yargs: Argv) =>
    yargs
      .positional('run', { type: 'string', demandOption: true, describe: 'a run id (or a unique prefix of one), or `latest`' })
      .option('out', { type: 'string', describe: 'the HTML file to write (default: <results>/reports/<run-id>.html)' })
      .option('results', { type: 'string', describe: 'results directory (default: $PILOT_RESULTS or ./results)' })
      .option('open', { type: 'boolean', describe: "open the page in the system's browser when written" })
      .example('$0 report latest', 'the newest run')
      .example('$0 report latest --results /data/pilot-results --out report.html', 'the newest run of another results directory, into a file of your choice') as unknown as Argv<ReportArgs>,
  handler: async (args) => {
    const { runReport } = await import('./run-report.js');
    process.exitCode = await runReport(args, (text) => process.stdout.write(text));
  },
};
