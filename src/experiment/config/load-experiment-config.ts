import { readFile } from 'node:fs/promises';
import { allAlgorithms } from '../../../algorithms/registry.js';
import { loadDatasetCatalog, type DatasetCatalog } from '../../dataset/registry/dataset-registry.js';
import { displayPath } from '../../dataset/registry/display-path.js';
import { resolveHome } from '../../db/managed-cluster.js';
import { PilotError } from '../../errors/index.js';
import type { ExperimentSpec } from '../spec/experiment-spec.js';
import { invalidExperimentConfig } from './config-issue.js';
import type { ExperimentConfig } from './experiment-config.js';
import { createExperimentSchemaValidator } from './experiment-schema-validator.js';
import { parseLocatedJson, type SourcePosition } from './parse-located-json.js';
import { resolveExperimentSpec } from './resolve-experiment-spec.js';
import { semanticIssues } from './semantic-issues.js';

export interface ExperimentConfigOptions {
  /** pilot's home, whose datasets/ holds the user's datasets (default: as the CLI resolves it). */
  readonly home?: string;
  /** The datasets to check names against (default: loaded from `home` and the project). */
  readonly catalog?: DatasetCatalog;
  /** Schema file (default: experiments/schema/experiment.schema.json). */
  readonly schemaFile?: string;
}

/**
 * Reads an experiment config file and resolves it into an ExperimentSpec. Throws
 * EXPERIMENT_CONFIG_UNREADABLE when the file cannot be read, and EXPERIMENT_CONFIG_INVALID
 * listing every problem with its JSON path, line and column: malformed JSON, schema
 * violations, then (once the shape is right) unknown names and impossible combinations.
 */
export async function loadExperimentConfig(file: string, options: ExperimentConfigOptions = {}): Promise<ExperimentSpec> {
  const source = displayPath(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PilotError('EXPERIMENT_CONFIG_UNREADABLE', `cannot read experiment config ${source} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      context: { file },
      hint: 'experiments/ holds example configs (quickstart.json, ci-smoke.json)',
      cause: error,
    });
  }
  const parsed = parseLocatedJson(text);
  if (!parsed.ok) {
    const { line, column } = parsed.position;
    throw invalidExperimentConfig(source, [{ path: '/', message: `not valid JSON: ${parsed.message}`, line, column }], undefined, { file });
  }
  return validateLocated(parsed.json.value, source, options, parsed.json.positions, { file });
}

/** Validates an already parsed config (`source` names it in messages); same errors as loadExperimentConfig, without positions. */
export async function validateExperimentConfig(value: unknown, source: string, options: ExperimentConfigOptions = {}): Promise<ExperimentSpec> {
  return validateLocated(value, source, options, undefined, {});
}

async function validateLocated(
  value: unknown,
  source: string,
  options: ExperimentConfigOptions,
  positions: ReadonlyMap<string, SourcePosition> | undefined,
  context: Record<string, unknown>,
): Promise<ExperimentSpec> {
  const schemaIssues = createExperimentSchemaValidator(options.schemaFile)(value);
  // Names and combinations are only checked on a config of the right shape.
  if (schemaIssues.length > 0) throw invalidExperimentConfig(source, schemaIssues, positions, context);
  const config = value as ExperimentConfig;
  const algorithms = new Map((await allAlgorithms()).map((a) => [a.name, a]));
  const catalog = options.catalog ?? loadDatasetCatalog({ home: resolveHome(options.home) });
  const issues = semanticIssues(config, { algorithms, catalog });
  if (issues.length > 0) throw invalidExperimentConfig(source, issues, positions, context);
  return resolveExperimentSpec(config);
}
