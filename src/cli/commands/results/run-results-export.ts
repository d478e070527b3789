import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PilotError } from '../../../errors/index.js';
import type { ResultsExportArgs } from './command-object.js';
import { measurementsCsv } from './measurements-csv.js';
import { openExistingStore, resolveRun, resultsStoreFile } from './results-store-access.js';

/** `pilot results export <run|latest>`: the RunDocument as JSON, or one CSV row per query measurement. */
export async function runResultsExport(args: ResultsExportArgs, out: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const file = resultsStoreFile(args.results);
  const store = openExistingStore(file);
  let text: string;
  let summary: string;
  try {
    const run = resolveRun(store, args.run, file);
    const doc = store!.runs.document(run.id);
    text = args.format === 'csv' ? measurementsCsv(doc) : `${JSON.stringify(doc, null, 2)}\n`;
    summary = `run ${run.id}: ${doc.trials.length} trials, ${doc.measurements.length} query measurements`;
  } finally {
    store?.close();
  }
  if (args.out === undefined) {
    out(text);
    return 0;
  }
  writeAtomically(resolve(args.out), text);
  if (!args.quiet) out(`wrote ${summary} as ${args.format} to ${resolve(args.out)}\n`);
  return 0;
}

/** Through a temporary file and a rename, so that an interrupted export never leaves half a file. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new PilotError('RESULTS_EXPORT_FAILED', `cannot write ${path}: ${(error as Error).message}`, {
      context: { path, code: (error as { code?: string }).code },
      hint: 'check that the directory is writable, or leave out --out to write to standard output',
      cause: error,
    });
  }
}
