import { Ajv, type ValidateFunction } from 'ajv';
import type { AlgorithmDefinition } from '../../../algorithms/algorithm.js';
import { formatAjvErrors } from '../../dataset/registry/format-ajv-errors.js';
import { findDataset, type DatasetCatalog } from '../../dataset/registry/dataset-registry.js';
import { isPilotError } from '../../errors/index.js';
import { isGucName } from '../../db/guc-name.js';
import type { ConfigIssue } from './config-issue.js';
import {
  AUTO_TRAIN_DATASET,
  CONFIG_DEFAULTS,
  DB_GRID_PREFIX,
  MAX_TRIALS,
  entryParts,
  gridValues,
  type ExperimentConfig,
} from './experiment-config.js';
import { escapePointer } from './parse-located-json.js';

export interface SemanticContext {
  /** Every algorithm pilot knows, by name. */
  readonly algorithms: ReadonlyMap<string, AlgorithmDefinition>;
  readonly catalog: DatasetCatalog;
}

/**
 * What the schema cannot say about a config that passed it: names that must exist (algorithms,
 * their parameters, datasets, workloads), parameter values checked against each algorithm's own
 * schema one grid value at a time, and combinations that make no sense. Nothing here touches
 * PostgreSQL: whether a database setting exists is checked when the experiment runs.
 */
export function semanticIssues(config: ExperimentConfig, context: SemanticContext): ConfigIssue[] {
  return [
    ...datasetIssues(config, context.catalog),
    ...algorithmIssues(config, context.algorithms),
    ...duplicateTrialIssues(config, context.algorithms),
    ...objectiveIssues(config, context.algorithms),
    ...updateIssues(config),
    ...dbGridIssues(config),
    ...trialCountIssues(config, context.algorithms),
  ];
}

function datasetIssues(config: ExperimentConfig, catalog: DatasetCatalog): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const lookUp = (name: string, path: string) => {
    try {
      return findDataset(catalog, name);
    } catch (error) {
      if (!isPilotError(error)) throw error;
      // Broken manifests explain themselves over several lines: kept on the issue's one line.
      issues.push({ path, message: error.message.replace(/\s*\n\s*/g, ' ') });
      return undefined;
    }
  };
  const entry = lookUp(config.dataset, '/dataset');
  const workload = config.workload?.name ?? CONFIG_DEFAULTS.workloadName;
  if (entry && entry.manifest.workloads[workload] === undefined) {
    const has = Object.keys(entry.manifest.workloads).join(', ');
    issues.push({ path: config.workload?.name ? '/workload/name' : '/workload', message: `dataset "${entry.name}" has no "${workload}" workload (it has: ${has})` });
  }
  if (config.trainDataset !== undefined && config.trainDataset !== AUTO_TRAIN_DATASET) lookUp(config.trainDataset, '/trainDataset');
  return issues;
}

function algorithmIssues(config: ExperimentConfig, algorithms: ReadonlyMap<string, AlgorithmDefinition>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // One Ajv per check: parameter schemas are tiny and nothing compiled outlives the call.
  const ajv = new Ajv({ allErrors: true, strict: false });
  config.algorithms.forEach((entry, i) => {
    const { name, params } = entryParts(entry);
    const definition = algorithms.get(name);
    if (definition === undefined) {
      const path = typeof entry === 'string' ? `/algorithms/${i}` : `/algorithms/${i}/name`;
      issues.push({ path, message: `unknown algorithm "${name}"; known: ${[...algorithms.keys()].join(', ')}` });
      return;
    }
    const properties = definition.paramsSchema.properties;
    const known = Object.keys(properties);
    for (const [param, value] of Object.entries(params)) {
      const path = `/algorithms/${i}/params/${escapePointer(param)}`;
      const schema = properties[param];
      if (schema === undefined) {
        const list = known.length > 0 ? `its parameters: ${known.join(', ')}` : `${name} takes no parameters`;
        issues.push({ path, message: `is not a parameter of ${name} (${list})` });
        continue;
      }
      issues.push(...valueIssues(ajv.compile(schema), value, path, schema));
    }
    for (const param of definition.paramsSchema.required ?? []) {
      if (!(param in params)) issues.push({ path: `/algorithms/${i}/params/${escapePointer(param)}`, message: `is required by ${name}` });
    }
  });
  return issues;
}

/** Each candidate value of one parameter against that parameter's own schema. */
function valueIssues(validate: ValidateFunction, value: unknown, path: string, schema: Readonly<Record<string, unknown>>): ConfigIssue[] {
  if (Array.isArray(value) && value.length === 0) {
    return [{ path, message: 'is an empty grid: give a value, or an array of at least one value to try' }];
  }
  const issues: ConfigIssue[] = [];
  const values = gridValues(value);
  // A flat array for an array-typed parameter was read as a grid of scalars: say how to write it.
  const flatArray = schema.type === 'array' && values.every((v) => !Array.isArray(v));
  const seen = new Map<string, number>();
  let hinted = false;
  values.forEach((candidate, j) => {
    const at = Array.isArray(value) ? `${path}/${j}` : path;
    if (!validate(candidate)) {
      const hint = flatArray && !hinted ? ` (an array is a grid of values; one array value is written [[${values.map((v) => JSON.stringify(v)).join(', ')}]])` : '';
      hinted ||= flatArray;
      for (const issue of formatAjvErrors(validate.errors ?? [])) {
        issues.push({ path: issue.path === '/' ? at : `${at}${issue.path}`, message: `${issue.message}${hint}` });
      }
      return;
    }
    const key = canonicalJson(candidate);
    const first = seen.get(key);
    if (first !== undefined) issues.push({ path: at, message: `repeats the value at ${path}/${first}` });
    else seen.set(key, j);
  });
  return issues;
}

/** Two entries of one algorithm whose grids share trials would run those trials twice. */
function duplicateTrialIssues(config: ExperimentConfig, algorithms: ReadonlyMap<string, AlgorithmDefinition>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const grids = config.algorithms.map((entry) => normalizedGrid(entry, algorithms));
  grids.forEach((grid, j) => {
    if (grid === undefined) return;
    for (let i = 0; i < j; i++) {
      const earlier = grids[i];
      if (earlier === undefined || earlier.name !== grid.name) continue;
      let shared = 1;
      let identical = true;
      for (const [param, values] of grid.values) {
        const other = earlier.values.get(param) ?? [];
        shared *= values.filter((v) => other.includes(v)).length;
        identical &&= values.length === other.length && shared > 0 && values.every((v) => other.includes(v));
      }
      if (identical) {
        issues.push({ path: `/algorithms/${j}`, message: `repeats /algorithms/${i} (${grid.name} with the same parameter grid, defaults included)` });
        break;
      }
      if (shared > 0) {
        issues.push({ path: `/algorithms/${j}`, message: `shares ${shared} trial${shared === 1 ? '' : 's'} with /algorithms/${i} (${grid.name}): each would run twice` });
        break;
      }
    }
  });
  return issues;
}

/** Param -> canonical JSON of each candidate (defaults for those not named); undefined for unknown algorithms. */
function normalizedGrid(entry: ExperimentConfig['algorithms'][number], algorithms: ReadonlyMap<string, AlgorithmDefinition>) {
  const { name, params } = entryParts(entry);
  const definition = algorithms.get(name);
  if (definition === undefined) return undefined;
  const values = new Map<string, string[]>();
  for (const [param, schema] of Object.entries(definition.paramsSchema.properties)) {
    values.set(param, param in params ? gridValues(params[param]).map(canonicalJson) : [canonicalJson(schema.default)]);
  }
  return { name, values };
}

function objectiveIssues(config: ExperimentConfig, algorithms: ReadonlyMap<string, AlgorithmDefinition>): ConfigIssue[] {
  if (config.objective !== 'qerror') return [];
  const estimates = (name: string) => algorithms.get(name)?.requiredData.includes('trueCardinalities') ?? false;
  const listed = config.algorithms.map((e) => entryParts(e).name);
  if (listed.some(estimates)) return [];
  const estimators = [...algorithms.keys()].filter(estimates);
  return [
    {
      path: '/objective',
      message: `"qerror" needs an algorithm that estimates cardinalities (${estimators.join(', ') || 'none is known'}); the config lists only ${listed.join(', ')}`,
    },
  ];
}

function updateIssues(config: ExperimentConfig): ConfigIssue[] {
  const limit = config.workload?.limit;
  if (config.updateEvery === undefined || limit === undefined || config.updateEvery <= limit) return [];
  return [{ path: '/updateEvery', message: `is ${config.updateEvery}, more than the ${limit} queries timed (/workload/limit): the model would never be updated` }];
}

function dbGridIssues(config: ExperimentConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(config.grid ?? {})) {
    const setting = key.slice(DB_GRID_PREFIX.length);
    if (!isGucName(setting)) {
      issues.push({ path: `/grid/${escapePointer(key)}`, message: `"${setting}" is not a PostgreSQL setting name (a name, or extension.name: letters, digits and _)` });
    }
  }
  return issues;
}

function trialCountIssues(config: ExperimentConfig, algorithms: ReadonlyMap<string, AlgorithmDefinition>): ConfigIssue[] {
  const perAlgorithm = config.algorithms.map((entry) => {
    const { name, params } = entryParts(entry);
    const count = Object.values(params).reduce<number>((n, v) => n * Math.max(1, gridValues(v).length), 1);
    return { name, count };
  });
  const names = perAlgorithm.map((a) => a.name);
  const extraBaseline = (config.baseline ?? CONFIG_DEFAULTS.baseline) && !names.includes('baseline') && algorithms.has('baseline') ? 1 : 0;
  const dbCombinations = Object.values(config.grid ?? {}).reduce((n, values) => n * Math.max(1, values.length), 1);
  const total = (perAlgorithm.reduce((n, a) => n + a.count, 0) + extraBaseline) * dbCombinations;
  if (total <= MAX_TRIALS) return [];
  const parts = perAlgorithm.map((a) => `${a.name} ${a.count}`);
  if (extraBaseline) parts.push('added baseline 1');
  const db = dbCombinations > 1 ? `, times ${dbCombinations} database-setting combinations` : '';
  return [{ path: '/', message: `has ${total} trials, more than ${MAX_TRIALS} (${parts.join(' + ')}${db}): shrink the grids or split the experiment` }];
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
