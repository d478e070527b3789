import { Ajv, type ValidateFunction } from 'ajv';
import { PilotError } from '../src/errors/index.js';
import { formatAjvErrors } from '../src/dataset/registry/format-ajv-errors.js';
import type { AlgorithmDefinition } from './algorithm.js';

/** A parameter value from the command line: JSON when it parses (`0.1`, `[1,10]`, `true`), the raw text otherwise. */
export function parseParamValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `k=v` pairs from `--param` flags into an object; a pair without `=` is refused. */
export function parseParamPairs(pairs: readonly string[], algorithm: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new PilotError('ALGO_BAD_PARAMS', `--param "${pair}" for ${algorithm} is not of the form name=value`, { context: { algorithm, pair } });
    }
    params[pair.slice(0, eq)] = parseParamValue(pair.slice(eq + 1));
  }
  return params;
}

/**
 * Validates `given` against the algorithm's parameter schema and fills in the defaults. Refused
 * before anything runs, naming each bad parameter and what is wrong with it.
 */
export function resolveParams(definition: AlgorithmDefinition, given: Readonly<Record<string, unknown>>, source = 'parameters'): Record<string, unknown> {
  const validate = compile(definition);
  const params = structuredClone({ ...given }) as Record<string, unknown>;
  if (!validate(params)) {
    const issues = formatAjvErrors(validate.errors ?? []);
    const lines = issues.map((i) => `  ${i.path.replace(/^\//, '') || '(params)'}: ${i.message}`);
    throw new PilotError('ALGO_BAD_PARAMS', `invalid ${source} for ${definition.name}:\n${lines.join('\n')}`, {
      context: { algorithm: definition.name, issues },
      hint: `\`pilot algo list\` shows ${definition.name}'s parameters, their types and defaults`,
    });
  }
  return params;
}

function compile(definition: AlgorithmDefinition): ValidateFunction {
  // A fresh Ajv per call: schemas are tiny, and no compiled state is shared between callers.
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  return ajv.compile(definition.paramsSchema);
}
