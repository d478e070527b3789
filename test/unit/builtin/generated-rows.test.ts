import assert from 'node:assert/strict';
import { datasetChecksum } from '../../../src/dataset/builtin/dataset-checksum.js';
import { BUILTIN_GENERATOR_VERSION } from '../../../src/dataset/builtin/generate-builtin-dataset.js';
import { materializeDataset, type MaterializedDataset } from '../../../src/dataset/builtin/materialize-dataset.js';
import { NULL_INT, encodeChunk } from '../../../src/dataset/builtin/row-chunk.js';
import { InvalidScaleError } from '../../../src/dataset/builtin/scale.js';
import { BUILTIN_TABLES, BUILTIN_TABLE_NAMES } from '../../../src/dataset/builtin/schema.js';
import { tableChunks } from '../../../src/dataset/builtin/table-chunks.js';
import { buildUniverse } from '../../../src/dataset/builtin/universe.js';
import { VOTE_TYPE } from '../../../src/dataset/builtin/tables/votes.js';

const TINY = 0.01;

describe('builtin: generated rows', function () {
  this.timeout(30_000);
  let data: MaterializedDataset;
  before(() => {
    data = materializeDataset(11, TINY);
  });

  const col = (table: keyof MaterializedDataset, column: string): Int32Array => data[table].columns[column]!;

  it('is byte-identical for the same seed and scale, and differs for another seed or scale', () => {
    const a = datasetChecksum(11, TINY);
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(datasetChecksum(11, TINY), a);
    assert.notEqual(datasetChecksum(12, TINY), a);
    assert.notEqual(datasetChecksum(11, 0.011), a);
  });

  it('pins the output of BUILTIN_GENERATOR_VERSION 1: bump the version when this checksum changes', () => {
    assert.equal(BUILTIN_GENERATOR_VERSION, 1);
    assert.equal(datasetChecksum(11, TINY), 'cc94a11a648d2774a586d8dcec45e2604d0f194d75337d1c77e2caf52b569ba8');
  });

  it('writes COPY text with \\N for NULL and one line per row', () => {
    const chunk = tableChunks(buildUniverse(11, TINY), 'posts').next().value!;
    const text = encodeChunk(chunk);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, chunk.rows);
    assert.ok(lines.every((l) => l.split('\t').length === 10));
    assert.ok(text.includes('\\N'), 'answers have NULL view counts');
  });

  it('has every table, with ids 1..n in order', () => {
    for (const name of BUILTIN_TABLE_NAMES) {
      const t = data[name];
      assert.ok(t.rows > 0, `${name} is empty`);
      const ids = t.columns.id!;
      for (let r = 0; r < t.rows; r++) assert.equal(ids[r], r + 1);
    }
  });

  it('every foreign key points at an existing parent', () => {
    for (const def of BUILTIN_TABLES) {
      for (const fk of def.foreignKeys) {
        const parentRows = data[fk.references].rows;
        const values = col(def.name, fk.column);
        for (const v of values) assert.ok(v === NULL_INT || (v >= 1 && v <= parentRows), `${def.name}.${fk.column} = ${v}`);
      }
    }
  });

  it('children come after their parents: posts after owners, comments after posts and authors, badges after users', () => {
    const userDate = (id: number): number => col('users', 'creationdate')[id - 1]!;
    const postDate = (id: number): number => col('posts', 'creationdate')[id - 1]!;
    const posts = data.posts;
    for (let r = 0; r < posts.rows; r++) assert.ok(postDate(r + 1) >= userDate(col('posts', 'owneruserid')[r]!));
    for (let r = 0; r < data.comments.rows; r++) {
      const date = col('comments', 'creationdate')[r]!;
      assert.ok(date >= postDate(col('comments', 'postid')[r]!), 'comment before its post');
      assert.ok(date >= userDate(col('comments', 'userid')[r]!), 'comment before its author joined');
    }
    for (let r = 0; r < data.votes.rows; r++) {
      const date = col('votes', 'creationdate')[r]!;
      assert.ok(date >= postDate(col('votes', 'postid')[r]!), 'vote before its post');
      const user = col('votes', 'userid')[r]!;
      if (user !== NULL_INT) assert.ok(date >= userDate(user), 'vote before its voter joined');
    }
    for (let r = 0; r < data.posthistory.rows; r++) {
      const date = col('posthistory', 'creationdate')[r]!;
      assert.ok(date >= postDate(col('posthistory', 'postid')[r]!));
      assert.ok(date >= userDate(col('posthistory', 'userid')[r]!));
    }
    for (let r = 0; r < data.badges.rows; r++) assert.ok(col('badges', 'date')[r]! >= userDate(col('badges', 'userid')[r]!));
    for (let r = 0; r < data.postlinks.rows; r++) {
      const date = col('postlinks', 'creationdate')[r]!;
      assert.ok(date >= postDate(col('postlinks', 'postid')[r]!) && date >= postDate(col('postlinks', 'relatedpostid')[r]!));
      assert.ok(col('postlinks', 'postid')[r]! > col('postlinks', 'relatedpostid')[r]!, 'links go from newer to older posts');
    }
  });

  it('keeps the counts in posts consistent with the child tables', () => {
    const perPost = (table: 'comments' | 'votes', pred: (r: number) => boolean = () => true): Int32Array => {
      const out = new Int32Array(data.posts.rows + 1);
      const postids = col(table, 'postid');
      for (let r = 0; r < postids.length; r++) if (pred(r)) out[postids[r]!]!++;
      return out;
    };
    const comments = perPost('comments');
    const types = col('votes', 'votetypeid');
    const ups = perPost('votes', (r) => types[r] === VOTE_TYPE.upMod);
    const downs = perPost('votes', (r) => types[r] === VOTE_TYPE.downMod);
    const favs = perPost('votes', (r) => types[r] === VOTE_TYPE.favorite);
    for (let r = 0; r < data.posts.rows; r++) {
      assert.equal(col('posts', 'commentcount')[r], comments[r + 1]);
      assert.equal(col('posts', 'score')[r], ups[r + 1]! - downs[r + 1]!);
      const fav = col('posts', 'favoritecount')[r]!;
      assert.equal(fav === NULL_INT ? 0 : fav, favs[r + 1]);
    }
  });

  it('is skewed: a few users own most posts, and reputation follows activity', () => {
    const owners = col('posts', 'owneruserid');
    const perUser = new Int32Array(data.users.rows + 1);
    for (const o of owners) perUser[o]!++;
    const sorted = Array.from(perUser).sort((a, b) => b - a);
    const top5pct = sorted.slice(0, Math.ceil(data.users.rows * 0.05)).reduce((a, b) => a + b, 0);
    assert.ok(top5pct / owners.length > 0.4, `top 5% of users own ${((100 * top5pct) / owners.length).toFixed(1)}% of posts`);
    // Rank correlation between reputation and number of posts.
    const rep = col('users', 'reputation');
    const ids = Array.from({ length: data.users.rows }, (_, i) => i);
    const rank = (key: (i: number) => number): Float64Array => {
      const order = [...ids].sort((a, b) => key(a) - key(b));
      const out = new Float64Array(ids.length);
      order.forEach((id, r) => (out[id] = r));
      return out;
    };
    const ra = rank((i) => rep[i]!);
    const rb = rank((i) => perUser[i + 1]!);
    const mean = (ids.length - 1) / 2;
    let cov = 0;
    let va = 0;
    let vb = 0;
    for (const i of ids) {
      cov += (ra[i]! - mean) * (rb[i]! - mean);
      va += (ra[i]! - mean) ** 2;
      vb += (rb[i]! - mean) ** 2;
    }
    assert.ok(cov / Math.sqrt(va * vb) > 0.5, `spearman ${cov / Math.sqrt(va * vb)}`);
  });

  it('only questions have view, answer and favourite counts', () => {
    const type = col('posts', 'posttypeid');
    for (let r = 0; r < data.posts.rows; r++) {
      const question = type[r] === 1;
      assert.equal(col('posts', 'viewcount')[r] !== NULL_INT, question);
      assert.equal(col('posts', 'answercount')[r] !== NULL_INT, question);
    }
  });

  it('rejects unknown scales with a PilotError', () => {
    assert.throws(() => materializeDataset(1, 'huge' as never), (e: unknown) => e instanceof InvalidScaleError && e.code === 'INVALID_SCALE');
    assert.throws(() => materializeDataset(1, 0), InvalidScaleError);
  });
});
