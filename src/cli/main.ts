import yargs from 'yargs';
import { PilotError, isPilotError } from '../errors/index.js';
import { commands } from './commands/index.js';

/** Runs the CLI and returns the exit code; handlers never call process.exit. */
export async function run(argv: string[]): Promise<number> {
  let parser = yargs(argv)
    .scriptName('pilot')
    .usage('$0 <command> [options]\n\nLearned query optimization experiments on PostgreSQL.')
    .option('home', {
      type: 'string',
      describe: 'Directory holding the managed cluster and local state (default: ./.pilot, or $PILOT_HOME)',
      global: true,
    })
    .option('quiet', { type: 'boolean', describe: 'No progress output (for CI)', global: true, default: false })
    .demandCommand(1, 'Name a command; `pilot --help` lists them.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    // Usage mistakes (msg, no error) become USAGE errors; handler errors pass through untouched.
    .fail((message: string | null, error: Error | undefined) => {
      throw error ?? new PilotError('USAGE', message ?? 'invalid command line', { hint: 'run `pilot --help` (or `pilot <command> --help`)' });
    });
  for (const command of commands) parser = parser.command(command);
  try {
    await parser.parseAsync();
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (isPilotError(error)) {
    process.stderr.write(`pilot: error ${error.code}: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    return 2;
  }
  process.stderr.write(`pilot: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
