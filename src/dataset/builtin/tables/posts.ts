import { ChunkBuilder, type RowChunk } from '../row-chunk.js';
import type { Universe } from '../universe.js';

/** posts(id, posttypeid, creationdate, score, viewcount, owneruserid, answercount, commentcount, favoritecount, lasteditoruserid). */
export function* postsChunks(universe: Universe): Generator<RowChunk> {
  const p = universe.posts;
  const out = new ChunkBuilder(10);
  for (let j = 0; j < p.count; j++) {
    out.push(
      j + 1,
      p.posttypeid[j] as number,
      p.creationdate[j] as number,
      p.score[j] as number,
      p.viewcount[j] as number,
      p.owneruserid[j] as number,
      p.answercount[j] as number,
      p.commentcount[j] as number,
      p.favoritecount[j] as number,
      p.lasteditoruserid[j] as number,
    );
    if (out.full) yield out.take();
  }
  if (out.rows > 0) yield out.take();
}
