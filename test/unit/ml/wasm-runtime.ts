/** The runtime every ml unit test uses: real tfjs on the wasm backend (fast, and what CI has). */
import { loadTfRuntime, type TfRuntime } from '../../../src/ml/index.js';

export function wasmRuntime(): Promise<TfRuntime> {
  return loadTfRuntime({ backend: 'wasm' });
}

/** Asserts `run` leaves no tensor behind. */
export async function countLeaks(rt: TfRuntime, run: () => unknown): Promise<number> {
  const before = rt.tf.memory().numTensors;
  await run();
  return rt.tf.memory().numTensors - before;
}
