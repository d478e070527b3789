import { deriveSeed, Rng } from '../../../util/prng.js';
import { ChunkBuilder, type RowChunk } from '../row-chunk.js';
import { poisson } from '../samplers.js';
import { TIME_END, TIME_SPAN } from '../time-range.js';
import type { Universe } from '../universe.js';

/** badges(id, userid, date): more for active and long-standing users, each after the user joined. */
export function* badgesChunks(universe: Universe): Generator<RowChunk> {
  const rng = new Rng(deriveSeed(universe.seed, 'badges'));
  const u = universe.users;
  const out = new ChunkBuilder(3);
  let id = 0;
  for (let i = 0; i < u.count; i++) {
    const joined = u.creationdate[i] as number;
    const exposure = (TIME_END - joined) / TIME_SPAN;
    const n = Math.min(2000, poisson(rng, 0.5 + 1.3 * Math.pow(u.activity[i] as number, 0.75) * Math.sqrt(exposure)));
    for (let k = 0; k < n; k++) {
      // Badges come early in a member's life more often than late.
      out.push(++id, i + 1, joined + Math.floor((TIME_END - joined) * Math.pow(rng.float(), 1.3)));
    }
    if (out.full) yield out.take();
  }
  if (out.rows > 0) yield out.take();
}
