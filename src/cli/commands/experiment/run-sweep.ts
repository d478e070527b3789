import type { SweepArgs } from './command-object.js';
import { executeExperiment } from './execute-experiment.js';
import { specFromSweepArgs } from './spec-from-args.js';

/** `pilot sweep`: the grid's trials one by one, the best configuration printed and saved. */
export async function runSweep(args: SweepArgs): Promise<number> {
  return executeExperiment(specFromSweepArgs(args), args);
}
