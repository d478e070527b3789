import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ManagedCluster } from '../../../src/db/managed-cluster.js';
import { PilotError } from '../../../src/errors/index.js';

/** A cluster of its own in a temp dir, so these tests can stop, break and restart it freely. */
describe('managed cluster (own temp cluster)', function () {
  this.timeout(120_000);
  let home: string;
  let cluster: ManagedCluster;
  const messages: string[] = [];

  before(() => {
    home = mkdtempSync(join(tmpdir(), 'pilot-cluster-test-'));
    chmodSync(home, 0o755);
    cluster = new ManagedCluster({ home, log: (m) => messages.push(m) });
  });
  after(async () => {
    await cluster.destroy();
  });

  async function query(sql: string): Promise<Record<string, unknown>[]> {
    const client = new pg.Client(cluster.connection());
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('initializes and starts with pg_pilot preloaded and the experiment settings applied', async () => {
    const status = await cluster.start({ settings: { work_mem: '64MB' } });
    assert.equal(status.running, true);
    assert.ok(status.port && status.port >= 54320);
    assert.ok(messages.some((m) => m.startsWith('initializing a new PostgreSQL')));
    const rows = await query(
      "SELECT current_setting('shared_preload_libraries') AS spl, current_setting('jit') AS jit, current_setting('work_mem') AS wm, current_user AS u",
    );
    assert.deepEqual(rows[0], { spl: 'pg_pilot', jit: 'off', wm: '64MB', u: 'pilot' });
    const ext = await query("SELECT extname FROM pg_extension WHERE extname = 'pg_pilot'");
    assert.equal(ext.length, 1);
  });

  it('reports status and says so when started twice', async () => {
    messages.length = 0;
    const status = await cluster.start();
    assert.equal(status.running, true);
    assert.ok(messages.some((m) => m.startsWith('already running')));
    assert.equal(status.settings.work_mem, '64MB', 'a --set setting persists');
  });

  it('removes a stale postmaster.pid left by a crash and starts', async () => {
    assert.equal(await cluster.stop(), true);
    writeFileSync(join(cluster.paths.data, 'postmaster.pid'), `999999\n${cluster.paths.data}\n`);
    messages.length = 0;
    const status = await cluster.status();
    assert.equal(status.running, false);
    assert.ok(messages.some((m) => m.includes('stale postmaster.pid')));
    assert.equal((await cluster.start()).running, true);
  });

  it('refuses an explicit port that is in use, and moves off a saved port that was taken', async () => {
    const saved = (await cluster.status()).port!;
    await cluster.stop();
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen({ port: saved, host: '127.0.0.1' }, r));
    try {
      await assert.rejects(cluster.start({ port: saved }), (e: PilotError) => e.code === 'PORT_IN_USE' && e.message.includes(String(saved)));
      messages.length = 0;
      const status = await cluster.start();
      assert.notEqual(status.port, saved);
      assert.ok(messages.some((m) => m.includes(`port ${saved} is taken`)));
    } finally {
      server.close();
    }
  });

  it('refuses a data directory from another major version, with a way out', async () => {
    const other = mkdtempSync(join(tmpdir(), 'pilot-cluster-old-'));
    mkdirSync(join(other, 'pg', 'data'), { recursive: true });
    writeFileSync(join(other, 'pg', 'data', 'PG_VERSION'), '9\n');
    const old = new ManagedCluster({ home: other });
    await assert.rejects(old.start(), (e: PilotError) => e.code === 'CLUSTER_VERSION_MISMATCH' && /PostgreSQL 9/.test(e.message) && /destroy/.test(e.hint ?? ''));
  });

  it('stops', async () => {
    assert.equal(await cluster.stop(), true);
    assert.equal((await cluster.status()).running, false);
    assert.equal(await cluster.stop(), false);
  });
});
