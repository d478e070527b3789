import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainingReport } from '../../../../algorithms/algorithm.js';
import { projectRoot } from '../../../dataset/registry/project-root.js';
import { PilotError } from '../../../errors/index.js';
import type { ModelTrainer } from '../../../experiment/experiment-session.js';

export interface ChildTrainerOptions {
  readonly home?: string;
  readonly backend?: string;
  readonly seed: number;
  readonly timeoutMs: number;
  readonly concurrency: number;
}

/**
 * Trains in a child `pilot algo train` process, so that several models train at once on
 * several cores (tfjs's wasm backend is single-threaded). The child registers the model in
 * the same results store (SQLite in WAL mode takes concurrent writers).
 */
export function childProcessTrainer(options: ChildTrainerOptions): ModelTrainer {
  return async (request, session) => {
    const scratch = await mkdtemp(join(tmpdir(), 'pilot-train-'));
    try {
      const paramsFile = join(scratch, 'params.json');
      await writeFile(paramsFile, JSON.stringify(request.params));
      const args = [
        join(projectRoot(), 'bin', 'pilot.js'),
        'algo', 'train', request.definition.name,
        '--dataset', session.entry.name,
        '--params', paramsFile,
        '--out', request.out,
        '--model-id', request.id,
        '--results', session.resultsDir,
        '--seed', String(options.seed),
        '--timeout-ms', String(options.timeoutMs),
        '--concurrency', String(options.concurrency),
        '--json', '--quiet',
        ...(request.limit !== null ? ['--limit', String(request.limit)] : []),
        ...(options.home !== undefined ? ['--home', options.home] : []),
        ...(options.backend !== undefined ? ['--backend', options.backend] : []),
      ];
      const { code, stdout, stderr } = await run(process.execPath, args);
      if (code !== 0) {
        throw new PilotError('EXPERIMENT_TRAINING_FAILED', `training ${request.definition.name} in a child process failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`, {
          context: { algorithm: request.definition.name, params: request.params },
        });
      }
      const result = JSON.parse(stdout) as { model: string; report: TrainingReport };
      return { dir: result.model, report: result.report };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };
}

function run(command: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
