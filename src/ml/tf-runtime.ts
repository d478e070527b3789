/**
 * Chooses the TensorFlow.js backend at run time: the fastest one that is installed and starts
 * (a WebGPU adapter that is a software renderer counts as not starting, unless forced).
 *
 * Optional backends (tfjs-node, tfjs-node-gpu, webgpu) are imported with computed specifiers so
 * that neither TypeScript nor Node needs them unless they are there. tfjs keeps its backend
 * registry process-wide; we read and set it but keep no state of our own, so calling
 * `loadTfRuntime` again only re-selects the already initialized backend.
 *
 * Every backend here qualifies for training and prediction because pilot reads tensors only
 * asynchronously (`data()`): tfjs-backend-webgpu cannot `dataSync()` in Node (its readSync draws
 * through an OffscreenCanvas). Code that reads synchronously (some unit tests) forces wasm or cpu.
 */
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { PilotError } from '../errors/index.js';
import { softwareAdapterReason, webGpuAdapterLabel, type WebGpuAdapterInfo } from './webgpu-adapter.js';

export const BACKEND_NAMES = ['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export type Tf = typeof import('@tensorflow/tfjs');

export interface SkippedBackend {
  readonly backend: BackendName;
  readonly reason: string;
}

export interface TfRuntime {
  readonly tf: Tf;
  readonly backend: BackendName;
  /** Human-readable description, e.g. "wasm, SIMD, 1 thread". */
  readonly detail: string;
  /** Backends tried before the chosen one and why each was passed over (empty when forced). */
  readonly skipped: readonly SkippedBackend[];
}

export interface LoadTfRuntimeOptions {
  /** Use exactly this backend, or throw ML_BACKEND_UNAVAILABLE. */
  readonly backend?: BackendName;
}

/** How a backend is asked for. */
interface ProbeRequest {
  /** The user asked for exactly this backend: a slow but working one is still taken. */
  readonly forced: boolean;
}

/** Why a backend could not be used; `reason` is shown to the user. */
class BackendUnusable extends Error {
  constructor(readonly reason: string, readonly install: string | undefined) {
    super(reason);
  }
}

interface BackendProbe {
  /** The package that provides it (undefined: built into @tensorflow/tfjs). */
  readonly packageName: string | undefined;
  /** Makes the backend registered with tfjs, and returns the name tfjs knows it by. */
  register(tf: Tf, request: ProbeRequest): Promise<string>;
  /** Called once the backend is active. */
  describe(tf: Tf): Promise<string>;
}

const require = createRequire(import.meta.url);

/** Imports an optional package; "not installed" is told apart from a package that fails to load. */
async function importOptional(specifier: string): Promise<Record<string, unknown>> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${specifier}'`)) {
      throw new BackendUnusable(`not installed (${specifier})`, `npm install ${specifier}`);
    }
    throw new BackendUnusable(`${specifier} failed to load: ${message.split('\n')[0] ?? ''}`, undefined);
  }
}

/** Throws "not installed" when Node cannot resolve the package (without loading it). */
function assertInstalled(packageName: string): void {
  try {
    require.resolve(packageName);
  } catch (error) {
    // Other failures (an ESM-only package's exports, say) mean it is there: the import will tell.
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') throw new BackendUnusable(`not installed (${packageName})`, `npm install ${packageName}`);
  }
}

function libtensorflowProbe(packageName: string): BackendProbe {
  return {
    packageName,
    async register() {
      await importOptional(packageName);
      return 'tensorflow';
    },
    async describe(tf) {
      const version = (tf.version as Record<string, string | undefined>)['tfjs-node'];
      return `${packageName}${version === undefined ? '' : ` ${version}`}, libtensorflow`;
    },
  };
}

/** WebGPU in Node needs an adapter: a global `navigator.gpu`, or Dawn bindings from the optional `webgpu` package. */
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<{ info?: WebGpuAdapterInfo } | null>;
}

/** The adapter tfjs-backend-webgpu will ask for (it requests high-performance unless WEBGPU_USE_LOW_POWER_GPU). */
const ADAPTER_OPTIONS = { powerPreference: 'high-performance' } as const;

async function webGpuProvider(): Promise<GpuLike> {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  if (nav?.gpu !== undefined) return nav.gpu;
  let dawn: Record<string, unknown>;
  try {
    dawn = await importOptional('webgpu');
  } catch (error) {
    if (error instanceof BackendUnusable && error.reason.startsWith('not installed')) {
      throw new BackendUnusable('no WebGPU adapter (no navigator.gpu, and the `webgpu` package with Dawn bindings is not installed)', 'npm install webgpu');
    }
    throw error;
  }
  const create = dawn['create'] as ((flags: string[]) => GpuLike) | undefined;
  const globals = dawn['globals'] as Record<string, unknown> | undefined;
  if (typeof create !== 'function') throw new BackendUnusable('the `webgpu` package has no create() function', undefined);
  // tfjs-backend-webgpu reads the WebGPU constants (GPUBufferUsage, ...) and navigator.gpu from the global scope.
  if (globals !== undefined) {
    for (const [key, value] of Object.entries(globals)) {
      if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
    }
  }
  const gpu = create([]);
  if (nav === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
  }
  return gpu;
}

const webGpuProbe: BackendProbe = {
  packageName: '@tensorflow/tfjs-backend-webgpu',
  async register(_tf, { forced }) {
    // The package first (an adapter is of no use without it), but imported only once an adapter
    // exists: it registers its backend at import time only if navigator.gpu is there.
    assertInstalled('@tensorflow/tfjs-backend-webgpu');
    const gpu = await webGpuProvider();
    const adapter = await gpu.requestAdapter(ADAPTER_OPTIONS);
    if (adapter === null) throw new BackendUnusable('no WebGPU adapter (navigator.gpu.requestAdapter() returned null; on Linux, Dawn needs libvulkan.so.1 and a Vulkan driver)', undefined);
    const software = softwareAdapterReason(adapter.info);
    if (software !== undefined && !forced) throw new BackendUnusable(software, undefined);
    await importOptional('@tensorflow/tfjs-backend-webgpu');
    return 'webgpu';
  },
  async describe() {
    const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
    const label = webGpuAdapterLabel((await gpu?.requestAdapter(ADAPTER_OPTIONS))?.info);
    return label === '' ? 'webgpu' : `webgpu, ${label}`;
  },
};

const wasmProbe: BackendProbe = {
  packageName: '@tensorflow/tfjs-backend-wasm',
  async register(tf) {
    const wasm = await importOptional('@tensorflow/tfjs-backend-wasm');
    // Point at the package's own .wasm binaries, wherever this module was loaded from (bundles,
    // tsx, compiled dist/); only possible before the backend is first initialized.
    if (!tf.engine().registry['wasm']) {
      const setWasmPaths = wasm['setWasmPaths'] as (prefix: string) => void;
      setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    }
    return 'wasm';
  },
  async describe(tf) {
    const wasm = await importOptional('@tensorflow/tfjs-backend-wasm');
    const threads = (wasm['getThreadsCount'] as () => number)();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return `wasm, ${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`;
  },
};

const cpuProbe: BackendProbe = {
  packageName: undefined,
  async register() {
    return 'cpu';
  },
  async describe() {
    return 'cpu, plain JavaScript';
  },
};

const PROBES: Readonly<Record<BackendName, BackendProbe>> = {
  'tfjs-node-gpu': libtensorflowProbe('@tensorflow/tfjs-node-gpu'),
  'tfjs-node': libtensorflowProbe('@tensorflow/tfjs-node'),
  webgpu: webGpuProbe,
  wasm: wasmProbe,
  cpu: cpuProbe,
};

/** Registers, initializes and activates one backend, or throws BackendUnusable. */
async function activate(tf: Tf, backend: BackendName, request: ProbeRequest): Promise<string> {
  const probe = PROBES[backend];
  let tfName: string;
  try {
    tfName = await probe.register(tf, request);
  } catch (error) {
    if (error instanceof BackendUnusable) throw error;
    throw new BackendUnusable(`init error: ${error instanceof Error ? error.message : String(error)}`, undefined);
  }
  if (tf.findBackendFactory(tfName) === null) {
    throw new BackendUnusable(`init error: ${probe.packageName ?? '@tensorflow/tfjs'} loaded but registered no '${tfName}' backend`, undefined);
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfName);
    await tf.ready();
  } catch (error) {
    throw new BackendUnusable(`init error: ${error instanceof Error ? error.message : String(error)}`, undefined);
  }
  if (!ok) throw new BackendUnusable(`init error: tfjs could not initialize the '${tfName}' backend (its warning above says why)`, undefined);
  return probe.describe(tf);
}

/**
 * Loads TensorFlow.js on the best available backend (in BACKEND_NAMES order), or on exactly
 * `options.backend`. Each passed-over backend is listed in `skipped` with its reason.
 */
export async function loadTfRuntime(options: LoadTfRuntimeOptions = {}): Promise<TfRuntime> {
  const tf = (await import('@tensorflow/tfjs')) as unknown as Tf;
  if (options.backend !== undefined) {
    const backend = options.backend;
    if (!(BACKEND_NAMES as readonly string[]).includes(backend)) {
      throw new PilotError('ML_BACKEND_UNKNOWN', `unknown TensorFlow.js backend '${String(backend)}'`, {
        context: { backend },
        hint: `choose one of ${BACKEND_NAMES.join(', ')}`,
      });
    }
    try {
      return Object.freeze({ tf, backend, detail: await activate(tf, backend, { forced: true }), skipped: Object.freeze([]) });
    } catch (error) {
      if (!(error instanceof BackendUnusable)) throw error;
      throw new PilotError('ML_BACKEND_UNAVAILABLE', `the TensorFlow.js backend '${backend}' is unavailable: ${error.reason}`, {
        context: { backend, reason: error.reason },
        hint: error.install !== undefined ? `run \`${error.install}\`, or leave the backend unset to use the best one available` : 'leave the backend unset to use the best one available',
      });
    }
  }
  const skipped: SkippedBackend[] = [];
  for (const backend of BACKEND_NAMES) {
    try {
      const detail = await activate(tf, backend, { forced: false });
      return Object.freeze({ tf, backend, detail, skipped: Object.freeze(skipped) });
    } catch (error) {
      if (!(error instanceof BackendUnusable)) throw error;
      skipped.push(Object.freeze({ backend, reason: error.reason }));
    }
  }
  throw new PilotError('ML_BACKEND_UNAVAILABLE', `no TensorFlow.js backend could be initialized: ${skipped.map((s) => `${s.backend} (${s.reason})`).join('; ')}`, {
    context: { skipped },
  });
}
