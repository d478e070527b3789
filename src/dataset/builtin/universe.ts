import { deriveSeed, Rng } from '../../util/prng.js';
import { NULL_INT } from './row-chunk.js';
import { countAtMost, logNormal, normal, poisson, PrefixSampler } from './samplers.js';
import { resolveScale, type ScaleInput } from './scale.js';
import { TIME_SPAN, TIME_START } from './time-range.js';

/** Post types as in Stack Exchange dumps: question, answer, tag wiki excerpt, tag wiki. */
export const POST_TYPE = { question: 1, answer: 2, tagWikiExcerpt: 4, tagWiki: 5 } as const;

/** Users and posts per unit of scale factor (scale factor 1 is about the size of the real STATS dump). */
export const USERS_PER_SCALE = 40_000;
export const POSTS_PER_SCALE = 90_000;

/** Share of users who hardly ever act: reputation 1, no posts (as in real Stack Exchange sites). */
const LURKER_SHARE = 0.45;
const LURKER_ACTIVITY = 0.02;
/** Spread of the latent activity factor: the source of the Zipf-like activity per user. */
const ACTIVITY_SIGMA = 1.5;
/** log(activity) of a typical post owner (owners are drawn by activity), centring popularity near 1. */
const TYPICAL_OWNER_LOG_ACTIVITY = 3;
/** Spread of a post's latent popularity beyond its owner's activity: the source of the Zipf-like activity per post. */
const POPULARITY_SIGMA = 1.1;

export interface UserColumns {
  readonly count: number;
  /** Ascending: user ids are handed out in order of creation, as on the real site. */
  readonly creationdate: Int32Array;
  /** The latent activity factor that drives reputation, views, votes cast and every table's activity. */
  readonly activity: Float64Array;
  readonly reputation: Int32Array;
  readonly views: Int32Array;
  readonly upvotes: Int32Array;
  readonly downvotes: Int32Array;
}

export interface PostColumns {
  readonly count: number;
  readonly posttypeid: Int8Array;
  /** Ascending, like post ids on the real site. */
  readonly creationdate: Int32Array;
  readonly score: Int32Array;
  readonly viewcount: Int32Array;
  /** 1-based user ids, like every foreign key here. */
  readonly owneruserid: Int32Array;
  readonly answercount: Int32Array;
  /** Exactly the number of comments the comments table holds for the post. */
  readonly commentcount: Int32Array;
  readonly favoritecount: Int32Array;
  /** The user of the last edit in posthistory; NULL_INT when never edited. */
  readonly lasteditoruserid: Int32Array;
  /** Latent popularity: drives score, views, answers, favorites and the rows of child tables. */
  readonly popularity: Float64Array;
  readonly edits: Uint8Array;
}

/**
 * The parent tables as compact columns (a few dozen bytes per row), from which users and posts
 * are written and every child table is streamed. Child tables are never held whole.
 */
export interface Universe {
  readonly seed: number;
  readonly scaleFactor: number;
  readonly users: UserColumns;
  readonly posts: PostColumns;
  /** Activity-weighted choice among the users that existed at a given time. */
  readonly activeUsers: PrefixSampler;
  /** Like activeUsers but favouring the most active even more: editors, closers, bounty givers. */
  readonly powerUsers: PrefixSampler;
}

export function buildUniverse(seed: number, scale: ScaleInput): Universe {
  const scaleFactor = resolveScale(scale);
  const userCount = Math.max(10, Math.round(USERS_PER_SCALE * scaleFactor));
  const postCount = Math.max(20, Math.round(POSTS_PER_SCALE * scaleFactor));

  const rng = new Rng(deriveSeed(seed, 'users'));
  const creationdate = new Int32Array(userCount);
  const activity = new Float64Array(userCount);
  for (let i = 0; i < userCount; i++) {
    // Quantiles of a growing sign-up rate, one per id slot, so dates ascend with ids.
    const q = (i + rng.float()) / userCount;
    creationdate[i] = TIME_START + Math.floor((TIME_SPAN - 7 * 86_400) * Math.pow(q, 0.75));
    // Early members are more active: creation date correlates with everything activity drives.
    activity[i] = rng.chance(LURKER_SHARE) ? LURKER_ACTIVITY : Math.exp(ACTIVITY_SIGMA * normal(rng)) * (1 + 2 * (1 - q));
  }
  const activeUsers = new PrefixSampler(activity);
  const powerUsers = new PrefixSampler(Array.from(activity, (a) => Math.pow(a, 1.5)));

  const posts = buildPosts(new Rng(deriveSeed(seed, 'posts')), postCount, creationdate, activity, activeUsers, powerUsers);
  const users = buildUserProfiles(new Rng(deriveSeed(seed, 'users:profile')), creationdate, activity, posts);
  return { seed, scaleFactor, users, posts, activeUsers, powerUsers };
}

function buildPosts(
  rng: Rng,
  count: number,
  userDates: Int32Array,
  activity: Float64Array,
  activeUsers: PrefixSampler,
  powerUsers: PrefixSampler,
): PostColumns {
  const p = {
    count,
    posttypeid: new Int8Array(count),
    creationdate: new Int32Array(count),
    score: new Int32Array(count),
    viewcount: new Int32Array(count),
    owneruserid: new Int32Array(count),
    answercount: new Int32Array(count),
    commentcount: new Int32Array(count),
    favoritecount: new Int32Array(count),
    lasteditoruserid: new Int32Array(count),
    popularity: new Float64Array(count),
    edits: new Uint8Array(count),
  };
  const firstUser = userDates[0] as number;
  for (let j = 0; j < count; j++) {
    const q = (j + rng.float()) / count;
    const date = Math.max(firstUser, TIME_START + Math.floor(TIME_SPAN * Math.pow(q, 0.8)));
    // The owner already existed and is drawn by activity: the most active users own most posts.
    const existing = countAtMost(userDates, date);
    const owner = activeUsers.sample(rng, existing);
    const a = activity[owner] as number;
    const r = rng.float();
    const type =
      r < 0.006 ? POST_TYPE.tagWikiExcerpt : r < 0.012 ? POST_TYPE.tagWiki : rng.chance(0.35 + 0.4 * (a / (a + 3))) ? POST_TYPE.answer : POST_TYPE.question;
    const isQuestion = type === POST_TYPE.question;
    const isWiki = type === POST_TYPE.tagWikiExcerpt || type === POST_TYPE.tagWiki;
    // Active users write popular posts: a correlation that crosses the users-posts join.
    const logq = isWiki ? -3 : 0.4 * (Math.log(a) - TYPICAL_OWNER_LOG_ACTIVITY) + POPULARITY_SIGMA * normal(rng) - (isQuestion ? 0 : 0.3);
    const pop = Math.exp(logq);

    p.posttypeid[j] = type;
    p.creationdate[j] = date;
    p.owneruserid[j] = owner + 1;
    p.popularity[j] = pop;
    p.score[j] = isWiki ? 0 : Math.round(1.6 * pop - 0.8 + 0.7 * normal(rng));
    // Only questions have views, answers and favourites (NULL otherwise, as in the real dump).
    p.viewcount[j] = isQuestion ? Math.round(Math.exp(5.3 + 0.9 * logq + 0.5 * normal(rng))) : NULL_INT;
    p.answercount[j] = isQuestion ? Math.min(60, poisson(rng, 0.3 + 0.5 * Math.pow(pop, 0.7))) : NULL_INT;
    if (isQuestion) {
      const fav = Math.floor(0.35 * pop * logNormal(rng, 0, 0.6));
      p.favoritecount[j] = fav === 0 && rng.chance(0.5) ? NULL_INT : fav;
    } else {
      p.favoritecount[j] = NULL_INT;
    }
    p.commentcount[j] = isWiki ? 0 : poisson(rng, 0.3 + 0.9 * Math.pow(pop, 0.8));
    const edits = Math.min(255, isWiki ? poisson(rng, 0.5) : poisson(rng, 0.2 + 0.3 * Math.pow(pop, 0.7)));
    p.edits[j] = edits;
    p.lasteditoruserid[j] = edits === 0 ? NULL_INT : rng.chance(0.55) ? owner + 1 : powerUsers.sample(rng, existing) + 1;
  }
  return p;
}

function buildUserProfiles(rng: Rng, creationdate: Int32Array, activity: Float64Array, posts: PostColumns): UserColumns {
  const count = creationdate.length;
  // Reputation is earned from the user's own posts, so it predicts how many rows join to the user.
  const earned = new Float64Array(count);
  for (let j = 0; j < posts.count; j++) {
    const owner = (posts.owneruserid[j] as number) - 1;
    const score = posts.score[j] as number;
    earned[owner] = (earned[owner] as number) + 2 + (score > 0 ? 10 * score : 2 * score);
  }
  const reputation = new Int32Array(count);
  const views = new Int32Array(count);
  const upvotes = new Int32Array(count);
  const downvotes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const a = activity[i] as number;
    const lurker = a <= LURKER_ACTIVITY;
    const bonus = lurker ? (rng.chance(0.1) ? 1 + poisson(rng, 3) : 0) : Math.round(3 * a * logNormal(rng, 0, 0.5));
    const rep = Math.max(1, Math.round(1 + (earned[i] as number) + bonus));
    reputation[i] = rep;
    views[i] = Math.max(0, Math.floor(Math.exp(0.65 * Math.log(rep) + 0.5 * normal(rng))) - 1);
    upvotes[i] = lurker ? (rng.chance(0.1) ? 1 + poisson(rng, 1) : 0) : Math.floor(4 * a * logNormal(rng, 0, 0.8));
    downvotes[i] = a > 8 ? Math.floor(0.15 * a * logNormal(rng, 0, 1)) : rng.chance(0.03) ? 1 : 0;
  }
  return { count, creationdate, activity, reputation, views, upvotes, downvotes };
}

/** 1-based id of the last user created at or before `date` (at least 1). */
export function usersExistingAt(universe: Universe, date: number): number {
  return Math.max(1, countAtMost(universe.users.creationdate, date));
}

