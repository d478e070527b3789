import { parseParamValue } from '../../../../algorithms/resolve-params.js';
import { PilotError } from '../../../errors/index.js';
import type { AlgorithmGrid, ExperimentSpec } from '../../../experiment/spec/experiment-spec.js';
import type { ExperimentShapeArgs, SweepArgs, TestArgs } from './command-object.js';

function positiveInteger(value: number | undefined, flag: string, min = 1): number | null {
  if (value === undefined) return null;
  if (!Number.isInteger(value) || value < min) throw new PilotError('USAGE', `--${flag} must be an integer >= ${min}, got ${value}`, { context: { flag, value } });
  return value;
}

function commonSpec(args: ExperimentShapeArgs): Omit<ExperimentSpec, 'kind' | 'name' | 'algorithms' | 'db' | 'baseline' | 'objective' | 'order'> {
  return {
    dataset: args.db,
    trainDataset: args['train-db'] ?? args.db,
    workload: { name: args.workload, limit: positiveInteger(args.limit, 'limit') },
    trainLimit: positiveInteger(args['train-limit'], 'train-limit'),
    measurement: {
      repetitions: positiveInteger(args.repetitions, 'repetitions') as number,
      warmups: positiveInteger(args.warmups, 'warmups', 0) as number,
      timeoutMs: positiveInteger(args['timeout-ms'], 'timeout-ms', 1) as number,
      instrument: args.instrument ?? 'wall',
    },
    updateEvery: positiveInteger(args['update-every'], 'update-every'),
    trainJobs: positiveInteger(args['train-jobs'], 'train-jobs') as number,
    retrain: args.retrain === true,
    seed: args.seed,
  };
}

function uniqueAlgorithms(names: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new PilotError('USAGE', `--algo lists ${name} twice`, { context: { algorithm: name } });
    seen.add(name);
  }
  return [...seen];
}

/** `mscn.epochs=50` flags into parameters per algorithm; each must name a listed algorithm. */
function testParams(pairs: readonly string[], algorithms: readonly string[]): Map<string, Record<string, unknown[]>> {
  const byAlgorithm = new Map<string, Record<string, unknown[]>>();
  for (const pair of pairs) {
    const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)=(.*)$/s.exec(pair);
    if (match === null) throw new PilotError('USAGE', `--param "${pair}" is not of the form algorithm.parameter=value (e.g. mscn.epochs=50)`, { context: { pair } });
    const [, algorithm, name, value] = match as unknown as [string, string, string, string];
    if (!algorithms.includes(algorithm)) throw new PilotError('USAGE', `--param "${pair}" names ${algorithm}, which is not among --algo (${algorithms.join(', ')})`, { context: { pair } });
    const params = byAlgorithm.get(algorithm) ?? {};
    byAlgorithm.set(algorithm, params);
    params[name] = [parseParamValue(value)];
  }
  return byAlgorithm;
}

/** `pilot test`: each algorithm with its default parameters (or --param ones), query by query. */
export function specFromTestArgs(args: TestArgs): ExperimentSpec {
  const names = uniqueAlgorithms(args.algo);
  const params = testParams(args.param, names);
  return {
    kind: 'test',
    name: `test ${names.join(' ')} on ${args.db}${args['train-db'] !== undefined && args['train-db'] !== args.db ? ` (trained on ${args['train-db']})` : ''}`,
    ...commonSpec(args),
    algorithms: names.map((name) => ({ name, params: params.get(name) ?? {} })),
    db: {},
    baseline: args.compare === true,
    objective: 'time',
    order: 'query-major',
  };
}

/** `--param name v1 v2 ...` groups (a single --param may arrive flat). */
export function paramGroups(raw: readonly (string | readonly string[])[]): string[][] {
  if (raw.length === 0) return [];
  const groups = raw.every((g) => typeof g === 'string') ? [raw as string[]] : raw.map((g) => (typeof g === 'string' ? [g] : [...g]));
  for (const group of groups) {
    if (group.length < 2) throw new PilotError('USAGE', `--param ${group.join(' ')} needs a name and at least one value`, { context: { param: group } });
  }
  return groups;
}

/** `pilot sweep`: one algorithm's grid (and the settings grid), trial by trial, against a baseline per settings combination. */
export function specFromSweepArgs(args: SweepArgs): ExperimentSpec {
  const names = uniqueAlgorithms(args.algo);
  const params: Record<string, unknown[]> = {};
  const db: Record<string, string[]> = {};
  for (const [name, ...values] of paramGroups(args.param)) {
    const key = name as string;
    if (key.startsWith('db.')) {
      if (db[key.slice(3)] !== undefined) throw new PilotError('USAGE', `--param ${key} is given twice`, { context: { param: key } });
      db[key.slice(3)] = values;
    } else {
      if (params[key] !== undefined) throw new PilotError('USAGE', `--param ${key} is given twice`, { context: { param: key } });
      params[key] = values.map(parseParamValue);
    }
  }
  if (names.length > 1 && Object.keys(params).length > 0) {
    throw new PilotError('USAGE', `--param names algorithm parameters, but --algo lists ${names.length} algorithms; sweep one algorithm at a time (database settings may be swept for several)`, {
      context: { algorithms: names },
      hint: 'or write an experiment config (`pilot run experiments/x.json`) with a grid per algorithm',
    });
  }
  const algorithms: AlgorithmGrid[] = names.map((name) => ({ name, params }));
  return {
    kind: 'sweep',
    name: `sweep ${names.join(' ')} on ${args.db}`,
    ...commonSpec(args),
    algorithms,
    db,
    baseline: true,
    objective: args.objective,
    order: 'trial-major',
  };
}
