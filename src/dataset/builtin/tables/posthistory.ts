import { deriveSeed, Rng } from '../../../util/prng.js';
import { ChunkBuilder, type RowChunk } from '../row-chunk.js';
import { logNormal, weightedIndex } from '../samplers.js';
import { after, DAY_SECONDS } from '../time-range.js';
import { POST_TYPE, usersExistingAt, type Universe } from '../universe.js';

/** posthistorytypeid values emitted: initial title/body/tags, edits of each, and closing. */
export const POST_HISTORY_TYPE = { initialTitle: 1, initialBody: 2, initialTags: 3, editTitle: 4, editBody: 5, editTags: 6, closed: 10 } as const;
const QUESTION_EDIT_TYPES = [POST_HISTORY_TYPE.editTitle, POST_HISTORY_TYPE.editBody, POST_HISTORY_TYPE.editTags] as const;
const QUESTION_EDIT_WEIGHTS = [0.2, 0.6, 0.2] as const;

/**
 * posthistory(id, posthistorytypeid, postid, creationdate, userid): the initial revision(s) by
 * the owner at the post's creation time, then `posts.edits` edits at increasing dates, the last
 * one by `posts.lasteditoruserid`; poorly received questions get closed.
 */
export function* posthistoryChunks(universe: Universe): Generator<RowChunk> {
  const rng = new Rng(deriveSeed(universe.seed, 'posthistory'));
  const p = universe.posts;
  const out = new ChunkBuilder(5);
  let id = 0;
  for (let j = 0; j < p.count; j++) {
    const postId = j + 1;
    const date = p.creationdate[j] as number;
    const owner = p.owneruserid[j] as number;
    const type = p.posttypeid[j] as number;
    const isQuestion = type === POST_TYPE.question;
    if (isQuestion) out.push(++id, POST_HISTORY_TYPE.initialTitle, postId, date, owner);
    out.push(++id, POST_HISTORY_TYPE.initialBody, postId, date, owner);
    if (isQuestion) out.push(++id, POST_HISTORY_TYPE.initialTags, postId, date, owner);

    const edits = p.edits[j] as number;
    let t = date;
    for (let k = 0; k < edits; k++) {
      t = after(t, logNormal(rng, Math.log(DAY_SECONDS), 2), rng.float());
      const editType = isQuestion ? (QUESTION_EDIT_TYPES[weightedIndex(rng, QUESTION_EDIT_WEIGHTS)] as number) : POST_HISTORY_TYPE.editBody;
      const user =
        k === edits - 1
          ? (p.lasteditoruserid[j] as number)
          : rng.chance(0.5)
            ? owner
            : universe.powerUsers.sample(rng, usersExistingAt(universe, t)) + 1;
      out.push(++id, editType, postId, t, user);
    }
    if (isQuestion && (p.score[j] as number) < 0 && rng.chance(0.3)) {
      const closed = after(date, logNormal(rng, Math.log(DAY_SECONDS), 1), rng.float());
      out.push(++id, POST_HISTORY_TYPE.closed, postId, closed, universe.powerUsers.sample(rng, usersExistingAt(universe, closed)) + 1);
    }
    if (out.full) yield out.take();
  }
  if (out.rows > 0) yield out.take();
}
