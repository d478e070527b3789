import { createHash } from 'node:crypto';
import { encodeChunk } from './row-chunk.js';
import { BUILTIN_TABLES } from './schema.js';
import type { ScaleInput } from './scale.js';
import { tableChunks } from './table-chunks.js';
import { buildUniverse } from './universe.js';

/**
 * SHA-256 of every table's COPY text, in load order: equal for equal (seed, scale) on every run,
 * which is what makes results on the built-in dataset comparable between machines.
 */
export function datasetChecksum(seed: number, scale: ScaleInput): string {
  const universe = buildUniverse(seed, scale);
  const hash = createHash('sha256');
  for (const def of BUILTIN_TABLES) {
    hash.update(`${def.name}\n`);
    for (const chunk of tableChunks(universe, def.name)) hash.update(encodeChunk(chunk));
  }
  return hash.digest('hex');
}
