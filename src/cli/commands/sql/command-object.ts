import type { Argv, CommandModule } from 'yargs';

export interface SqlGraphArgs {
  sql?: string;
  file?: string;
  subplans?: boolean;
  json?: boolean;
}

export interface SqlTallyArgs {
  files: string[];
  json?: boolean;
}

const graphCommand: CommandModule<object, SqlGraphArgs> = {
  command: 'graph [sql]',
  describe: 'Print the query graph of one SQL query as JSON, or why it cannot be represented',
  builder: (yargs: Argv) =>
    yargs
      .positional('sql', { type: 'string', describe: 'the query text; omit it (or pass -) to read stdin' })
      .option('file', { type: 'string', describe: 'read the query from this file' })
      .option('subplans', { type: 'boolean', describe: 'also list every connected sub-plan with its COUNT(*) SQL' })
      .option('json', { type: 'boolean', describe: 'print refusals as JSON too' })
      .example('$0 sql graph "SELECT COUNT(*) FROM badges b, users u WHERE b.userid = u.id AND u.views > 10"', 'show a graph')
      .example('$0 sql graph --subplans --file query.sql', 'read the query from a file') as unknown as Argv<SqlGraphArgs>,
  handler: async (args) => {
    const { runSqlGraph } = await import('./run-sql-graph.js');
    process.exitCode = await runSqlGraph(args, (text) => process.stdout.write(text));
  },
};

const tallyCommand: CommandModule<object, SqlTallyArgs> = {
  command: 'tally <files..>',
  describe: 'Count, per refusal reason, the queries of workload files (one query per line) that the query graph cannot represent',
  builder: (yargs: Argv) =>
    yargs
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'workload files, one query per line' })
      .option('json', { type: 'boolean', describe: 'print the tallies as JSON' })
      .example('$0 sql tally datasets/stats/*.txt', 'tally a workload') as unknown as Argv<SqlTallyArgs>,
  handler: async (args) => {
    const { runSqlTally } = await import('./run-sql-tally.js');
    process.exitCode = await runSqlTally(args, (text) => process.stdout.write(text));
  },
};

export const sqlCommand: CommandModule = {
  command: 'sql <command>',
  describe: 'Read SQL into query graphs (PostgreSQL 17 parser): inspect one query, or tally a workload',
  builder: (yargs: Argv) => yargs.command(graphCommand).command(tallyCommand).demandCommand(1, 'Name a subcommand: graph or tally.'),
  handler: () => {},
};
