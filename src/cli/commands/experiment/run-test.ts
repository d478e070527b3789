import type { TestArgs } from './command-object.js';
import { executeExperiment } from './execute-experiment.js';
import { specFromTestArgs } from './spec-from-args.js';

/** `pilot test`: each algorithm on a dataset's workload, trained first when no matching model exists. */
export async function runTest(args: TestArgs): Promise<number> {
  return executeExperiment(specFromTestArgs(args), args);
}
