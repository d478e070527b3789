import assert from 'node:assert/strict';
import { softwareAdapterReason, webGpuAdapterLabel } from '../../../src/ml/webgpu-adapter.js';

// GPUAdapterInfo as Dawn's `webgpu` package reported it: Mesa's llvmpipe (Vulkan lavapipe) here.
const LLVMPIPE = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
  isFallbackAdapter: true,
};
// What it reported on an NVIDIA H200 (Vulkan): the driver version as the description.
const NVIDIA = { vendor: 'nvidia', architecture: '', device: 'nvidia-h200', description: 'NVIDIA: 580.159.04 580.159.4.0', isFallbackAdapter: false };

describe('ml: WebGPU adapter info', () => {
  it('labels an adapter by vendor, architecture, device and description, leaving out empty fields', () => {
    assert.equal(webGpuAdapterLabel(NVIDIA), 'nvidia: nvidia-h200 (NVIDIA: 580.159.04 580.159.4.0)');
    assert.equal(webGpuAdapterLabel(LLVMPIPE), 'mesa software: llvmpipe-llvm-15-0-6-256-bits- (llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1)');
    assert.equal(webGpuAdapterLabel({ vendor: 'apple', architecture: '', device: 'M2' }), 'apple: M2');
    assert.equal(webGpuAdapterLabel({}), '');
    assert.equal(webGpuAdapterLabel(undefined), '');
  });

  it('calls a fallback or llvmpipe/SwiftShader adapter software, and a GPU not', () => {
    assert.match(softwareAdapterReason(LLVMPIPE) ?? '', /software renderer \(mesa software: llvmpipe-llvm-15-0-6-256-bits- \(llvmpipe: Mesa 25\.0\.7/);
    // Each sign alone is enough: older Dawn builds leave isFallbackAdapter unset.
    assert.ok(softwareAdapterReason({ isFallbackAdapter: true }) !== undefined);
    assert.ok(softwareAdapterReason({ vendor: 'google', description: 'SwiftShader Device (Subzero)' }) !== undefined);
    assert.ok(softwareAdapterReason({ vendor: 'mesa', device: 'lavapipe' }) !== undefined);
    assert.equal(softwareAdapterReason(NVIDIA), undefined);
    assert.equal(softwareAdapterReason(undefined), undefined);
  });
});
