import { deriveSeed, Rng } from '../../../util/prng.js';
import { ChunkBuilder, NULL_INT, type RowChunk } from '../row-chunk.js';
import { logNormal, poisson, ZipfSampler } from '../samplers.js';
import { after, DAY_SECONDS } from '../time-range.js';
import { POST_TYPE, usersExistingAt, type Universe } from '../universe.js';

/** Vote types of the Stack Exchange dumps that this generator emits. */
export const VOTE_TYPE = { acceptedByOriginator: 1, upMod: 2, downMod: 3, favorite: 5, close: 6, bountyStart: 8, bountyClose: 9 } as const;

/** Bounty amounts, the small ones far more common (Zipf over this list). */
export const BOUNTY_AMOUNTS = [50, 100, 150, 200, 250, 300, 400, 500] as const;

/**
 * votes(id, postid, votetypeid, creationdate, userid, bountyamount). Up minus down votes equals
 * the post's score, and favourite votes equal its favoritecount, so vote types follow the post's
 * score. As in the real dump, userid is set only for favourites and bounties, and dates are
 * whole days.
 */
export function* votesChunks(universe: Universe): Generator<RowChunk> {
  const rng = new Rng(deriveSeed(universe.seed, 'votes'));
  const bounty = new ZipfSampler(BOUNTY_AMOUNTS.length, 1.3);
  const p = universe.posts;
  const out = new ChunkBuilder(6);
  let id = 0;
  for (let j = 0; j < p.count; j++) {
    const postId = j + 1;
    const postDate = p.creationdate[j] as number;
    const pop = p.popularity[j] as number;
    const score = p.score[j] as number;
    const type = p.posttypeid[j] as number;
    const voteDate = (): number => {
      const t = after(postDate, logNormal(rng, Math.log(2 * DAY_SECONDS), 1.6), rng.float());
      const day = t - (t % DAY_SECONDS);
      return day >= postDate ? day : day + DAY_SECONDS;
    };
    const emit = (voteType: number, date: number, user: number, amount: number): void => {
      out.push(++id, postId, voteType, date, user, amount);
    };

    const downs = poisson(rng, 0.1 + 0.08 * Math.sqrt(pop)) + Math.max(0, -score);
    const ups = score + downs;
    for (let k = 0; k < ups; k++) emit(VOTE_TYPE.upMod, voteDate(), NULL_INT, NULL_INT);
    for (let k = 0; k < downs; k++) emit(VOTE_TYPE.downMod, voteDate(), NULL_INT, NULL_INT);
    if (type === POST_TYPE.answer && rng.chance(Math.min(0.7, 0.15 + 0.1 * Math.max(0, score)))) {
      emit(VOTE_TYPE.acceptedByOriginator, voteDate(), NULL_INT, NULL_INT);
    }
    const favorites = p.favoritecount[j] as number;
    for (let k = 0; k < favorites; k++) {
      const date = voteDate();
      emit(VOTE_TYPE.favorite, date, universe.activeUsers.sample(rng, usersExistingAt(universe, date)) + 1, NULL_INT);
    }
    if (type === POST_TYPE.question) {
      if (rng.chance(Math.min(0.25, 0.004 * pop))) {
        const date = voteDate();
        const amount = BOUNTY_AMOUNTS[bounty.sample(rng) - 1] as number;
        emit(VOTE_TYPE.bountyStart, date, universe.powerUsers.sample(rng, usersExistingAt(universe, date)) + 1, amount);
        emit(VOTE_TYPE.bountyClose, date + 7 * DAY_SECONDS, NULL_INT, amount);
      }
      if (score <= 0 && rng.chance(0.08)) emit(VOTE_TYPE.close, voteDate(), NULL_INT, NULL_INT);
    }
    if (out.full) yield out.take();
  }
  if (out.rows > 0) yield out.take();
}
