import { resolveHome } from '../../../db/managed-cluster.js';
import { loadExperimentConfig } from '../../../experiment/config/load-experiment-config.js';
import type { RunConfigArgs } from './command-object.js';
import { executeExperiment } from './execute-experiment.js';

/** `pilot run <config>`: the config is validated in full (no database touched) before it runs. */
export async function runConfig(args: RunConfigArgs): Promise<number> {
  const spec = await loadExperimentConfig(args.config, { home: resolveHome(args.home) });
  return executeExperiment(spec, args);
}
