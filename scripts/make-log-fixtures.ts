/**
 * Produces the log fixtures in test/fixtures/logs/ from a real PostgreSQL server:
 *
 *   npx tsx scripts/make-log-fixtures.ts [--out test/fixtures/logs]
 *
 * A throwaway managed cluster (temp home, no pg_pilot) logs every statement to stderr, csvlog
 * and jsonlog while the known workload of test/fixtures/logs/fixture-workload.ts runs through
 * node-postgres. The three files are copied with only the temp paths replaced by a fixed
 * placeholder; expectations.json records the expected per-fingerprint counts from the workload.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManagedCluster } from '../src/db/managed-cluster.js';
import { loadStatementParser } from '../src/dataset/log/statement-parser.js';
import { fixtureExpectations, fixtureLogSettings, runFixtureWorkload } from '../test/fixtures/logs/fixture-workload.js';

/** The three files a run leaves, named after the format the tests read them as. */
export const FIXTURE_FILES = { stderr: 'postgresql.log', csvlog: 'postgresql.csv', jsonlog: 'postgresql.json' } as const;

export interface FixtureRun {
  /** Directory holding postgresql.log / .csv / .json. */
  readonly logDir: string;
  /** Temp paths that appear in the logs (home, socket directory). */
  readonly tempPaths: readonly string[];
  /** The stopped cluster, to start again (its settings are kept). */
  readonly cluster: ManagedCluster;
  /** Removes the cluster and its logs. */
  destroy(): Promise<void>;
}

export interface FixtureRunOptions {
  /** More server settings (e.g. shared_preload_libraries). */
  readonly settings?: Record<string, string>;
  readonly log?: (message: string) => void;
}

/**
 * Starts a temp cluster, runs the workload, stops the server (which flushes the logs) and
 * returns where the logs are. Used by this script and by the live integration test.
 */
export async function produceFixtureLogs(options: FixtureRunOptions = {}): Promise<FixtureRun> {
  const home = mkdtempSync(join(tmpdir(), 'pilot-log-fixtures-'));
  chmodSync(home, 0o755); // the server user must be able to walk into it
  const cluster = new ManagedCluster({ home, ...(options.log ? { log: options.log } : {}) });
  const logDir = join(cluster.paths.data, 'log');
  try {
    await cluster.start({ settings: { ...fixtureLogSettings('log'), ...options.settings }, withoutPgPilot: true });
    await runFixtureWorkload((database) => ({ ...cluster.connection(database) }));
    await cluster.stop();
  } catch (error) {
    await cluster.destroy();
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  const destroy = async () => {
    await cluster.destroy();
    rmSync(home, { recursive: true, force: true });
  };
  return { logDir, tempPaths: [home, cluster.paths.socketDir], cluster, destroy };
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outArg = process.argv.indexOf('--out');
  const out = resolve(outArg > 0 ? process.argv[outArg + 1]! : join(root, 'test/fixtures/logs'));
  const run = await produceFixtureLogs({ log: (m) => console.error(m) });
  try {
    for (const file of Object.values(FIXTURE_FILES)) {
      const source = join(run.logDir, file);
      if (!existsSync(source)) throw new Error(`the server wrote no ${source}`);
      // Temp paths (socket directory, data directory) are the only machine-specific text.
      let text = readFileSync(source, 'utf8');
      for (const path of run.tempPaths) text = text.split(path).join('/tmp/pilot-log-fixtures');
      writeFileSync(join(out, file), text);
      console.error(`wrote ${join(out, file)} (${Buffer.byteLength(text)} bytes)`);
    }
    const parser = await loadStatementParser();
    const expectations = fixtureExpectations((sql) => parser.fingerprint(sql));
    writeFileSync(join(out, 'expectations.json'), `${JSON.stringify(expectations, null, 2)}\n`);
    console.error(`wrote ${join(out, 'expectations.json')} (${expectations.queries.length} fingerprints, ${expectations.kept} executions)`);
  } finally {
    await run.destroy();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
