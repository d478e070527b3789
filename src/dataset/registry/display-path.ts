import { isAbsolute, relative } from 'node:path';

/** A path as the user would type it: relative to the working directory when under it. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
