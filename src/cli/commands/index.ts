import type { CommandModule } from 'yargs';
import { algoCommand } from './algo/command-object.js';
import { dbCommand } from './db/command-object.js';
import { demoCommand } from './demo/command-object.js';
import { datasetCommand } from './dataset/command-object.js';
import { reportCommand } from './report/command-object.js';
import { sqlCommand } from './sql/command-object.js';
import { runCommand, sweepCommand, testCommand } from './experiment/command-object.js';
import { resultsCommand } from './results/command-object.js';

/** Every top-level command. Each handler imports its heavy modules lazily so --help stays instant. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [dbCommand, datasetCommand, demoCommand, sqlCommand, algoCommand, testCommand, sweepCommand, runCommand, resultsCommand, reportCommand];
