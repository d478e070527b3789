import { join, relative, resolve } from 'node:path';
import { PilotError } from '../../../errors/index.js';
import type { ResultsStore } from '../../../results/index.js';

/** `mscn-20261121-201530`: sorts by time, unique per second per algorithm. */
export function modelId(algorithm: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${algorithm}-${stamp}`;
}

export function defaultModelDir(resultsDir: string, dataset: string, id: string): string {
  return join(resultsDir, 'models', dataset, id);
}

/** `algorithm=dir` flags into a map; a flag without `=` is refused before anything runs. */
export function parseModelFlags(flags: readonly string[]): Map<string, string> {
  const models = new Map<string, string>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new PilotError('USAGE', `--model "${flag}" is not of the form algorithm=directory`, { context: { flag } });
    models.set(flag.slice(0, eq), resolve(flag.slice(eq + 1)));
  }
  return models;
}

/** The most recent model of `algorithm` trained on `dataset`, from the results store's registry. */
export function latestModelDir(store: ResultsStore, algorithm: string, dataset: string): string | undefined {
  const models = store.listModels({ algorithm, dataset });
  const newest = [...models].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
  return newest?.dir;
}

export function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
