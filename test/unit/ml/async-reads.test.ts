/**
 * loadTfRuntime takes webgpu whenever it has a hardware adapter, which is only safe while pilot
 * never reads a tensor synchronously: tfjs-backend-webgpu's dataSync/arraySync/bufferSync throw
 * in Node. Unit tests may read synchronously (they force wasm); shipped code and benches may not.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCANNED = ['src', 'algorithms', 'bench'] as const;
const SYNC_READ = /\.(dataSync|arraySync|bufferSync)\s*\(/g;

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line: text` of every synchronous tensor read in `source`. */
function syncReadsIn(file: string, source: string): string[] {
  return source.split('\n').flatMap((line, i) => (line.match(SYNC_READ) === null ? [] : [`${file}:${i + 1}: ${line.trim()}`]));
}

describe('ml: tensors are read asynchronously outside tests', () => {
  it('finds a synchronous read when there is one (the scan itself works)', () => {
    assert.deepEqual(syncReadsIn('x.ts', 'const a = 1;\n  return t.dataSync();\nt.arraySync ()'), ['x.ts:2: return t.dataSync();', 'x.ts:3: t.arraySync ()']);
    assert.deepEqual(syncReadsIn('x.ts', '// `data()`, not `dataSync()`: webgpu\nawait t.data();'), []);
  });

  it(`has no dataSync/arraySync/bufferSync call in ${SCANNED.join('/, ')}/`, () => {
    const files = SCANNED.flatMap((dir) => typeScriptFiles(join(ROOT, dir)));
    assert.ok(files.length > 50, `only ${files.length} files scanned`);
    const found = files.flatMap((f) => syncReadsIn(relative(ROOT, f), readFileSync(f, 'utf8')));
    assert.deepEqual(found, [], 'read with `await tensor.data()` instead: webgpu cannot read synchronously in Node');
  });
});
