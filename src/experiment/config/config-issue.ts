import { PilotError } from '../../errors/index.js';
import type { SourcePosition } from './parse-located-json.js';

/** One problem in an experiment config: the JSON pointer of the offending field and what is wrong. */
export interface ConfigIssue {
  /** JSON pointer, e.g. `/algorithms/1/params/epochs`; `/` for the config as a whole. */
  readonly path: string;
  readonly message: string;
  /** Where `path` is in the file, when the config came from a file. */
  readonly line?: number;
  readonly column?: number;
}

export const EXPERIMENT_CONFIG_INVALID = 'EXPERIMENT_CONFIG_INVALID';

/**
 * EXPERIMENT_CONFIG_INVALID listing every issue, one line each (`source:line:column: path:
 * message` when positions are known), with the issues in `context.errors`.
 */
export function invalidExperimentConfig(
  source: string,
  issues: readonly ConfigIssue[],
  positions?: ReadonlyMap<string, SourcePosition>,
  extraContext: Record<string, unknown> = {},
): PilotError {
  // In file order when positions are known (a stable sort keeps the rest as found).
  const located = issues.map((issue) => locate(issue, positions)).sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  const lines = located.map((i) => `  ${i.line !== undefined ? `${source}:${i.line}:${i.column}: ` : ''}${i.path}: ${i.message}`);
  const count = located.length === 1 ? '1 problem' : `${located.length} problems`;
  return new PilotError(EXPERIMENT_CONFIG_INVALID, `invalid experiment config ${source} (${count}):\n${lines.join('\n')}`, {
    context: { source, errors: located, ...extraContext },
    hint: 'the fields are described in experiments/schema/experiment.schema.json (add "$schema": "./schema/experiment.schema.json" for editor checks); `pilot algo list` shows the algorithms and their parameters',
  });
}

/** The issue with the position of its path, or of the nearest enclosing path the file has. */
function locate(issue: ConfigIssue, positions: ReadonlyMap<string, SourcePosition> | undefined): ConfigIssue {
  if (positions === undefined || issue.line !== undefined) return issue;
  for (let path = issue.path === '/' ? '' : issue.path; ; path = path.slice(0, path.lastIndexOf('/'))) {
    const at = positions.get(path);
    if (at !== undefined) return { ...issue, line: at.line, column: at.column };
    if (path === '') return issue;
  }
}
