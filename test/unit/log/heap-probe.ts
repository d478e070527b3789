/**
 * Run by constant-memory.test.ts in a child process with --expose-gc: extracts a log and prints
 * the live heap (after a forced GC) before, during (every few MB read) and after, as JSON.
 */
import { extractWorkloadFromLogs } from '../../../src/dataset/log/extract-workload-from-logs.js';
import { FIXTURES } from './log-test-helpers.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const live = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const files = process.argv.slice(2);
// Load the parser and warm up before the baseline, so that it measures the reading only.
await extractWorkloadFromLogs([FIXTURES.stderr], { split: { by: 'seed', seed: 1, testFraction: 0.2 } });
const baseline = live();
const samples: number[] = [];
let next = 0;
const extraction = await extractWorkloadFromLogs(files, {
  split: { by: 'seed', seed: 1, testFraction: 0.2 },
  onProgress: (read) => {
    if (read < next) return;
    next = read + 2 * 1024 * 1024;
    samples.push(live() - baseline);
  },
});
const after = live() - baseline;
process.stdout.write(`${JSON.stringify({ baseline, samples, after, bytes: extraction.report.bytes, kept: extraction.report.kept, fingerprints: extraction.queries.length })}\n`);
