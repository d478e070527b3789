import { PilotError } from '../src/errors/index.js';
import type { AlgorithmDefinition } from './algorithm.js';

/**
 * The algorithms pilot knows. Each module is imported only when asked for, so listing names
 * or running baseline does not load TensorFlow.js.
 */
const LOADERS: Readonly<Record<string, () => Promise<AlgorithmDefinition>>> = {
  baseline: async () => (await import('./baseline/index.js')).baseline,
  mscn: async () => (await import('./mscn/index.js')).mscn,
  lero: async () => (await import('./lero/index.js')).lero,
};

export const ALGORITHM_NAMES: readonly string[] = Object.keys(LOADERS);

export async function findAlgorithm(name: string): Promise<AlgorithmDefinition> {
  const load = LOADERS[name];
  if (load === undefined) {
    throw new PilotError('ALGO_UNKNOWN', `unknown algorithm "${name}"; known: ${ALGORITHM_NAMES.join(', ')}`, {
      context: { algorithm: name },
      hint: '`pilot algo list` shows them with their parameters',
    });
  }
  return load();
}

export async function allAlgorithms(): Promise<AlgorithmDefinition[]> {
  return Promise.all(ALGORITHM_NAMES.map((name) => findAlgorithm(name)));
}
