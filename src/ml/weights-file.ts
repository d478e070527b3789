/**
 * Model weights on disk, independent of tfjs's IO handlers (whose file:// one needs tfjs-node):
 * `weights.json` lists each variable (name, shape, dtype, byte offset and length) and
 * `weights.bin` holds the values as little-endian float32, one variable after another.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { PilotError } from '../errors/index.js';
import type { TfRuntime } from './tf-runtime.js';

export const WEIGHTS_MANIFEST_FILE = 'weights.json';
export const WEIGHTS_DATA_FILE = 'weights.bin';
const FORMAT = 'pilot-weights';
const VERSION = 1;

export interface WeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  /** Byte offset in weights.bin. */
  readonly offset: number;
  readonly byteLength: number;
}

export interface WeightsManifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly byteLength: number;
  readonly weights: readonly WeightEntry[];
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** Writes every variable (sorted by name, so the files are stable) into `dir`, created if missing. */
export async function saveWeights(dir: string, variables: Readonly<Record<string, tfType.Variable>>): Promise<WeightsManifest> {
  const names = Object.keys(variables).sort();
  const weights: WeightEntry[] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  for (const name of names) {
    const v = variables[name] as tfType.Variable;
    if (v.dtype !== 'float32') {
      throw new PilotError('ML_WEIGHTS_DTYPE', `cannot save variable '${name}': its dtype is ${v.dtype}, only float32 is stored`, { context: { name, dtype: v.dtype } });
    }
    const values = (await v.data()) as Float32Array;
    weights.push({ name, shape: [...v.shape], dtype: 'float32', offset, byteLength: values.length * 4 });
    chunks.push(values);
    offset += values.length * 4;
  }
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const chunk of chunks) {
    for (const x of chunk) {
      view.setFloat32(at, x, true);
      at += 4;
    }
  }
  const manifest: WeightsManifest = { format: FORMAT, version: VERSION, byteLength: offset, weights };
  await mkdir(dir, { recursive: true });
  // Data first, manifest last, each through a rename: a crash never leaves a manifest that
  // describes a different weights.bin.
  await writeAtomically(join(dir, WEIGHTS_DATA_FILE), bytes);
  await writeAtomically(join(dir, WEIGHTS_MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

function missing(path: string, why: string, cause?: unknown): PilotError {
  return new PilotError('ML_WEIGHTS_MISSING', `model weights ${path} ${why}`, {
    context: { file: path },
    hint: 'train the model again, or point at the directory that `save` wrote',
    ...(cause === undefined ? {} : { cause }),
  });
}

function checkManifest(json: unknown, path: string): WeightsManifest {
  const m = json as Partial<WeightsManifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== FORMAT || m.version !== VERSION || !Array.isArray(m.weights) || !Number.isInteger(m.byteLength)) {
    throw missing(path, `is not a ${FORMAT} v${VERSION} manifest`);
  }
  let expectedOffset = 0;
  for (const [i, w] of m.weights.entries()) {
    const ok =
      typeof w === 'object' && w !== null && typeof w.name === 'string' && w.dtype === 'float32' && Array.isArray(w.shape) &&
      w.shape.every((d: unknown) => Number.isInteger(d) && (d as number) >= 0) && w.offset === expectedOffset && w.byteLength === sizeOf(w.shape) * 4;
    if (!ok) throw missing(path, `is corrupt: entry ${i} (${JSON.stringify(w)}) is not a float32 weight at byte ${expectedOffset}`);
    expectedOffset += w.byteLength;
  }
  if (expectedOffset !== m.byteLength) throw missing(path, `is corrupt: its entries cover ${expectedOffset} bytes, not byteLength ${m.byteLength}`);
  return m as WeightsManifest;
}

/**
 * Reads `dir`'s weights into the given existing variables. Everything is checked before any
 * variable changes: ML_WEIGHTS_MISSING when a file is absent or corrupt, ML_WEIGHTS_MISMATCH
 * when a variable has no saved weight, a shape differs, or the file has weights no variable takes.
 */
export async function loadWeightsInto(rt: TfRuntime, dir: string, variables: Readonly<Record<string, tfType.Variable>>): Promise<void> {
  const { tf } = rt;
  const manifestPath = join(dir, WEIGHTS_MANIFEST_FILE);
  const dataPath = join(dir, WEIGHTS_DATA_FILE);
  let manifestText: string;
  let data: Buffer;
  try {
    manifestText = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw missing(manifestPath, 'cannot be read', error);
  }
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch (error) {
    throw missing(manifestPath, 'is not valid JSON', error);
  }
  const manifest = checkManifest(json, manifestPath);
  try {
    data = await readFile(dataPath);
  } catch (error) {
    throw missing(dataPath, 'cannot be read', error);
  }
  if (data.length !== manifest.byteLength) throw missing(dataPath, `has ${data.length} bytes, but ${manifestPath} describes ${manifest.byteLength}`);

  const saved = new Map(manifest.weights.map((w) => [w.name, w]));
  const mismatch = (message: string, context: Record<string, unknown>): PilotError =>
    new PilotError('ML_WEIGHTS_MISMATCH', `${message} (in ${manifestPath})`, {
      context: { file: manifestPath, ...context },
      hint: 'the saved model was built with different parameters or schema: load it with those, or train again',
    });
  for (const [name, v] of Object.entries(variables)) {
    const w = saved.get(name);
    if (w === undefined) throw mismatch(`variable '${name}' ${shapeText(v.shape)} has no saved weight`, { name, expected: v.shape });
    if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
      throw mismatch(`variable '${name}' has shape ${shapeText(v.shape)} but the saved weight has ${shapeText(w.shape)}`, { name, expected: v.shape, saved: w.shape });
    }
  }
  const unused = manifest.weights.filter((w) => variables[w.name] === undefined).map((w) => w.name);
  if (unused.length > 0) throw mismatch(`saved weights ${unused.map((n) => `'${n}'`).join(', ')} match no variable of the model`, { unused });

  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (const [name, v] of Object.entries(variables)) {
    const w = saved.get(name) as WeightEntry;
    const values = new Float32Array(w.byteLength / 4);
    for (let i = 0; i < values.length; i += 1) values[i] = view.getFloat32(w.offset + 4 * i, true);
    tf.tidy(() => v.assign(tf.tensor(values, [...w.shape], 'float32')));
  }
}
