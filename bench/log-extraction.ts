/**
 * Workload extraction speed on a large stderr log.
 *
 *   npx tsx bench/log-extraction.ts [--mb 210] [--shapes 2000] [--runs 3] [--keep]
 *
 * Generates a log (temp dir, not the repo) like a busy server's: 64 sessions interleaved,
 * `--shapes` SELECT shapes with fresh literals on every execution, a third of them multi-line,
 * the statement forms of log_statement, log_min_duration_statement and the extended protocol
 * (parse/bind/execute with parameters), some DML, SET and BEGIN. Then times
 * extractWorkloadFromLogs over it: MB/s (median and spread of --runs, wall clock and per CPU
 * second: process.cpuUsage, all threads), and the number of fingerprints, beside how fast
 * readline alone (and the reader's own line splitter) split the same file into lines: on a
 * shared machine the ratio to readline is steadier than either figure. A second part measures
 * the parse caches on the first 8 MB: every statement parsed by the WASM parser, against the
 * template, literal-blind-key and fingerprint caches.
 */
import { createReadStream, mkdtempSync, openSync, readSync, rmSync, closeSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { extractWorkloadFromLogs } from '../src/dataset/log/extract-workload-from-logs.js';
import { ReportBuilder } from '../src/dataset/log/extraction-report.js';
import { readLogFile } from '../src/dataset/log/read-log-file.js';
import { readLogLines } from '../src/dataset/log/read-log-lines.js';
import { compileLogLinePrefix } from '../src/dataset/log/log-line-prefix.js';
import { StatementAssembler } from '../src/dataset/log/statement-assembler.js';
import { loadStatementParser } from '../src/dataset/log/statement-parser.js';
import { WorkloadAccumulator } from '../src/dataset/log/workload-accumulator.js';
import { SYNTHETIC_PREFIX, writeSyntheticLog } from '../test/fixtures/logs/synthetic-log.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const sizeMb = arg('mb', 210);
const shapes = arg('shapes', 2000);
const runs = arg('runs', 3);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pilot-log-bench-'));
  try {
    const file = join(dir, 'postgresql.log');
    let t = performance.now();
    const generated = writeSyntheticLog(file, { bytes: sizeMb * 1e6, shapes, seed: 42 });
    const mb = generated.bytes / 1e6;
    console.log(`generated ${mb.toFixed(1)} MB, ${generated.lines} lines, ${generated.selects} SELECT executions of ${shapes} shapes in ${((performance.now() - t) / 1000).toFixed(1)} s (${file})`);

    const wall: number[] = [];
    const cpu: number[] = [];
    let fingerprints = 0;
    let kept = 0;
    let statements = 0;
    for (let run = 1; run <= runs; run += 1) {
      t = performance.now();
      const before = process.cpuUsage();
      const extraction = await extractWorkloadFromLogs([file], { prefix: SYNTHETIC_PREFIX, split: { by: 'seed', seed: 1, testFraction: 0.2 } });
      const used = process.cpuUsage(before);
      const seconds = (performance.now() - t) / 1000;
      wall.push(mb / seconds);
      cpu.push(mb / ((used.user + used.system) / 1e6));
      fingerprints = extraction.queries.length;
      kept = extraction.report.kept;
      statements = extraction.report.statements;
      console.log(`run ${run}: ${seconds.toFixed(2)} s, ${(mb / seconds).toFixed(1)} MB/s wall, ${cpu.at(-1)!.toFixed(1)} MB/s of CPU time`);
    }
    const spread = (xs: number[]) => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}`;
    console.log(
      `extraction: ${median(wall).toFixed(1)} MB/s wall clock (median of ${runs}, spread ${spread(wall)}), ${median(cpu).toFixed(1)} MB/s per CPU second (spread ${spread(cpu)}); ${fingerprints} fingerprints, ${kept} of ${statements} executions kept`,
    );

    // What this machine does with the same file when it only splits lines, for scale (and as a
    // yardstick when the machine is busy): node's readline, and the splitter the reader uses.
    t = performance.now();
    const readlineLines = await readlineCount(file);
    const readlineSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const read = await readLogLines(file, { line: () => {}, end: () => {} });
    const splitSeconds = (performance.now() - t) / 1000;
    console.log(`baseline: readline alone reads ${readlineLines} lines at ${(mb / readlineSeconds).toFixed(1)} MB/s, the reader's line splitter ${read.lines} lines at ${(mb / splitSeconds).toFixed(1)} MB/s; extraction runs at ${((100 * median(wall)) / (mb / readlineSeconds)).toFixed(0)}% of readline's speed`);

    // The parse cache, on the first 8 MB (parsing every statement of 200 MB would take minutes).
    const head = join(dir, 'head.log');
    writeFileSync(head, firstBytesAtLineEnd(file, 8e6));
    const headMb = statSync(head).size / 1e6;
    for (const parseEveryStatement of [true, false]) {
      const parser = await loadStatementParser();
      const report = new ReportBuilder();
      const accumulator = new WorkloadAccumulator(parser, report, { parseEveryStatement });
      const assembler = new StatementAssembler(accumulator);
      t = performance.now();
      await readLogFile(
        head,
        { format: 'stderr', prefix: compileLogLinePrefix(SYNTHETIC_PREFIX) },
        { record: (r) => assembler.record(r), lineSkipped: () => {}, warning: () => {} },
        () => {},
      );
      assembler.finish();
      const seconds = (performance.now() - t) / 1000;
      console.log(
        `${parseEveryStatement ? 'parse every statement' : 'template, literal-blind key and fingerprint caches'}: ${(headMb / seconds).toFixed(1)} MB/s on ${headMb.toFixed(1)} MB, ${accumulator.wasmCalls} WASM parser calls for ${report.kept} kept executions, ${accumulator.fingerprints} fingerprints`,
      );
    }
  } finally {
    if (process.argv.includes('--keep')) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines of a file as node's readline splits them (the reader used it before its own splitter). */
async function readlineCount(path: string): Promise<number> {
  let lines = 0;
  for await (const _line of createInterface({ input: createReadStream(path, { highWaterMark: 256 * 1024 }), crlfDelay: Infinity })) lines += 1;
  return lines;
}

/** The first `bytes` of a file, cut back to the last line end before a new log entry. */
function firstBytesAtLineEnd(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    const text = buffer.subarray(0, read);
    // End before a line that starts a new entry (not a tab continuation).
    let end = text.lastIndexOf(0x0a);
    while (end > 0 && text[end + 1] === 0x09) end = text.lastIndexOf(0x0a, end - 1);
    return text.subarray(0, end + 1);
  } finally {
    closeSync(fd);
  }
}

await main();
