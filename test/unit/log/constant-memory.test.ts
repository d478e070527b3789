import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticLog } from '../../fixtures/logs/synthetic-log.js';
import { tempDirs } from './log-test-helpers.js';

const PROBE = fileURLToPath(new URL('./heap-probe.ts', import.meta.url));

/**
 * Streams a generated 20 MB log and checks the live heap (after forced GCs, in a child process
 * with --expose-gc) while it is read: what is kept is per query shape, not per line, so the
 * heap must not grow with the file. Holding the file as text would take 40 MB (UTF-16); the
 * growth seen is a few MB (compiled code, per-shape reservoirs and caches) and levels off.
 */
describe('constant-memory streaming', function () {
  this.timeout(120_000);
  const dirs = tempDirs();
  after(() => dirs.cleanup());

  it('reads a 20 MB log with the live heap growing by far less than the file', () => {
    const file = join(dirs.make(), 'big.log');
    const stats = writeSyntheticLog(file, { bytes: 20 * 1024 * 1024, seed: 5, shapes: 300 });
    assert.equal(statSync(file).size, stats.bytes);
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', PROBE, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const probe = JSON.parse(out.trim().split('\n').at(-1)!) as { samples: number[]; after: number; bytes: number; kept: number; fingerprints: number };
    assert.equal(probe.bytes, stats.bytes);
    assert.equal(probe.kept, stats.selects, 'every generated SELECT was read');
    assert.ok(probe.fingerprints <= 300);
    assert.ok(probe.samples.length >= 8, 'sampled while reading');
    const peak = Math.max(...probe.samples, probe.after);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    assert.ok(peak < 12 * 1024 * 1024, `live heap grew by ${mb(peak)} reading ${mb(stats.bytes)}`);
    // Flat, not climbing: the second half of the file adds little to the first half's growth.
    const half = probe.samples[Math.floor(probe.samples.length / 2)]!;
    assert.ok(probe.samples.at(-1)! - half < 3 * 1024 * 1024, `grew ${mb(probe.samples.at(-1)! - half)} over the second half`);
  });
});
