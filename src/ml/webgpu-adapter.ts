/**
 * What pilot reads off a WebGPU adapter (GPUAdapterInfo): a label for reports, and whether it is
 * a software rasterizer that automatic backend choice must pass over.
 */

/** The GPUAdapterInfo fields pilot reads (Dawn's `webgpu` package and browsers fill them). */
export interface WebGpuAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  /** Set for a CPU implementation (Mesa's llvmpipe/lavapipe, SwiftShader). */
  readonly isFallbackAdapter?: boolean;
}

/**
 * "nvidia: nvidia-h200 (NVIDIA: 580.159.04 580.159.4.0)": vendor and architecture, the device,
 * then the description (on Vulkan, Dawn puts the driver version there).
 */
export function webGpuAdapterLabel(info: WebGpuAdapterInfo | undefined): string {
  const present = (s: string | undefined): s is string => s !== undefined && s !== '';
  const head = [info?.vendor, info?.architecture].filter(present).join(' ');
  const name = [info?.device, present(info?.description) ? `(${info.description})` : undefined].filter(present).join(' ');
  return [head, name].filter(present).join(': ');
}

/**
 * Why the adapter is software, or undefined for a hardware one. Measured on Mesa's llvmpipe
 * (Vulkan lavapipe, through Dawn): MSCN trained 6-8x slower than on the wasm backend, so an
 * automatic choice must not take it (forcing `--backend webgpu` still may).
 */
export function softwareAdapterReason(info: WebGpuAdapterInfo | undefined): string | undefined {
  if (info === undefined) return undefined;
  const software = info.isFallbackAdapter === true || info.architecture === 'software' || /llvmpipe|lavapipe|swiftshader/i.test(`${info.description ?? ''} ${info.device ?? ''}`);
  return software ? `the only WebGPU adapter is a software renderer (${webGpuAdapterLabel(info)}), slower than wasm` : undefined;
}
