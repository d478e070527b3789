import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { formatAjvErrors } from '../../dataset/registry/format-ajv-errors.js';
import type { ConfigIssue } from './config-issue.js';
import { experimentSchemaPath } from './experiment-config.js';

/** Checks a parsed config against the published schema; every violation at once. */
export type ExperimentSchemaValidator = (value: unknown) => ConfigIssue[];

/** Compiles experiments/schema/experiment.schema.json (a few ms); make one per load, not per field. */
export function createExperimentSchemaValidator(schemaFile: string = experimentSchemaPath()): ExperimentSchemaValidator {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
  // verbose: the messages below read annotations from the failing schema (parentSchema).
  const ajv = new Ajv2020({ allErrors: true, verbose: true, allowUnionTypes: true });
  // Annotations for humans, printed instead of a raw regular expression or "not a known field".
  ajv.addKeyword({ keyword: 'patternMessage', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'notAllowedMessage', schemaType: 'string' });
  const check = ajv.compile(schema);
  return (value) => (check(value) ? [] : toIssues(check.errors ?? []));
}

function toIssues(errors: readonly ErrorObject[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const generic: ErrorObject[] = [];
  for (const e of errors) {
    const special = specialIssue(e);
    if (special) issues.push(special);
    else generic.push(e);
  }
  const seen = new Set(issues.map((i) => `${i.path}\u0000${i.message}`));
  for (const issue of formatAjvErrors(generic)) {
    if (!seen.has(`${issue.path}\u0000${issue.message}`)) issues.push(issue);
  }
  return issues;
}

/** Messages ajv words poorly for this schema; undefined leaves the error to formatAjvErrors. */
function specialIssue(e: ErrorObject): ConfigIssue | undefined {
  const params = e.params as Record<string, unknown>;
  const parent = e.parentSchema as { notAllowedMessage?: string } | undefined;
  switch (e.keyword) {
    case 'additionalProperties':
      if (parent?.notAllowedMessage === undefined) return undefined;
      return { path: `${e.instancePath}/${escape(String(params.additionalProperty))}`, message: parent.notAllowedMessage };
    case 'type':
      return Array.isArray(params.type) ? { path: e.instancePath || '/', message: `must be ${params.type.join(' or ')}` } : undefined;
    case 'minItems':
    case 'minLength':
      return params.limit === 1 ? { path: e.instancePath || '/', message: 'must not be empty' } : undefined;
    case 'uniqueItems': {
      const [first, again] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return { path: `${e.instancePath}/${again}`, message: `repeats the value at ${e.instancePath}/${first}` };
    }
    default:
      return undefined;
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
