import yargs from 'yargs';
import { isPilotError } from '../../../src/errors/index.js';
import { commands } from '../../../src/cli/commands/index.js';
import { datasetCommand } from '../../../src/cli/commands/dataset/command-object.js';
import { run } from '../../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pilot <argv>` in this process and captures what it writes. Goes through the real
 * `run()` once the dataset command is registered there; until then, through a parser with the
 * same global options and the same PilotError exit code (2).
 */
export async function runCli(argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  let code: number;
  try {
    code = commands.includes(datasetCommand) ? await run(argv) : await runDatasetOnly(argv);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
  return { code, stdout, stderr };
}

async function runDatasetOnly(argv: string[]): Promise<number> {
  try {
    await yargs(argv)
      .scriptName('pilot')
      .option('home', { type: 'string', global: true })
      .option('quiet', { type: 'boolean', global: true, default: false })
      .command(datasetCommand)
      .demandCommand(1)
      .strict()
      .fail(false)
      .parseAsync();
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (isPilotError(error)) {
      process.stderr.write(`pilot: error ${error.code}: ${error.message}\n`);
      if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
      return 2;
    }
    if (error instanceof Error && error.name === 'YError') {
      process.stderr.write(`pilot: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
