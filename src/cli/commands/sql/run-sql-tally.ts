import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { PilotError } from '../../../errors/index.js';
import { loadPgParser, splitQueryLines, tallyQueries } from '../../../sql/index.js';
import type { SqlTallyArgs } from './command-object.js';
import { formatTally, type NamedTally } from './format-tally.js';

/** Tallies each file and prints one table (or JSON). */
export async function runSqlTally(args: SqlTallyArgs, out: (text: string) => void): Promise<number> {
  const parser = await loadPgParser();
  const tallies: NamedTally[] = [];
  for (const file of args.files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new PilotError('SQL_FILE_UNREADABLE', `cannot read workload file ${file}: ${(error as Error).message}`, {
        context: { file },
        hint: 'Pass files with one SQL query per line.',
        cause: error,
      });
    }
    tallies.push({ name: basename(file, extname(file)), tally: tallyQueries(splitQueryLines(text), parser) });
  }
  if (args.json === true) out(`${JSON.stringify(tallies.map((t, i) => ({ file: args.files[i], ...t.tally })), null, 2)}\n`);
  else out(`${formatTally(tallies)}\n`);
  return 0;
}
