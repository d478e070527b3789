import { deriveSeed, Rng } from '../../../util/prng.js';
import { ChunkBuilder, type RowChunk } from '../row-chunk.js';
import { AliasTable, logNormal } from '../samplers.js';
import { after, DAY_SECONDS } from '../time-range.js';
import { POST_TYPE, type Universe } from '../universe.js';

/** Links per post (the real dump has about one link per eight posts). */
export const LINKS_PER_POST = 0.12;
/** linktypeid: 1 linked, 3 duplicate. */
export const LINK_TYPE = { linked: 1, duplicate: 3 } as const;

/**
 * postlinks(id, creationdate, postid, relatedpostid, linktypeid): both ends drawn by popularity,
 * so popular questions collect most links; a link goes from the newer post to the older one and
 * is made after both exist.
 */
export function* postlinksChunks(universe: Universe): Generator<RowChunk> {
  const rng = new Rng(deriveSeed(universe.seed, 'postlinks'));
  const p = universe.posts;
  const weights = new Float64Array(p.count);
  for (let j = 0; j < p.count; j++) {
    const type = p.posttypeid[j] as number;
    const pop = p.popularity[j] as number;
    weights[j] = type === POST_TYPE.question ? pop : type === POST_TYPE.answer ? 0.2 * pop : 0;
  }
  const byPopularity = new AliasTable(weights);
  const count = Math.round(LINKS_PER_POST * p.count);
  const out = new ChunkBuilder(5);
  for (let id = 1; id <= count; id++) {
    const a = byPopularity.sample(rng);
    let b = byPopularity.sample(rng);
    for (let tries = 0; b === a && tries < 16; tries++) b = byPopularity.sample(rng);
    if (b === a) b = a === 0 ? 1 : a - 1;
    const [newer, older] = a > b ? [a, b] : [b, a]; // ids ascend with creation dates
    const date = after(p.creationdate[newer] as number, logNormal(rng, Math.log(3 * DAY_SECONDS), 1.5), rng.float());
    out.push(id, date, newer + 1, older + 1, rng.chance(0.1) ? LINK_TYPE.duplicate : LINK_TYPE.linked);
    if (out.full) yield out.take();
  }
  if (out.rows > 0) yield out.take();
}
