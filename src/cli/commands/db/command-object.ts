import type { Argv, CommandModule } from 'yargs';

interface DbArgs {
  home?: string;
  action: 'start' | 'stop' | 'restart' | 'status' | 'psql' | 'destroy';
  port?: number;
  set?: string[];
  bindir?: string;
  'without-pg-pilot'?: boolean;
  json?: boolean;
  yes?: boolean;
  database?: string;
  quiet?: boolean;
  '--'?: string[];
}

export const dbCommand: CommandModule<object, DbArgs> = {
  command: 'db <action> [database]',
  describe: 'Manage pilot\'s local PostgreSQL cluster (start|stop|restart|status|psql|destroy)',
  builder: (yargs: Argv) =>
    yargs
      .positional('action', { choices: ['start', 'stop', 'restart', 'status', 'psql', 'destroy'] as const, demandOption: true })
      .positional('database', { type: 'string', describe: 'database for `psql` (default: postgres)' })
      .option('port', { type: 'number', describe: 'TCP port on 127.0.0.1 (default: the saved one, or the first free one from 54320)' })
      .option('set', { type: 'string', array: true, describe: 'server setting name=value, saved for later starts (repeatable)' })
      .option('bindir', { type: 'string', describe: 'PostgreSQL server programs (default: newest /usr/lib/postgresql/*/bin)' })
      .option('without-pg-pilot', { type: 'boolean', describe: 'start without pg_pilot in shared_preload_libraries' })
      .option('json', { type: 'boolean', describe: 'status as JSON' })
      .option('yes', { type: 'boolean', describe: 'confirm `destroy` (deletes every database in the cluster)' })
      .parserConfiguration({ 'populate--': true })
      .example('$0 db start --set work_mem=64MB --set max_parallel_workers_per_gather=2', 'start with changed settings')
      .example('$0 db psql pilot_demo -- -c "SELECT * FROM pg_pilot_subplans()"', 'run psql on a database') as unknown as Argv<DbArgs>,
  handler: async (args) => {
    const { runDbCommand } = await import('./run-db-command.js');
    process.exitCode = await runDbCommand(args);
  },
};

export type { DbArgs };
