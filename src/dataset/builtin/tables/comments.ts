import { deriveSeed, Rng } from '../../../util/prng.js';
import { ChunkBuilder, type RowChunk } from '../row-chunk.js';
import { logNormal, poisson } from '../samplers.js';
import { after } from '../time-range.js';
import { usersExistingAt, type Universe } from '../universe.js';

/** Share of comments written by the post's own owner (discussion under one's own post). */
const OWNER_COMMENT_SHARE = 0.2;

/**
 * comments(id, postid, score, creationdate, userid): exactly `posts.commentcount` per post, so
 * popular posts get most comments; each comment comes after its post and after its author joined.
 */
export function* commentsChunks(universe: Universe): Generator<RowChunk> {
  const rng = new Rng(deriveSeed(universe.seed, 'comments'));
  const p = universe.posts;
  const out = new ChunkBuilder(5);
  let id = 0;
  for (let j = 0; j < p.count; j++) {
    const n = p.commentcount[j] as number;
    if (n === 0) continue;
    const postDate = p.creationdate[j] as number;
    const pop = p.popularity[j] as number;
    for (let k = 0; k < n; k++) {
      const date = after(postDate, logNormal(rng, Math.log(4 * 3600), 1.8), rng.float());
      const user = rng.chance(OWNER_COMMENT_SHARE)
        ? (p.owneruserid[j] as number)
        : universe.activeUsers.sample(rng, usersExistingAt(universe, date)) + 1;
      const score = Math.min(200, poisson(rng, 0.05 + 0.12 * Math.pow(pop, 0.6)));
      out.push(++id, j + 1, score, date, user);
      if (out.full) yield out.take();
    }
  }
  if (out.rows > 0) yield out.take();
}
