import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatasetCatalog, type DatasetCatalog } from '../../../../src/dataset/registry/dataset-registry.js';
import { isPilotError } from '../../../../src/errors/index.js';
import type { ConfigIssue } from '../../../../src/experiment/config/config-issue.js';

/** A temporary pilot home whose datasets are builtin, builtin-small (train/test/fast) and nofast (train/test). */
export function makeCatalogHome(): { root: string; home: string; catalog: DatasetCatalog } {
  const root = mkdtempSync(join(tmpdir(), 'pilot-config-'));
  const home = join(root, 'home');
  const project = join(root, 'project-datasets');
  mkdirSync(project);
  const put = (name: string, workloads: Record<string, string>) => {
    const dir = join(home, 'datasets', name);
    mkdirSync(dir, { recursive: true });
    const manifest = {
      name,
      description: `dataset ${name}`,
      provenance: { source: 'test', license: 'CC0-1.0', method: 'written by the test', created: '2026-01-01' },
      database: { kind: 'managed', name },
      load: { kind: 'none' },
      workloads,
      readOnly: false,
    };
    writeFileSync(join(dir, 'dataset.json'), JSON.stringify(manifest));
  };
  put('builtin', { train: 'train.sql', test: 'test.sql', fast: 'fast.sql' });
  put('builtin-small', { train: 'train.sql', test: 'test.sql', fast: 'fast.sql' });
  put('nofast', { train: 'train.sql', test: 'test.sql' });
  return { root, home, catalog: loadDatasetCatalog({ home, projectDatasetsDir: project }) };
}

/** The EXPERIMENT_CONFIG_INVALID error's issues, after asserting the code. */
export async function configIssues(promise: Promise<unknown>): Promise<{ issues: ConfigIssue[]; message: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isPilotError(error), `expected a PilotError, got ${String(error)}`);
    assert.equal(error.code, 'EXPERIMENT_CONFIG_INVALID', error.message);
    return { issues: error.context.errors as ConfigIssue[], message: error.message };
  }
  assert.fail('the config was accepted');
}

/** Asserts that exactly one issue has `path`, and that its message matches. */
export function assertIssue(issues: readonly ConfigIssue[], path: string, message: RegExp): ConfigIssue {
  const at = issues.filter((i) => i.path === path);
  assert.equal(at.length, 1, `expected one issue at ${path}, got: ${JSON.stringify(issues)}`);
  assert.match(at[0]!.message, message);
  return at[0]!;
}
