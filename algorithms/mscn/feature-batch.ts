import type { FeatureDims } from './featurizer-state.js';
import type { SubplanFeatures } from './featurizer.js';

/** One padded set of a batch: `[batch, size, width]` elements and a `[batch, size, 1]` mask (1 = real element). */
export interface PaddedSet {
  readonly elements: Float32Array;
  readonly mask: Float32Array;
  readonly batch: number;
  readonly size: number;
  readonly width: number;
}

export interface FeatureBatch {
  readonly tables: PaddedSet;
  readonly joins: PaddedSet;
  readonly predicates: PaddedSet;
}

/**
 * Dense, padded arrays for a batch of sub-plans, each set padded to the largest in the batch.
 * A sub-plan with no join gets the "no join" element, one with no predicate the "no predicate"
 * element, so every set has at least one real element and masked mean pooling never divides by zero.
 */
export function packBatch(features: readonly SubplanFeatures[], dims: FeatureDims, vocabulary: { readonly tables: number; readonly columns: number }): FeatureBatch {
  const tables = pad(features, (f) => f.tables.length, dims.table, (f, i, out) => {
    const element = f.tables[i];
    if (element === undefined) return;
    if (element.index >= 0) out[element.index] = 1;
    const bitmap = element.bitmap;
    for (let b = 0; b < bitmap.length; b++) out[vocabulary.tables + b] = bitmap[b] as number;
  });
  const joins = pad(features, (f) => Math.max(1, f.joins.length), dims.join, (f, i, out) => {
    if (f.joins.length === 0) out[0] = 1;
    else {
      const index = f.joins[i] as number;
      if (index >= 0) out[1 + index] = 1;
    }
  });
  // Predicate layout: [no-predicate flag | columns | operators | value | selectivity].
  const opsAt = 1 + vocabulary.columns;
  const predicates = pad(features, (f) => Math.max(1, f.predicates.length), dims.predicate, (f, i, out) => {
    const p = f.predicates[i];
    if (p === undefined) {
      out[0] = 1;
      return;
    }
    for (const c of p.columns) out[1 + c] = 1;
    out[opsAt + p.op] = 1;
    out[dims.predicate - 2] = p.value;
    out[dims.predicate - 1] = p.selectivity;
  });
  return { tables, joins, predicates };
}

function pad(
  features: readonly SubplanFeatures[],
  count: (f: SubplanFeatures) => number,
  width: number,
  write: (f: SubplanFeatures, index: number, out: Float32Array) => void,
): PaddedSet {
  const batch = features.length;
  let size = 1;
  for (const f of features) size = Math.max(size, count(f));
  const elements = new Float32Array(batch * size * width);
  const mask = new Float32Array(batch * size);
  features.forEach((f, b) => {
    const n = count(f);
    for (let i = 0; i < n; i++) {
      write(f, i, elements.subarray((b * size + i) * width, (b * size + i + 1) * width));
      mask[b * size + i] = 1;
    }
  });
  return { elements, mask, batch, size, width };
}
