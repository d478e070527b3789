import { readFileSync } from 'node:fs';
import { buildQueryGraph, enumerateSubplans, loadPgParser, subplanCountSql, type Refusal } from '../../../sql/index.js';
import { lineAndColumn } from '../../../sql/source-locations.js';
import type { SqlGraphArgs } from './command-object.js';

/** Prints the graph (exit code 0) or the refusals (exit code 1); parse errors propagate as SqlParseError. */
export async function runSqlGraph(args: SqlGraphArgs, out: (text: string) => void): Promise<number> {
  const sql = args.sql === '-' ? readFileSync(0, 'utf8') : args.sql;
  const parser = await loadPgParser();
  const result = buildQueryGraph(sql, parser);
  if (!result.ok) {
    if (args.json === true) out(`${JSON.stringify(result, null, 2)}\n`);
    else out(`refused (${result.refusals.length} reason${result.refusals.length === 1 ? '' : 's'}):\n${result.refusals.map((r) => formatRefusal(sql, r)).join('\n')}\n`);
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

function formatRefusal(sql: string, refusal: Refusal): string {
  const where = refusal.location === undefined ? '' : (({ line, column }) => ` at line ${line}, column ${column}`)(lineAndColumn(sql, refusal.location));
  return `  ${refusal.code}${where}: ${refusal.message}`;
}
