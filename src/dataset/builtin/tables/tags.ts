import { deriveSeed, Rng } from '../../../util/prng.js';
import { ChunkBuilder, NULL_INT, type RowChunk } from '../row-chunk.js';
import { logNormal } from '../samplers.js';
import { POST_TYPE, type Universe } from '../universe.js';

/** Tags per post (the real dump: about 1,000 tags for 90,000 posts). */
export const TAGS_PER_POST = 0.0112;
/** Tag usage falls off as rank^-TAG_COUNT_EXPONENT (Zipf). */
export const TAG_COUNT_EXPONENT = 1.1;

/**
 * tags(id, count, excerptpostid): counts Zipf-distributed over tag ids (id 1 is the most used
 * tag); the most used tags get the tag-wiki excerpt posts, the rest have none (NULL).
 */
export function* tagsChunks(universe: Universe): Generator<RowChunk> {
  const rng = new Rng(deriveSeed(universe.seed, 'tags'));
  const p = universe.posts;
  const excerpts: number[] = [];
  let questions = 0;
  for (let j = 0; j < p.count; j++) {
    if (p.posttypeid[j] === POST_TYPE.tagWikiExcerpt) excerpts.push(j + 1);
    if (p.posttypeid[j] === POST_TYPE.question) questions++;
  }
  const count = Math.max(20, Math.round(TAGS_PER_POST * p.count));
  const out = new ChunkBuilder(3);
  for (let rank = 1; rank <= count; rank++) {
    const uses = Math.max(1, Math.round(0.25 * questions * Math.pow(rank, -TAG_COUNT_EXPONENT) * logNormal(rng, 0, 0.25)));
    out.push(rank, uses, rank <= excerpts.length ? (excerpts[rank - 1] as number) : NULL_INT);
    if (out.full) yield out.take();
  }
  if (out.rows > 0) yield out.take();
}
