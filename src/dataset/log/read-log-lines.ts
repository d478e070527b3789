/**
 * Streams a log file line by line in constant memory (readline over a read stream), gunzipping
 * when the file starts with the gzip magic bytes, whatever its name.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
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
  const input = compressed ? raw.pipe(createGunzip()) : raw;
  raw.on('data', (chunk) => onBytes(chunk.length));
  const lines = createInterface({ input, crlfDelay: Infinity });

  let count = 0;
  let thrown: { error: unknown } | undefined;
  let streamError: Error | undefined;
  await new Promise<void>((resolve) => {
    const stop = () => {
      lines.close();
      raw.destroy();
    };
    lines.on('line', (text: string) => {
      if (thrown || streamError) return;
      count += 1;
      try {
        consumer.line(text, count);
      } catch (error) {
        thrown = { error };
        stop();
      }
    });
    const fail = (error: Error) => {
      streamError ??= error;
      stop();
    };
    raw.once('error', fail);
    if (input !== raw) input.once('error', fail);
    lines.on('error', fail); // readline re-emits its input's errors
    lines.once('close', () => resolve());
  });
  if (thrown) throw thrown.error;
  consumer.end();
  return { lines: count, compressed, error: streamError };
}
