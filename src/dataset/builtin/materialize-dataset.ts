import type { RowChunk } from './row-chunk.js';
import { BUILTIN_TABLE_NAMES, tableDef, type BuiltinTableName } from './schema.js';
import type { ScaleInput } from './scale.js';
import { tableChunks } from './table-chunks.js';
import { buildUniverse } from './universe.js';

export interface MaterializedTable {
  readonly name: BuiltinTableName;
  readonly rows: number;
  /** One Int32Array per column (NULL_INT for NULL), by column name. */
  readonly columns: Readonly<Record<string, Int32Array>>;
}

export type MaterializedDataset = Readonly<Record<BuiltinTableName, MaterializedTable>>;

/**
 * Every table as in-memory columns, 4 bytes a value: for the workload generator (which samples
 * constants from real rows and counts true results) and for tests. About 25 MB at the default
 * scale; loading into PostgreSQL streams instead and never needs this.
 */
export function materializeDataset(seed: number, scale: ScaleInput): MaterializedDataset {
  const universe = buildUniverse(seed, scale);
  const out = {} as Record<BuiltinTableName, MaterializedTable>;
  for (const name of BUILTIN_TABLE_NAMES) out[name] = collect(name, tableChunks(universe, name));
  return out;
}

function collect(name: BuiltinTableName, chunks: Iterable<RowChunk>): MaterializedTable {
  const parts: RowChunk[] = [];
  let rows = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    rows += chunk.rows;
  }
  const columns: Record<string, Int32Array> = {};
  tableDef(name).columns.forEach((col, c) => {
    const column = new Int32Array(rows);
    let at = 0;
    for (const part of parts) {
      column.set((part.columns[c] as Int32Array).subarray(0, part.rows), at);
      at += part.rows;
    }
    columns[col.name] = column;
  });
  return { name, rows, columns };
}
