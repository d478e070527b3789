import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, hostname, release } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../dataset/registry/project-root.js';
import type { Interactor } from '../../db/interactor.js';
import { PilotError } from '../../errors/index.js';
import type { RunEnvironment } from '../../results/index.js';

/** nvidia-smi can hang on a wedged driver; a run must not wait on it. */
export const GPU_QUERY_TIMEOUT_MS = 3000;

export interface CaptureEnvironmentOptions {
  /** Where pilot's package.json is (default: the project root). */
  readonly projectRoot?: string;
  /** Finds the GPU name(s) (default: `queryGpuNames()`). */
  readonly gpu?: () => Promise<string | null>;
}

/**
 * Where a run runs: pilot, Node.js, the machine, the PostgreSQL server and its extensions, the
 * TensorFlow.js backend (as `loadTfRuntime` reports it) and the GPU, stored with every run so
 * that figures from different set-ups are never compared unknowingly.
 */
export async function captureEnvironment(
  interactor: Pick<Interactor, 'execute'>,
  tf: { readonly backend: string; readonly detail: string },
  options: CaptureEnvironmentOptions = {},
): Promise<RunEnvironment> {
  const [server, gpu] = await Promise.all([serverFacts(interactor), (options.gpu ?? queryGpuNames)()]);
  const processors = cpus();
  return {
    pilot: pilotVersion(options.projectRoot ?? projectRoot()),
    node: process.version,
    platform: `${process.platform} ${release()} ${process.arch}`,
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() || 'unknown',
    host: hostname(),
    postgres: server.postgres,
    pgPilot: server.pgPilot,
    pgStrom: server.pgStrom,
    tfBackend: tf.backend,
    tfDetail: tf.detail,
    gpu,
  };
}

/** The `version` of pilot's package.json. */
export function pilotVersion(root: string): string {
  const file = join(root, 'package.json');
  let version: unknown;
  try {
    version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
  } catch (error) {
    throw new PilotError('ENVIRONMENT_UNREADABLE', `cannot read pilot's version from ${file}: ${(error as Error).message}`, { context: { file }, cause: error });
  }
  if (typeof version !== 'string' || version === '') {
    throw new PilotError('ENVIRONMENT_UNREADABLE', `${file} has no "version" string`, { context: { file } });
  }
  return version;
}

/** One statement for the server version and both extensions (absent extensions read as null). */
async function serverFacts(interactor: Pick<Interactor, 'execute'>): Promise<Pick<RunEnvironment, 'postgres' | 'pgPilot' | 'pgStrom'>> {
  const result = await interactor.execute(
    `SELECT version() AS postgres,
            (SELECT extversion FROM pg_extension WHERE extname = 'pg_pilot') AS pg_pilot,
            (SELECT extversion FROM pg_extension WHERE extname = 'pg_strom') AS pg_strom`,
    { pull: ['records'] },
  );
  const row = result.status === 'ok' ? result.records?.[0] : undefined;
  if (row === undefined || typeof row.postgres !== 'string') {
    throw new PilotError('ENVIRONMENT_UNREADABLE', 'the server answered no version() row', { context: { result: result.status } });
  }
  return { postgres: row.postgres, pgPilot: textOrNull(row.pg_pilot), pgStrom: textOrNull(row.pg_strom) };
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The GPU name(s) `nvidia-smi` lists, identical names counted (`2 x NVIDIA H200`), joined by
 * ", "; null when the command is missing, fails, prints nothing or outlasts `timeoutMs`.
 */
export function queryGpuNames(command = 'nvidia-smi', timeoutMs = GPU_QUERY_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const child = execFile(command, ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8' }, (error, stdout) => settle(error ? null : summarizeGpuNames(stdout)));
    // Our own timer rather than execFile's: its callback waits until every holder of the
    // output pipe (a forked helper too) closes it, long after the limit.
    const timer = setTimeout(() => {
      settle(null);
      child.kill('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, timeoutMs);
  });
}

/** `nvidia-smi` output (one name a line) as one string, null when it names none. */
export function summarizeGpuNames(output: string): string | null {
  const counts = new Map<string, number>();
  for (const line of output.split(/\r?\n/)) {
    const name = line.trim();
    if (name !== '') counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  return [...counts].map(([name, n]) => (n === 1 ? name : `${n} x ${name}`)).join(', ');
}
