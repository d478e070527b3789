/**
 * Streams a log file line by line in constant memory (a chunk-based line splitter over file
 * reads), gunzipping when the file starts with the gzip magic bytes, whatever its name.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
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
 * the consumer stops reading and is rethrown; a failing read is returned as `error` (the lines
 * before it were consumed; a partial last line is not).
 */
export async function readLogLines(path: string, consumer: LineConsumer, onBytes: (bytes: number) => void = () => {}): Promise<LineReadResult> {
  const compressed = await isGzipFile(path);
  const splitter = new LineSplitter(consumer);
  const error = compressed ? await splitGzipFile(path, splitter, onBytes) : await splitPlainFile(path, splitter, onBytes);
  consumer.end();
  return { lines: splitter.lines, compressed, error };
}

const CHUNK_BYTES = 256 * 1024;

/**
 * Reads a plain file chunk by chunk, asking for the next chunk before splitting the one in hand,
 * so that the disk read overlaps the parsing (a read stream asks only after its 'data'
 * handler returns, and the parser would then wait for every chunk). Two buffers take turns (the
 * splitter copies what it keeps): a fresh buffer per read costs a page fault per 4 KB.
 */
async function splitPlainFile(path: string, splitter: LineSplitter, onBytes: (bytes: number) => void): Promise<Error | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return error as Error;
  }
  const buffers: readonly [Buffer, Buffer] = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  let turn = 0;
  const read = () => handle.read(buffers[(turn ^= 1) as 0 | 1], 0, CHUNK_BYTES, null);
  let next = read();
  try {
    for (;;) {
      let chunk: { bytesRead: number; buffer: Buffer };
      try {
        chunk = await next;
      } catch (error) {
        return error as Error;
      }
      if (chunk.bytesRead === 0) break;
      next = read();
      onBytes(chunk.bytesRead);
      splitter.push(chunk.buffer.subarray(0, chunk.bytesRead));
    }
    splitter.end();
    return undefined;
  } finally {
    // A read still in flight (the consumer threw) must finish before the file is closed.
    await next.catch(() => {});
    await handle.close();
  }
}

/** Reads a gzip file through zlib's stream. */
async function splitGzipFile(path: string, splitter: LineSplitter, onBytes: (bytes: number) => void): Promise<Error | undefined> {
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const input = raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES }));
  raw.on('data', (chunk) => onBytes(chunk.length));
  let thrown: { error: unknown } | undefined;
  let streamError: Error | undefined;
  await new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      raw.destroy();
      input.destroy();
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
    input.on('error', fail);
  });
  if (thrown) throw thrown.error;
  return streamError;
}
