import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PilotError } from '../../src/errors/index.js';
import type { AlgorithmDefinition, AlgorithmInstance, AlgorithmRuntime, TrainingReport } from '../algorithm.js';

const PARAMS_FILE = 'params.json';

function baselineInstance(runtime: AlgorithmRuntime): AlgorithmInstance {
  return {
    name: 'baseline',
    params: {},
    trained: true,
    async train(queries): Promise<TrainingReport> {
      return {
        algorithm: 'baseline',
        backend: runtime.tf.backend,
        trainQueries: queries.length,
        samples: 0,
        epochs: 0,
        bestValidationLoss: null,
        trainSeconds: 0,
        samplesPerSecond: 0,
        details: { note: "PostgreSQL's own optimizer: nothing to learn" },
      };
    },
    async plan() {
      return { push: {}, inferenceMs: 0 };
    },
    async save(dir) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, PARAMS_FILE), `${JSON.stringify({ algorithm: 'baseline', params: {} }, null, 2)}\n`);
    },
    dispose() {},
  };
}

/** PostgreSQL's own optimizer with nothing pushed: the yardstick every other algorithm is measured against. */
export const baseline: AlgorithmDefinition = {
  name: 'baseline',
  description: "PostgreSQL's own optimizer, nothing pushed",
  paramsSchema: { type: 'object', properties: {}, additionalProperties: false },
  requiredData: [],
  create: (_params, runtime) => baselineInstance(runtime),
  async load(dir, runtime) {
    const text = await readFile(join(dir, PARAMS_FILE), 'utf8').catch(() => undefined);
    if (text === undefined || (JSON.parse(text) as { algorithm?: string }).algorithm !== 'baseline') {
      throw new PilotError('ALGO_MODEL_MISSING', `${join(dir, PARAMS_FILE)} is not a saved baseline`, { context: { dir } });
    }
    return baselineInstance(runtime);
  },
};
