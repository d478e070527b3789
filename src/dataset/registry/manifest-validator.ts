import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { DatasetError } from '../dataset-error.js';
import type { DatasetManifest } from './dataset-manifest.js';
import { displayPath } from './display-path.js';
import { formatAjvErrors, type ManifestIssue } from './format-ajv-errors.js';
import { manifestSchemaPath } from './project-root.js';

export interface ManifestValidator {
  /** The manifest, typed; throws MANIFEST_INVALID naming `file` and each bad field. */
  validate(value: unknown, file: string): DatasetManifest;
  /** Reads and validates a dataset.json; MANIFEST_UNREADABLE for a missing file or bad JSON. */
  readFile(file: string): DatasetManifest;
}

/** Compiles dataset.schema.json once for the caller; make one per command, not per manifest. */
export function createManifestValidator(schemaFile: string = manifestSchemaPath()): ManifestValidator {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, discriminator: true, verbose: true });
  // An annotation for humans: formatAjvErrors prints it instead of the raw regular expression.
  ajv.addKeyword({ keyword: 'patternMessage', schemaType: 'string' });
  const check: ValidateFunction = ajv.compile(schema);

  const validate = (value: unknown, file: string): DatasetManifest => {
    if (check(value)) return value as unknown as DatasetManifest;
    const issues = formatAjvErrors(check.errors ?? []);
    throw invalidManifest(file, issues);
  };

  return Object.freeze({
    validate,
    readFile(file: string): DatasetManifest {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new DatasetError('MANIFEST_UNREADABLE', `${displayPath(file)}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
          context: { file },
          cause: error,
        });
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new DatasetError('MANIFEST_UNREADABLE', `${displayPath(file)}: not valid JSON (${(error as Error).message})`, {
          context: { file },
          hint: 'dataset.json must be one JSON object; see src/dataset/registry/dataset.schema.json',
          cause: error,
        });
      }
      return validate(value, file);
    },
  });
}

/** MANIFEST_INVALID with one "file: /field: problem" line per issue. */
export function invalidManifest(file: string, issues: readonly ManifestIssue[]): DatasetError {
  const shown = displayPath(file);
  return new DatasetError('MANIFEST_INVALID', issues.map((i) => `${shown}: ${i.path}: ${i.message}`).join('\n'), {
    context: { file, issues },
    hint: 'the fields are described in src/dataset/registry/dataset.schema.json (add "$schema" pointing at it for editor checks)',
  });
}
