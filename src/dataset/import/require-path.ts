import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatasetError } from '../dataset-error.js';
import { displayPath } from '../registry/display-path.js';

/** The absolute path of an input that must exist (as a file or a directory, when said); IMPORT_FILE_MISSING otherwise. */
export function requirePath(path: string, what: string, kind?: 'file' | 'directory'): string {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new DatasetError('IMPORT_FILE_MISSING', `${what} ${displayPath(absolute)} does not exist`, { context: { file: absolute } });
  }
  const isDir = statSync(absolute).isDirectory();
  if (kind === 'file' && isDir) throw new DatasetError('IMPORT_BAD_INPUT', `${what} ${displayPath(absolute)} is a directory, not a file`, { context: { file: absolute } });
  if (kind === 'directory' && !isDir) throw new DatasetError('IMPORT_BAD_INPUT', `${what} ${displayPath(absolute)} is a file, not a directory`, { context: { file: absolute } });
  return absolute;
}
