import type { RowChunk } from './row-chunk.js';
import type { BuiltinTableName } from './schema.js';
import { badgesChunks } from './tables/badges.js';
import { commentsChunks } from './tables/comments.js';
import { posthistoryChunks } from './tables/posthistory.js';
import { postlinksChunks } from './tables/postlinks.js';
import { postsChunks } from './tables/posts.js';
import { tagsChunks } from './tables/tags.js';
import { usersChunks } from './tables/users.js';
import { votesChunks } from './tables/votes.js';
import type { Universe } from './universe.js';

/**
 * The rows of one table as a stream of chunks, in the column order of schema.ts. Each table has
 * its own random stream, so any table can be generated alone and always gets the same rows.
 */
export function tableChunks(universe: Universe, table: BuiltinTableName): Generator<RowChunk> {
  switch (table) {
    case 'users':
      return usersChunks(universe);
    case 'posts':
      return postsChunks(universe);
    case 'comments':
      return commentsChunks(universe);
    case 'votes':
      return votesChunks(universe);
    case 'badges':
      return badgesChunks(universe);
    case 'postlinks':
      return postlinksChunks(universe);
    case 'posthistory':
      return posthistoryChunks(universe);
    case 'tags':
      return tagsChunks(universe);
  }
}
