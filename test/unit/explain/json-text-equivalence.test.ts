import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { joinMethods, planSignature, relationsUnder } from '../../../src/db/explain/index.js';
import { parseFixture, structuralView } from './fixtures.js';

const PG15 = fileURLToPath(new URL('../../fixtures/explain/pg15/', import.meta.url));
const PAIRS = readdirSync(PG15)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

describe('JSON and text of the same PostgreSQL plan give equivalent trees', () => {
  it('has a text twin for every JSON fixture', () => {
    const texts = new Set(readdirSync(PG15).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -'.txt'.length)));
    assert.ok(PAIRS.length >= 15);
    for (const name of PAIRS) assert.ok(texts.has(name), `${name}.txt is missing`);
  });

  for (const name of PAIRS) {
    it(`${name}: same operators, relations, figures, relationships and conditions`, () => {
      const json = parseFixture(`pg15/${name}.json`);
      const text = parseFixture(`pg15/${name}.txt`);
      assert.deepEqual(structuralView(text.root), structuralView(json.root));
      assert.equal(planSignature(text.root), planSignature(json.root));
      assert.equal(relationsUnder(text.root), relationsUnder(json.root));
      assert.deepEqual(joinMethods(text.root), joinMethods(json.root));
      assert.equal(text.planningTimeMs !== undefined, json.planningTimeMs !== undefined);
      assert.equal(text.executionTimeMs !== undefined, json.executionTimeMs !== undefined);
      assert.deepEqual(text.triggers?.map((t) => [t.constraintName, t.calls]), json.triggers?.map((t) => [t.constraintName, t.calls]));
      assert.deepEqual(text.extra['Settings'], json.extra['Settings']);
      assert.deepEqual(Object.keys(text.jit ?? {}), Object.keys(json.jit ?? {}));
    });
  }
});
