import assert from 'node:assert/strict';
import type { AlgorithmDefinition } from '../../../algorithms/algorithm.js';
import { ALGORITHM_NAMES, findAlgorithm } from '../../../algorithms/registry.js';
import { parseParamPairs, parseParamValue, resolveParams } from '../../../algorithms/resolve-params.js';
import { isPilotError } from '../../../src/errors/index.js';

const toy: AlgorithmDefinition = {
  name: 'toy',
  description: 'a parameter schema to validate against',
  paramsSchema: {
    type: 'object',
    properties: {
      epochs: { type: 'integer', minimum: 1, description: 'passes', default: 10 },
      factors: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, minItems: 1, description: 'scales', default: [0.1, 10] },
    },
    additionalProperties: false,
  },
  requiredData: [],
  create: () => {
    throw new Error('not used');
  },
  load: () => Promise.reject(new Error('not used')),
};

describe('algorithm parameters', () => {
  it('fills in defaults and keeps given values', () => {
    assert.deepEqual(resolveParams(toy, {}), { epochs: 10, factors: [0.1, 10] });
    assert.deepEqual(resolveParams(toy, { epochs: 3 }), { epochs: 3, factors: [0.1, 10] });
  });

  it('does not share default arrays between calls', () => {
    const a = resolveParams(toy, {});
    (a.factors as number[]).push(99);
    assert.deepEqual(resolveParams(toy, {}).factors, [0.1, 10]);
  });

  it('refuses unknown and ill-typed parameters, naming each', () => {
    assert.throws(
      () => resolveParams(toy, { epochs: 0, factorz: [1], factors: [-1] }),
      (e: unknown) =>
        isPilotError(e) &&
        e.code === 'ALGO_BAD_PARAMS' &&
        /epochs: must be >= 1/.test(e.message) &&
        /factorz: is not a known field/.test(e.message) &&
        /factors\/0: must be > 0/.test(e.message),
    );
  });

  it('reads --param pairs as JSON when they parse, as text otherwise', () => {
    assert.equal(parseParamValue('0.5'), 0.5);
    assert.deepEqual(parseParamValue('[1,2]'), [1, 2]);
    assert.equal(parseParamValue('hash'), 'hash');
    assert.deepEqual(parseParamPairs(['epochs=3', 'name=a=b'], 'toy'), { epochs: 3, name: 'a=b' });
    assert.throws(() => parseParamPairs(['epochs'], 'toy'), (e: unknown) => isPilotError(e) && e.code === 'ALGO_BAD_PARAMS' && /epochs/.test(e.message));
  });

  it('knows baseline, mscn and lero, and refuses other names', async () => {
    assert.deepEqual([...ALGORITHM_NAMES], ['baseline', 'mscn', 'lero']);
    assert.equal((await findAlgorithm('baseline')).name, 'baseline');
    await assert.rejects(findAlgorithm('bao'), (e: unknown) => isPilotError(e) && e.code === 'ALGO_UNKNOWN' && /known: baseline, mscn, lero/.test(e.message));
  });

  it("every algorithm's schema gives a default for each parameter, and its defaults validate", async () => {
    for (const name of ALGORITHM_NAMES) {
      const definition = await findAlgorithm(name);
      const params = resolveParams(definition, {});
      for (const [key, spec] of Object.entries(definition.paramsSchema.properties)) {
        assert.ok('default' in spec, `${name}.${key} has a default`);
        assert.ok(spec.description.length > 0, `${name}.${key} is described`);
        assert.deepEqual(params[key], spec.default, `${name}.${key}`);
      }
    }
  });
});
