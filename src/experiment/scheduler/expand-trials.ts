import type { AlgorithmDefinition } from '../../../algorithms/algorithm.js';
import { resolveParams } from '../../../algorithms/resolve-params.js';
import { PilotError } from '../../errors/index.js';
import type { ExperimentSpec } from '../spec/experiment-spec.js';
import { canonicalJson, sha1Hex } from './canonical-json.js';

/** One point of the grid: an algorithm with full parameters, under some database settings. */
export interface TrialPlan {
  readonly key: string;
  readonly index: number;
  readonly label: string;
  readonly definition: AlgorithmDefinition;
  /** Every parameter, defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly dbSettings: Readonly<Record<string, string>>;
}

/** The most trials one experiment may expand to; more is almost surely a mistake in the grid. */
export const MAX_TRIALS = 500;

/** Every combination of the given value lists, in order (the last key varies fastest). */
export function cartesian<T>(axes: readonly (readonly [string, readonly T[]])[]): Record<string, T>[] {
  let combos: Record<string, T>[] = [{}];
  for (const [name, values] of axes) {
    if (values.length === 0) throw new PilotError('EXPERIMENT_EMPTY_GRID', `"${name}" has no values to try`, { context: { name } });
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
  }
  return combos;
}

/**
 * The trials of an experiment: each algorithm's parameter grid crossed with the database
 * settings grid, plus a baseline per settings combination (the reference its ratios are taken
 * against) when `spec.baseline` is set and no baseline is listed, and then also a baseline under
 * the server's own settings (the reference of the baselines under swept settings). Parameters are validated
 * against each algorithm's schema here, before anything runs.
 */
export function expandTrials(spec: ExperimentSpec, definitions: ReadonlyMap<string, AlgorithmDefinition>): TrialPlan[] {
  const dbCombos = cartesian(Object.entries(spec.db));
  const grids = [...spec.algorithms];
  if (spec.baseline && !grids.some((g) => g.name === 'baseline')) grids.unshift({ name: 'baseline', params: {} });
  // Under a settings grid, the baseline under the server's own settings is what the settings are compared with.
  const plainBaseline = spec.baseline && Object.keys(spec.db).length > 0 ? [{}] : [];
  const total = grids.reduce((sum, g) => sum + Object.values(g.params).reduce((n, values) => n * values.length, 1), 0) * dbCombos.length;
  if (total > MAX_TRIALS) {
    throw new PilotError('EXPERIMENT_GRID_TOO_LARGE', `the grid expands to ${total} trials; at most ${MAX_TRIALS} are allowed`, { context: { trials: total }, hint: 'try fewer values per parameter' });
  }
  const trials: TrialPlan[] = [];
  const seen = new Set<string>();
  for (const grid of grids) {
    const definition = definitions.get(grid.name);
    if (definition === undefined) throw new PilotError('ALGO_UNKNOWN', `unknown algorithm "${grid.name}"`, { context: { algorithm: grid.name } });
    const swept = Object.entries(grid.params);
    for (const given of cartesian(swept)) {
      const params = resolveParams(definition, given, `${grid.name} parameters`);
      for (const dbSettings of grid.name === 'baseline' ? [...plainBaseline, ...dbCombos] : dbCombos) {
        const key = sha1Hex(canonicalJson({ algorithm: grid.name, params, dbSettings, trainDataset: spec.trainDataset, trainLimit: spec.trainLimit, seed: spec.seed }));
        if (seen.has(key)) continue;
        seen.add(key);
        const serverSettings = Object.keys(spec.db).length > 0 && Object.keys(dbSettings).length === 0;
        const parts = [
          grid.name,
          ...Object.entries(given).map(([k, v]) => `${k}=${formatValue(v)}`),
          ...Object.entries(dbSettings).map(([k, v]) => `db.${k}=${v}`),
          ...(serverSettings ? ["(server's settings)"] : []),
        ];
        trials.push({ key, index: trials.length, label: parts.join(' '), definition, params, dbSettings });
      }
    }
  }
  return trials;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
