import assert from 'node:assert/strict';
import type * as tfType from '@tensorflow/tfjs';
import { packBatch, type RaggedSet } from '../../../../algorithms/mscn/feature-batch.js';
import { featureDims } from '../../../../algorithms/mscn/featurizer-state.js';
import type { PredicateElement, SubplanFeatures, TableElement } from '../../../../algorithms/mscn/featurizer.js';
import { createMscnNetwork } from '../../../../algorithms/mscn/mscn-network.js';
import { loadTfRuntime, type TfRuntime } from '../../../../src/ml/index.js';
import { Rng } from '../../../../src/util/prng.js';

const SAMPLE_SIZE = 16;
const VOCABULARY = { tables: 3, columns: 4, sampleSize: SAMPLE_SIZE };
const DIMS = featureDims({ tables: ['a', 'b', 'c'], joins: ['j0', 'j1'], columns: ['c0', 'c1', 'c2', 'c3'], samples: { sampleSize: SAMPLE_SIZE } as never });

/**
 * The sub-plans of a 3-relation chain query as the featurizer hands them out: one element object
 * per relation and predicate, shared by every sub-plan that holds it. Relations x and z hit the
 * same join slot, so the sub-plan with both edges holds join 1 twice.
 */
function chainQuery(rng: Rng): SubplanFeatures[] {
  const table = (index: number): TableElement => {
    const bitmap = Uint8Array.from({ length: SAMPLE_SIZE }, () => (rng.float() < 0.5 ? 1 : 0));
    return { index, bitmap, keptRows: bitmap.reduce((n, b) => n + b, 0), selectivity: rng.float(), logRows: rng.float() };
  };
  const predicate = (column: number, op: number): PredicateElement => ({ columns: [column], op, value: rng.float(), selectivity: rng.float() });
  const [x, y, z] = [table(0), table(1), table(2)];
  const px = [predicate(0, 2), predicate(1, 5)];
  const pz = [predicate(3, 0)];
  return [
    { tables: [x], joins: [], predicates: px },
    { tables: [y], joins: [], predicates: [] },
    { tables: [z], joins: [], predicates: pz },
    { tables: [x, y], joins: [1], predicates: px },
    { tables: [y, z], joins: [1], predicates: pz },
    { tables: [x, y, z], joins: [1, 1, -1], predicates: [...px, ...pz] },
  ];
}

/** The layout with one row per membership (each sub-plan's elements written out in turn), as a reference. */
function expanded(set: RaggedSet): RaggedSet {
  const { width } = set;
  const elements = new Float32Array(set.owner.length * width);
  set.owner.forEach((_, m) => {
    const row = set.element?.[m] ?? m;
    elements.set(set.elements.subarray(row * width, (row + 1) * width), m * width);
  });
  return { elements, owner: set.owner, rows: set.owner.length, width, batch: set.batch };
}

describe('mscn feature batch', () => {
  let rt: TfRuntime;
  before(async () => {
    rt = await loadTfRuntime();
  });

  it('packs each shared element once, with one membership per sub-plan element', () => {
    const features = chainQuery(new Rng(1));
    const batch = packBatch(features, DIMS, VOCABULARY);
    assert.equal(batch.tables.rows, 3);
    assert.deepEqual([...batch.tables.owner], [0, 1, 2, 3, 3, 4, 4, 5, 5, 5]);
    assert.deepEqual([...batch.tables.element!], [0, 1, 2, 0, 1, 1, 2, 0, 1, 2]);
    // "no join" once, slot 1 once (held twice by the last sub-plan), the unseen slot once.
    assert.equal(batch.joins.rows, 3);
    assert.deepEqual([...batch.joins.owner], [0, 1, 2, 3, 4, 5, 5, 5]);
    assert.deepEqual([...batch.joins.element!], [0, 0, 0, 1, 1, 1, 1, 2]);
    // Three predicates and "no predicate".
    assert.equal(batch.predicates.rows, 4);
    // Elements are told apart by identity: equal copies get rows of their own.
    const copies = features.map((f) => ({ ...f, tables: f.tables.map((t) => ({ ...t })) }));
    assert.equal(packBatch(copies, DIMS, VOCABULARY).tables.rows, 10);
  });

  it('estimates and gradients are those of one row per sub-plan element', () => {
    const { tf } = rt;
    const network = createMscnNetwork(rt, DIMS, 8, 5);
    try {
      const features = chainQuery(new Rng(2));
      const shared = packBatch(features, DIMS, VOCABULARY);
      const separate = { tables: expanded(shared.tables), joins: expanded(shared.joins), predicates: expanded(shared.predicates), summary: shared.summary };
      assert.equal(separate.joins.rows, 8);
      const loss = (batch: typeof shared) => (): tfType.Scalar => tf.tidy(() => tf.sum(tf.square(network.predict(batch))));
      const a = tf.variableGrads(loss(shared), [...network.variables]);
      const b = tf.variableGrads(loss(separate), [...network.variables]);
      const close = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => Array.from(x).every((v, i) => Math.abs(v - y[i]!) <= 1e-6 * Math.max(1, Math.abs(v)));
      const estimates = [network.predict(shared), network.predict(separate)];
      assert.ok(close(estimates[0]!.dataSync(), estimates[1]!.dataSync()), 'estimates differ');
      assert.ok(close(a.value.dataSync(), b.value.dataSync()));
      for (const name of Object.keys(b.grads)) assert.ok(close(a.grads[name]!.dataSync(), b.grads[name]!.dataSync()), `gradient of ${name} differs`);
      tf.dispose([...estimates, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
    } finally {
      network.dispose();
    }
  });
});
