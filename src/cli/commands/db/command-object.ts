import type { CommandModule } from 'yargs';

// Placeholder replaced in the next commit by the managed-cluster commands.
export const dbCommand: CommandModule = {
  command: 'db',
  describe: 'Manage the local PostgreSQL cluster',
  handler: () => {},
};
