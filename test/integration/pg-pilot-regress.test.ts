import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPgBinaries } from '../../src/db/pg-binaries.js';
import { repoRoot, testCluster, testPool } from '../helpers/cluster.js';

/** pg_regress, the way PostgreSQL extensions are tested: `make installcheck` against the managed cluster. */
describe('pg_pilot pg_regress suite (make installcheck)', function () {
  this.timeout(180_000);

  it('passes every regression test', async () => {
    (await testPool('postgres')).end();
    const conn = testCluster().connection();
    const ext = join(repoRoot, 'extension', 'pg_pilot');
    const pgConfig = join(findPgBinaries().bindir, 'pg_config');
    const run = spawnSync('make', ['-s', '-C', ext, 'installcheck', `PG_CONFIG=${pgConfig}`, 'with_llvm=no'], {
      encoding: 'utf8',
      env: { ...process.env, PGHOST: conn.host, PGPORT: String(conn.port), PGUSER: conn.user },
    });
    const diffs = join(ext, 'regression.diffs');
    const detail = existsSync(diffs) ? readFileSync(diffs, 'utf8').slice(0, 4000) : '';
    assert.equal(run.status, 0, `make installcheck failed:\n${run.stdout}\n${run.stderr}\n${detail}`);
    assert.match(run.stdout + run.stderr, /All \d+ tests passed|ok\s+\d+/);
  });
});
