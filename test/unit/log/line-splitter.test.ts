import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineSplitter } from '../../../src/dataset/log/line-splitter.js';
import { readLogLines } from '../../../src/dataset/log/read-log-lines.js';
import { tempDirs } from './log-test-helpers.js';

/** The lines of `bytes` fed to a splitter in chunks of `size` bytes. */
function split(bytes: Buffer, size: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter({ line: (text, n) => lines.push(n === lines.length + 1 ? text : `line ${n} out of order`) });
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size));
  splitter.end();
  return lines;
}

describe('line splitter', () => {
  const dirs = tempDirs();
  after(() => dirs.cleanup());

  it('gives the same lines whatever the chunk size, multi-byte characters cut between chunks included', () => {
    const text = "LOG:  statement: SELECT 'größe € 日本'\n\tFROM t\r\n\n" + 'x'.repeat(3000) + "\nlast line without newline é";
    const expected = ["LOG:  statement: SELECT 'größe € 日本'", '\tFROM t', '', 'x'.repeat(3000), 'last line without newline é'];
    for (const size of [1, 2, 3, 7, 64, 1000, 1 << 20]) assert.deepEqual(split(Buffer.from(text), size), expected, `chunks of ${size}`);
  });

  it('ends lines at \\n only: CRLF loses its \\r, a lone \\r stays in the line', () => {
    assert.deepEqual(split(Buffer.from('a\r\nb\rc\n\r\n'), 4), ['a', 'b\rc', '']);
    assert.deepEqual(split(Buffer.from('ends with cr\r'), 3), ['ends with cr']);
    assert.deepEqual(split(Buffer.alloc(0), 8), []);
    assert.deepEqual(split(Buffer.from('\n'), 8), ['']);
  });

  it('reads a file larger than its read chunk with every line in order and numbered', async () => {
    const file = join(dirs.make(), 'big.log');
    const lines = Array.from({ length: 40_000 }, (_, i) => `line ${i} ${'é'.repeat(i % 13)}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const seen: string[] = [];
    let bytes = 0;
    const result = await readLogLines(file, { line: (text, n) => seen.push(`${n}:${text}`), end: () => seen.push('end') }, (b) => (bytes += b));
    assert.equal(result.lines, lines.length);
    assert.equal(result.error, undefined);
    assert.deepEqual(seen, [...lines.map((l, i) => `${i + 1}:${l}`), 'end']);
    assert.equal(bytes, Buffer.byteLength(`${lines.join('\n')}\n`));
  });

  it('stops at an exception of the consumer and rethrows it, without calling end', async () => {
    const file = join(dirs.make(), 'throws.log');
    writeFileSync(file, Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join('\n'));
    let count = 0;
    let ended = false;
    await assert.rejects(
      readLogLines(file, {
        line: () => {
          count += 1;
          if (count === 5000) throw new Error('stop here');
        },
        end: () => (ended = true),
      }),
      /stop here/,
    );
    assert.equal(count, 5000);
    assert.equal(ended, false);
  });
});
