import assert from 'node:assert/strict';
import { BACKEND_NAMES, loadTfRuntime, type TfRuntime } from '../../../src/ml/index.js';
import { isPilotError } from '../../../src/errors/index.js';

describe('ml: TensorFlow.js backend choice', () => {
  let previous: string;
  before(async () => {
    const tf = (await loadTfRuntime({ backend: 'wasm' })).tf;
    previous = tf.getBackend();
  });
  // Other test files may run after this one in the same process: leave tfjs as we found it.
  after(async () => {
    const tf = (await loadTfRuntime({ backend: 'wasm' })).tf;
    await tf.setBackend(previous);
  });

  it('picks wasm when no better backend is installed, and says why each better one was skipped', async () => {
    const rt = await loadTfRuntime();
    assert.equal(rt.backend, 'wasm');
    assert.equal(rt.tf.getBackend(), 'wasm');
    assert.match(rt.detail, /^wasm, (no )?SIMD, \d+ threads?$/);
    assert.deepEqual(rt.skipped.map((s) => s.backend), ['tfjs-node-gpu', 'tfjs-node', 'webgpu']);
    assert.match(rt.skipped[0]?.reason ?? '', /^not installed \(@tensorflow\/tfjs-node-gpu\)$/);
    assert.match(rt.skipped[1]?.reason ?? '', /^not installed \(@tensorflow\/tfjs-node\)$/);
    assert.match(rt.skipped[2]?.reason ?? '', /not installed|no WebGPU adapter/);
  });

  it('gives the same backend on a second call, quickly', async () => {
    const first = await loadTfRuntime();
    const started = performance.now();
    const second = await loadTfRuntime();
    assert.equal(second.backend, first.backend);
    assert.equal(second.tf, first.tf);
    // Generous bound: the first call initializes wasm (~1 s); a repeat only re-selects it.
    assert.ok(performance.now() - started < 500, `second call took ${performance.now() - started} ms`);
  });

  it('uses exactly the forced backend: cpu computes like wasm', async () => {
    const cpu: TfRuntime = await loadTfRuntime({ backend: 'cpu' });
    assert.equal(cpu.backend, 'cpu');
    assert.equal(cpu.tf.getBackend(), 'cpu');
    assert.deepEqual(cpu.skipped, []);
    const onCpu = cpu.tf.tidy(() => Array.from(cpu.tf.matMul(cpu.tf.tensor2d([1, 2, 3, 4], [2, 2]), cpu.tf.tensor2d([5, 6, 7, 8], [2, 2])).dataSync()));
    const wasm = await loadTfRuntime({ backend: 'wasm' });
    assert.equal(wasm.tf.getBackend(), 'wasm');
    const onWasm = wasm.tf.tidy(() => Array.from(wasm.tf.matMul(wasm.tf.tensor2d([1, 2, 3, 4], [2, 2]), wasm.tf.tensor2d([5, 6, 7, 8], [2, 2])).dataSync()));
    assert.deepEqual(onCpu, [19, 22, 43, 50]);
    assert.deepEqual(onWasm, onCpu);
  });

  for (const backend of ['tfjs-node', 'tfjs-node-gpu'] as const) {
    it(`throws ML_BACKEND_UNAVAILABLE naming the package when ${backend} is forced but not installed`, async () => {
      await assert.rejects(loadTfRuntime({ backend }), (e: unknown) => {
        assert.ok(isPilotError(e));
        assert.equal(e.code, 'ML_BACKEND_UNAVAILABLE');
        assert.match(e.message, new RegExp(`'${backend}' is unavailable: not installed`));
        assert.match(e.hint ?? '', new RegExp(`npm install @tensorflow/${backend}`));
        return true;
      });
    });
  }

  it('rejects a backend name it does not know', async () => {
    await assert.rejects(loadTfRuntime({ backend: 'webgl' as (typeof BACKEND_NAMES)[number] }), (e: unknown) => isPilotError(e) && e.code === 'ML_BACKEND_UNKNOWN');
  });
});
