/**
 * tfjs requires every live variable's name to be unique in the process, yet two models of the same
 * kind (a trained one and one being loaded, say) need the same weight names in their files. So a
 * layer registers `<name>/weight`, or `<name>/weight#2`, `#3`... while that name is taken, and
 * files are keyed by the name without the `#n` suffix.
 */
import type * as tfType from '@tensorflow/tfjs';
import { PilotError } from '../errors/index.js';
import type { Tf } from './tf-runtime.js';

const INSTANCE_SUFFIX = /#\d+$/;

/** `base`, or `base#n` with the smallest n ≥ 2 that no live variable uses. */
export function uniqueVariableName(tf: Tf, base: string): string {
  const taken = tf.engine().registeredVariables;
  if (taken[base] === undefined) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}#${n}`;
    if (taken[candidate] === undefined) return candidate;
  }
}

/** The name a variable is saved under: its tfjs name without the instance suffix. */
export function weightName(variable: tfType.Variable): string {
  return variable.name.replace(INSTANCE_SUFFIX, '');
}

/** Variables keyed by weightName, for saveWeights and loadWeightsInto. */
export function namedVariables(variables: readonly tfType.Variable[]): Readonly<Record<string, tfType.Variable>> {
  const named: Record<string, tfType.Variable> = {};
  for (const v of variables) {
    const name = weightName(v);
    if (named[name] !== undefined) {
      throw new PilotError('ML_DUPLICATE_WEIGHT_NAME', `two variables are both named '${name}': give each layer its own name`, { context: { name } });
    }
    named[name] = v;
  }
  return named;
}
