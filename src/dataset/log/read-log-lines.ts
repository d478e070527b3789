/**
 * Streams a log file line by line in constant memory (a chunk-based splitter over a read
 * stream), gunzipping when the file starts with the gzip magic bytes, whatever its name.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { LineSplitter } from './line-splitter.js';
import type { LineConsumer } from './log-record.js';

export interface LineReadResult {
  readonly lines: number;
  readonly compressed: boolean;
  /** Why reading stopped early (corrupt gzip, I/O error); the lines before it were consumed. */
  readonly error: Error | undefined;
}

/** Whether the file starts with the gzip magic bytes 1f 8b. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Feeds every line of `path` to `consumer`, then calls `consumer.end()`. `onBytes` gets the
 * size of each chunk read from disk (compressed bytes for gzip files). An exception thrown by
 * the consumer stops reading and is rethrown; a failing stream is returned as `error`.
 */
export async function readLogLines(path: string, consumer: LineConsumer, onBytes: (bytes: number) => void = () => {}): Promise<LineReadResult> {
  const compressed = await isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  const input = compressed ? raw.pipe(createGunzip({ chunkSize: 256 * 1024 })) : raw;
  raw.on('data', (chunk) => onBytes(chunk.length));

  let count = 0;
  const splitter = new LineSplitter((text) => {
    count += 1;
    consumer.line(text, count);
  });
  let thrown: { error: unknown } | undefined;
  let streamError: Error | undefined;
  await new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      raw.destroy();
      if (input !== raw) input.destroy();
      resolve();
    };
    input.on('data', (chunk: Buffer) => {
      if (done) return;
      try {
        splitter.push(chunk);
      } catch (error) {
        thrown = { error };
        finish();
      }
    });
    input.once('end', () => {
      if (done) return;
      try {
        splitter.end();
      } catch (error) {
        thrown = { error };
      }
      finish();
    });
    // A failing stream ends the file where it failed: a partial last line is not emitted.
    const fail = (error: Error) => {
      streamError ??= error;
      finish();
    };
    // `on`, not `once`: an error after the first (from the other stream) must not go unhandled.
    raw.on('error', fail);
    if (input !== raw) input.on('error', fail);
  });
  if (thrown) throw thrown.error;
  consumer.end();
  return { lines: count, compressed, error: streamError };
}
