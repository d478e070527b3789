import { closeSync, openSync, readSync } from 'node:fs';

/** The first `bytes` bytes of a file as UTF-8 (a cut multi-byte character at the end is harmless here). */
export function readFileHead(file: string, bytes = 65_536): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
