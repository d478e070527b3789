import { ChunkBuilder, type RowChunk } from '../row-chunk.js';
import type { Universe } from '../universe.js';

/** users(id, reputation, creationdate, views, upvotes, downvotes), from the universe's columns. */
export function* usersChunks(universe: Universe): Generator<RowChunk> {
  const u = universe.users;
  const out = new ChunkBuilder(6);
  for (let i = 0; i < u.count; i++) {
    out.push(i + 1, u.reputation[i] as number, u.creationdate[i] as number, u.views[i] as number, u.upvotes[i] as number, u.downvotes[i] as number);
    if (out.full) yield out.take();
  }
  if (out.rows > 0) yield out.take();
}
