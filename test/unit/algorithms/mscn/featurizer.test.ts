import assert from 'node:assert/strict';
import { buildQueryGraph, enumerateSubplans, loadPgParser, type PgParser, type QueryGraph } from '../../../../src/sql/index.js';
import { FeaturizationWarnings } from '../../../../algorithms/mscn/featurization-warnings.js';
import { FEATURIZER_STATE_VERSION, PREDICATE_OPS, type FeaturizerState } from '../../../../algorithms/mscn/featurizer-state.js';
import { canonicalJoin, MscnFeaturizer, trainingVocabulary } from '../../../../algorithms/mscn/featurizer.js';

const SAMPLE_SIZE = 4;

function graphOf(parser: PgParser, sql: string): QueryGraph {
  const result = buildQueryGraph(sql, parser);
  if (!result.ok) assert.fail(JSON.stringify(result.refusals));
  return result.graph;
}

/** Two tables with four sampled rows each; the vocabularies come from the training queries. */
function stateFor(training: QueryGraph[]): FeaturizerState {
  return {
    version: FEATURIZER_STATE_VERSION,
    tables: ['posts', 'users', 'votes'],
    tableRows: { posts: 100, users: 30, votes: 0 },
    ...trainingVocabulary(training),
    ranges: { 'posts.score': { min: 0, max: 100 }, 'users.reputation': { min: 0, max: 1000 } },
    samples: {
      sampleSize: SAMPLE_SIZE,
      seed: 1,
      collation: 'C',
      timeZoneIsUtc: true,
      source: 'hand-made',
      tables: {
        posts: {
          table: 'posts',
          rows: 4,
          columns: {
            id: { type: 'integer', kind: 'number', values: [1, 2, 3, 4] },
            score: { type: 'integer', kind: 'number', values: [0, 10, 50, 100] },
            owneruserid: { type: 'integer', kind: 'number', values: [1, 1, 2, 3] },
          },
        },
        users: {
          table: 'users',
          rows: 3,
          columns: { id: { type: 'integer', kind: 'number', values: [1, 2, 3] }, reputation: { type: 'integer', kind: 'number', values: [5, 500, 900] } },
        },
        votes: { table: 'votes', rows: 0, columns: {} },
      },
    },
  };
}

describe('mscn featurizer', () => {
  let parser: PgParser;
  let training: QueryGraph[];
  before(async () => {
    parser = await loadPgParser();
    training = [
      graphOf(parser, 'SELECT COUNT(*) FROM posts p, users u WHERE p.owneruserid = u.id AND p.score BETWEEN 10 AND 60 AND u.reputation > 100'),
      graphOf(parser, 'SELECT COUNT(*) FROM users u WHERE u.reputation IN (5, 900)'),
    ];
  });

  it('builds sorted vocabularies with joins written by table names', () => {
    const vocabulary = trainingVocabulary(training);
    assert.deepEqual(vocabulary.joins, ['posts.owneruserid=users.id']);
    assert.deepEqual(vocabulary.columns, ['posts.score', 'users.reputation']);
    assert.deepEqual(vocabulary.usedTables, ['posts', 'users']);
    const g = training[0]!;
    const tables = new Map(g.relations.map((r) => [r.alias, r.table]));
    assert.equal(canonicalJoin({ left: { alias: 'u', column: 'id' }, right: { alias: 'p', column: 'owneruserid' }, op: '=' }, (a) => tables.get(a)), 'posts.owneruserid=users.id');
  });

  it('featurizes every sub-plan: bitmaps, join slots, BETWEEN as two range predicates with value and selectivity', () => {
    const featurizer = new MscnFeaturizer(stateFor(training));
    const graph = training[0]!;
    const warnings = new FeaturizationWarnings();
    const subplans = enumerateSubplans(graph);
    assert.deepEqual(subplans.map((s) => s.key), ['p', 'u', 'p u']);
    const [p, u, pu] = featurizer.featurizeQuery(graph, subplans, warnings);
    assert.deepEqual([...p!.tables[0]!.bitmap], [0, 1, 1, 0]);
    assert.equal(p!.tables[0]!.index, 0);
    assert.equal(p!.tables[0]!.selectivity, 0.5);
    assert.equal(p!.tables[0]!.logRows, Math.log1p(50) / Math.log1p(100));
    assert.deepEqual(p!.joins, []);
    assert.deepEqual(
      p!.predicates.map((e) => [e.columns, PREDICATE_OPS[e.op], e.value, e.selectivity]),
      [
        [[0], '>=', 0.1, 0.75],
        [[0], '<=', 0.6, 0.75],
      ],
    );
    assert.deepEqual([...u!.tables[0]!.bitmap], [0, 1, 1, 0]);
    assert.deepEqual(pu!.joins, [0]);
    assert.equal(pu!.tables.length, 2);
    assert.equal(pu!.predicates.length, 3);
    // The sub-plans of one query share a relation's bitmap.
    assert.equal(pu!.tables[0]!.bitmap, p!.tables[0]!.bitmap);
    assert.equal(warnings.total, 0);
  });

  it('packs distinct elements (shared by the sub-plans of a query) with their memberships, plus the none elements', () => {
    const featurizer = new MscnFeaturizer(stateFor(training));
    const graph = training[0]!;
    const features = featurizer.featurizeQuery(graph, enumerateSubplans(graph), new FeaturizationWarnings());
    const single = featurizer.featurizeQuery(training[1]!, enumerateSubplans(training[1]!), new FeaturizationWarnings());
    const batch = featurizer.pack([...features, ...single]);
    const { dims } = featurizer;
    assert.deepEqual(dims, { table: 3 + SAMPLE_SIZE + 2, join: 2, predicate: 1 + 2 + PREDICATE_OPS.length + 2 });
    // Sub-plans p, u, "p u" and the single-table query's u: "p u" holds the rows of p and u.
    assert.deepEqual([batch.tables.batch, batch.tables.rows, batch.tables.width], [4, 3, dims.table]);
    assert.deepEqual([...batch.tables.owner], [0, 1, 2, 2, 3]);
    assert.deepEqual([...batch.tables.element!], [0, 1, 0, 1, 2]);
    assert.equal(batch.tables.elements.length, 3 * dims.table);
    // Sub-plan "p": posts one-hot, its bitmap (bits scaled by 1/sqrt(4)), its selectivity and implied log rows.
    assert.deepEqual([...batch.tables.elements.subarray(0, dims.table)], [1, 0, 0, 0, 0.5, 0.5, 0, 0.5, Math.fround(Math.log1p(50) / Math.log1p(100))]);
    // The summary: relations and summed log rows per sub-plan.
    const logRows = (rows: number) => Math.log1p(rows) / Math.log1p(100);
    const expected = [1, logRows(50), 1, logRows(20), 2, logRows(50) + logRows(20), 1, logRows(20)];
    assert.ok([...batch.summary].every((v, i) => Math.abs(v - expected[i]!) < 1e-6), `summary ${[...batch.summary]}`);
    // Users keeps 2 of its 3 sample rows.
    assert.ok(Math.abs(batch.tables.elements[2 * dims.table - 2]! - 2 / 3) < 1e-6);
    // Joins: single relations carry the "no join" element, the join its one-hot.
    assert.deepEqual([...batch.joins.owner], [0, 1, 2, 3]);
    assert.deepEqual([...batch.joins.element!], [0, 0, 1, 0]);
    assert.deepEqual([...batch.joins.elements], [1, 0, 0, 1]);
    // Predicates: two for p (BETWEEN), one for u, the same three for "p u", one IN for the last query.
    assert.deepEqual([...batch.predicates.owner], [0, 0, 1, 2, 2, 2, 3]);
    assert.deepEqual([...batch.predicates.element!], [0, 1, 2, 0, 1, 2, 3]);
    const inElement = batch.predicates.elements.subarray(3 * dims.predicate, 4 * dims.predicate);
    assert.equal(inElement[1 + 1], 1, 'users.reputation column slot');
    assert.equal(inElement[1 + 2 + PREDICATE_OPS.indexOf('in')], 1);
    assert.ok(Math.abs(inElement[dims.predicate - 2]! - (0.005 + 0.9) / 2) < 1e-6);
    assert.ok(Math.abs(inElement[dims.predicate - 1]! - 2 / 3) < 1e-6);
  });

  it('a query with no predicate gets the no-predicate element', () => {
    const featurizer = new MscnFeaturizer(stateFor(training));
    const graph = graphOf(parser, 'SELECT COUNT(*) FROM posts p');
    const features = featurizer.featurizeQuery(graph, enumerateSubplans(graph), new FeaturizationWarnings());
    const batch = featurizer.pack(features);
    assert.equal(batch.predicates.rows, 1);
    assert.equal(batch.predicates.elements[0], 1);
    assert.deepEqual([...features[0]!.tables[0]!.bitmap], [1, 1, 1, 1]);
  });

  it('unseen joins, columns and tables are zero vectors with counted warnings, not crashes', () => {
    const featurizer = new MscnFeaturizer(stateFor(training));
    const graph = graphOf(parser, 'SELECT COUNT(*) FROM posts p, votes v, comments c WHERE v.postid = p.id AND c.postid = p.id AND p.id > 2');
    const warnings = new FeaturizationWarnings();
    const features = featurizer.featurizeQuery(graph, enumerateSubplans(graph), warnings);
    const all = features.at(-1)!;
    assert.deepEqual(all.joins, [-1, -1]);
    assert.equal(all.tables.find((t) => t.index === -1)?.bitmap.every((b) => b === 1), true);
    assert.deepEqual(all.predicates[0]!.columns, []);
    // posts.id is in the sample though not in the column vocabulary: the bitmap still filters.
    assert.deepEqual([...all.tables[all.tables.length - 1]!.bitmap].length, SAMPLE_SIZE);
    assert.ok(warnings.count('unseen_join') > 0);
    assert.ok(warnings.count('unseen_column') > 0);
    assert.ok(warnings.count('unseen_table') > 0);
    const batch = featurizer.pack(features);
    // The unseen joins are one all-zero row, still counted in the mean of every sub-plan that holds them.
    assert.equal(batch.joins.owner.length, features.reduce((n, f) => n + Math.max(1, f.joins.length), 0));
    assert.equal(batch.joins.rows, 2);
    assert.ok(batch.joins.elements.subarray(-featurizer.dims.join).every((v) => v === 0));
  });

  it('hands other queries the same elements for the same filtered relation, so a batch computes it once; relations with warnings are counted each time', () => {
    const featurizer = new MscnFeaturizer(stateFor(training));
    const a = graphOf(parser, 'SELECT COUNT(*) FROM posts p, users u WHERE p.owneruserid = u.id AND p.score > 10');
    const b = graphOf(parser, 'SELECT COUNT(*) FROM posts x, users y WHERE x.owneruserid = y.id AND x.score > 10 AND y.reputation < 600');
    const [fa, fb] = [a, b].map((g) => featurizer.featurizeQuery(g, enumerateSubplans(g), new FeaturizationWarnings()).at(-1)!);
    // posts with "score > 10" is one object in both queries; users unfiltered vs filtered are not.
    assert.equal(fa!.tables[0], fb!.tables[0]);
    assert.equal(fa!.predicates[0], fb!.predicates[0]);
    assert.notEqual(fa!.tables[1], fb!.tables[1]);
    const batch = featurizer.pack([fa!, fb!]);
    assert.equal(batch.tables.rows, 3);
    assert.deepEqual([...batch.tables.element!], [0, 1, 0, 2]);
    // A relation that raised a warning (comments is unseen) is featurized again, and counted again.
    const unseen = graphOf(parser, 'SELECT COUNT(*) FROM comments c WHERE c.score > 1');
    const warnings = new FeaturizationWarnings();
    const first = featurizer.featurizeQuery(unseen, enumerateSubplans(unseen), warnings)[0]!;
    const counted = warnings.count('unseen_table');
    const second = featurizer.featurizeQuery(unseen, enumerateSubplans(unseen), warnings)[0]!;
    assert.equal(warnings.count('unseen_table'), 2 * counted);
    assert.notEqual(first.tables[0], second.tables[0]);
    assert.deepEqual(first, second);
  });

  it('round-trips its state through JSON and rejects a file of another kind', () => {
    const featurizer = new MscnFeaturizer(stateFor(training));
    const again = MscnFeaturizer.fromJSON(JSON.parse(JSON.stringify(featurizer)));
    const graph = training[0]!;
    const a = featurizer.featurizeQuery(graph, enumerateSubplans(graph), new FeaturizationWarnings());
    const b = again.featurizeQuery(graph, enumerateSubplans(graph), new FeaturizationWarnings());
    assert.deepEqual(again.pack(a), featurizer.pack(b));
    assert.deepEqual(featurizer.neededColumns(), { posts: ['owneruserid', 'score'], users: ['id', 'reputation'] });
    assert.throws(() => MscnFeaturizer.fromJSON({ version: 99 }), (e: { code?: string }) => e.code === 'MSCN_BAD_MODEL_FILE');
  });
});
