import type { Argv, CommandModule } from 'yargs';

export interface DemoArgs {
  home?: string;
  dsn?: string;
  quiet?: boolean;
}

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Show cardinality injection on a 2-table join: PostgreSQL\'s plan, injected join and single-table estimates, and the pulled sub-plans',
  builder: (yargs: Argv) =>
    yargs.option('dsn', { type: 'string', describe: 'use this server instead of the managed cluster (needs pg_pilot; creates tables demo_*)' }) as unknown as Argv<DemoArgs>,
  handler: async (args) => {
    const { runDemo } = await import('./run-demo.js');
    process.exitCode = await runDemo(args);
  },
};
