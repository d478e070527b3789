import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory holding pilot's package.json, found by walking up from this module, so the same
 * code finds `datasets/` and the manifest schema when run from src/ (tsx) and from dist/src/.
 */
export function projectRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && readPackageName(pkg) === 'pilot') return dir;
    if (dir === dirname(dir)) throw new Error(`pilot's package.json not found above ${from}`);
  }
}

function readPackageName(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/** The JSON Schema of dataset.json, inside the source tree (also shipped next to dist/). */
export function manifestSchemaPath(root: string = projectRoot()): string {
  return join(root, 'src', 'dataset', 'registry', 'dataset.schema.json');
}

/** Built-in datasets shipped with the code: `<project>/datasets/<name>/dataset.json`. */
export function builtinDatasetsDir(root: string = projectRoot()): string {
  return join(root, 'datasets');
}
