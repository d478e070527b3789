import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../src/cli/main.js';

/** Runs the CLI in-process with stdout/stderr captured; returns the exit code and the text. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => out.push(String(s)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(String(s)) > 0) as typeof process.stderr.write;
  const saved = process.exitCode;
  try {
    const code = await run(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
    process.exitCode = saved;
  }
}

describe('pilot CLI exit codes and messages', () => {
  it('answers a usage mistake with exit 2, the problem and the way to help', async () => {
    const r = await cli(['db', 'bogus']);
    assert.equal(r.code, 2);
    assert.match(r.err, /error USAGE: .*bogus/s);
    assert.match(r.err, /pilot --help/);
  });

  it('reports a cluster that was never started with exit 3 and its state', async () => {
    const home = mkdtempSync(join(tmpdir(), 'pilot-cli-'));
    const r = await cli(['db', 'status', '--home', home]);
    assert.equal(r.code, 3);
    assert.match(r.out, /state\s+not initialized/);
    assert.match(r.out, /jit\s+off/);
  });

  it('refuses destroy without --yes', async () => {
    const r = await cli(['db', 'destroy', '--home', mkdtempSync(join(tmpdir(), 'pilot-cli-'))]);
    assert.match(r.err, /CONFIRM_REQUIRED/);
    assert.equal(r.code, 2);
  });
});
