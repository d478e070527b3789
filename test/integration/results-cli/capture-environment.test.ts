import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { Interactor } from '../../../src/db/interactor.js';
import { captureEnvironment, queryGpuNames, summarizeGpuNames } from '../../../src/experiment/environment/capture-environment.js';
import { repoRoot, testCluster, testPool } from '../../helpers/cluster.js';

const DATABASE = 'pilot_test_env';
const TF = { backend: 'wasm', detail: 'wasm (simd, 2 threads)' };

describe('captureEnvironment on the managed cluster', function () {
  this.timeout(60_000);
  let pool: pg.Pool;
  let interactor: Interactor;

  before(async () => {
    pool = await testPool(DATABASE);
    interactor = new Interactor({ connection: testCluster().connection(DATABASE), poolSize: 2, label: DATABASE });
  });
  after(async () => {
    await pool?.query('CREATE EXTENSION IF NOT EXISTS pg_pilot');
    await interactor?.close();
    await pool?.end();
  });

  it('records pilot, Node.js, the machine, the server, its extensions, the tfjs backend and the GPU', async () => {
    const env = await captureEnvironment(interactor, TF, { gpu: async () => '2 x Test GPU' });
    const server = (await pool.query<{ v: string; ext: string }>("SELECT version() AS v, (SELECT extversion FROM pg_extension WHERE extname = 'pg_pilot') AS ext")).rows[0]!;
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(env.pilot, pkg.version);
    assert.equal(env.node, process.version);
    assert.match(env.platform, new RegExp(`^${process.platform} \\S+ ${process.arch}$`));
    assert.equal(env.cpus, cpus().length);
    assert.ok(env.cpus > 0 && env.cpuModel !== '');
    assert.equal(env.host, hostname());
    assert.equal(env.postgres, server.v);
    assert.match(env.postgres, /^PostgreSQL 15\./);
    assert.equal(env.pgPilot, server.ext);
    assert.match(env.pgPilot ?? '', /^\d+\.\d+/);
    // The managed cluster has no PG-Strom.
    assert.equal(env.pgStrom, null);
    assert.equal(env.tfBackend, 'wasm');
    assert.equal(env.tfDetail, TF.detail);
    assert.equal(env.gpu, '2 x Test GPU');
  });

  it('says null for an extension that is not created in the database', async () => {
    await pool.query('DROP EXTENSION IF EXISTS pg_pilot');
    try {
      const env = await captureEnvironment(interactor, TF, { gpu: async () => null });
      assert.equal(env.pgPilot, null);
      assert.equal(env.gpu, null);
    } finally {
      await pool.query('CREATE EXTENSION IF NOT EXISTS pg_pilot');
    }
  });

  it('asks nvidia-smi by default (the same answer as queryGpuNames)', async () => {
    const env = await captureEnvironment(interactor, TF);
    assert.equal(env.gpu, await queryGpuNames());
  });
});

describe('queryGpuNames', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pilot-gpu-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function script(name: string, body: string): string {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('reads the names nvidia-smi prints, counting identical GPUs', async () => {
    const fake = script('smi-ok', 'test "$1 $2" = "--query-gpu=name --format=csv,noheader" || exit 9\nprintf "NVIDIA H200\\nNVIDIA H200\\nNVIDIA A100\\n"');
    assert.equal(await queryGpuNames(fake), '2 x NVIDIA H200, NVIDIA A100');
  });

  it('is null when the command is missing, fails, prints nothing or hangs', async () => {
    assert.equal(await queryGpuNames(join(dir, 'no-such-command')), null);
    assert.equal(await queryGpuNames(script('smi-fail', 'echo "NVIDIA-SMI has failed" ; exit 6')), null);
    assert.equal(await queryGpuNames(script('smi-empty', 'exit 0')), null);
    const started = Date.now();
    assert.equal(await queryGpuNames(script('smi-hang', 'echo "NVIDIA H200"; sleep 3'), 300), null);
    assert.ok(Date.now() - started < 2000, 'the time limit stopped the hanging command');
  });

  it('summarizes output lines, ignoring blanks and CRLF', () => {
    assert.equal(summarizeGpuNames('Tesla T4\r\n\r\n'), 'Tesla T4');
    assert.equal(summarizeGpuNames(' \n'), null);
  });
});
