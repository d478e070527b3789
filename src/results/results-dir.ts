import { join, resolve } from 'node:path';

/** The store's file name inside the results directory. */
export const RESULTS_STORE_FILE = 'pilot.sqlite';

/** `$PILOT_RESULTS` (resolved against the working directory) or `<projectRoot>/results`. */
export function defaultResultsDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PILOT_RESULTS;
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(projectRoot, 'results');
}

/** `<results dir>/pilot.sqlite`. */
export function defaultResultsStorePath(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultResultsDir(projectRoot, env), RESULTS_STORE_FILE);
}
