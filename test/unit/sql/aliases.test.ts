import assert from 'node:assert/strict';
import type { PgParser } from '../../../src/sql/index.js';
import { graphOf, parser, refusalCodes } from './sql-fixture.js';

describe('sql/aliases', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  it('uses the alias, else the table name, as PostgreSQL does for eref->aliasname', () => {
    const graph = graphOf(p, 'SELECT 1 FROM badges AS b, users WHERE b.userid = users.id');
    assert.deepEqual(graph.relations, [
      { alias: 'b', table: 'badges' },
      { alias: 'users', table: 'users' },
    ]);
  });

  it('lowercases unquoted identifiers and keeps quoted ones', () => {
    const graph = graphOf(p, 'SELECT 1 FROM Badges AS B, "Users" "U" WHERE b.UserId = "U".id AND "U"."Views" > 1');
    assert.deepEqual(graph.relations, [
      { alias: 'b', table: 'badges' },
      { alias: 'U', table: 'Users' },
    ]);
    assert.deepEqual(graph.joins[0], { left: { alias: 'U', column: 'id' }, right: { alias: 'b', column: 'userid' }, op: '=' });
    assert.deepEqual(graph.predicates.U?.[0], { kind: 'comparison', column: 'Views', op: '>', value: { kind: 'number', value: 1, text: '1' } });
  });

  it('keeps the schema of schema-qualified tables; the alias stays unqualified', () => {
    const graph = graphOf(p, 'SELECT 1 FROM public.users, stats.posts p WHERE p.owneruserid = users.id');
    assert.deepEqual(graph.relations, [
      { alias: 'users', table: 'users', schema: 'public' },
      { alias: 'p', table: 'posts', schema: 'stats' },
    ]);
  });

  it('resolves schema.table.column to an unaliased relation', () => {
    const graph = graphOf(p, 'SELECT 1 FROM public.users, posts p WHERE public.users.id = p.owneruserid');
    assert.deepEqual(graph.joins[0]?.right, { alias: 'users', column: 'id' });
  });

  it('resolves bare columns only when FROM holds one relation', () => {
    const graph = graphOf(p, 'SELECT count(*) FROM users WHERE views > 10');
    assert.deepEqual(graph.predicates.users?.[0], { kind: 'comparison', column: 'views', op: '>', value: { kind: 'number', value: 10, text: '10' } });
    assert.deepEqual(refusalCodes(p, 'SELECT 1 FROM users u, posts p WHERE u.id = p.owneruserid AND views > 10'), ['unqualified_column_ambiguous']);
  });

  it('refuses the table name of a relation that has an alias (PostgreSQL hides it)', () => {
    assert.deepEqual(refusalCodes(p, 'SELECT 1 FROM users u WHERE users.id = 1'), ['unknown_relation']);
  });
});
