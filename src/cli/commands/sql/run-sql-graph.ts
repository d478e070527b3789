import { readFileSync } from 'node:fs';
import { PilotError } from '../../../errors/index.js';
import { buildQueryGraph, enumerateSubplans, loadPgParser, subplanCountSql, type Refusal } from '../../../sql/index.js';
import { lineAndColumn } from '../../../sql/source-locations.js';
import type { SqlGraphArgs } from './command-object.js';

/** Prints the graph (exit code 0) or the refusals (exit code 1); parse errors propagate as SqlParseError. */
export async function runSqlGraph(args: SqlGraphArgs, out: (text: string) => void): Promise<number> {
  const sql = readQuery(args);
  const parser = await loadPgParser();
  const result = buildQueryGraph(sql, parser);
  if (!result.ok) {
    const count = result.refusals.length;
    if (args.json === true) out(`${JSON.stringify(result, null, 2)}\n`);
    else out(`refused (${count} reason${count === 1 ? '' : 's'}):\n${result.refusals.map((r) => formatRefusal(sql, r)).join('\n')}\n`);
    return 1;
  }
  const { graph } = result;
  if (args.subplans !== true) {
    out(`${JSON.stringify(graph, null, 2)}\n`);
    return 0;
  }
  const subplans = enumerateSubplans(graph).map((s) => ({ ...s, countSql: subplanCountSql(graph, s.key) }));
  out(`${JSON.stringify({ graph, subplans }, null, 2)}\n`);
  return 0;
}

/** yargs hands a lone `-` over as an empty string, so both mean stdin. */
function readQuery(args: SqlGraphArgs): string {
  const path = args.file ?? (args.sql === undefined || args.sql === '' || args.sql === '-' ? 0 : undefined);
  if (path === undefined) return args.sql as string;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const from = path === 0 ? 'stdin' : path;
    throw new PilotError('SQL_FILE_UNREADABLE', `cannot read the query from ${from}: ${(error as Error).message}`, { context: { file: from }, cause: error });
  }
}

function formatRefusal(sql: string, refusal: Refusal): string {
  if (refusal.location === undefined) return `  ${refusal.code}: ${refusal.message}`;
  const { line, column } = lineAndColumn(sql, refusal.location);
  return `  ${refusal.code} at line ${line}, column ${column}: ${refusal.message}`;
}
