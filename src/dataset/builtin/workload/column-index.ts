import { NULL_INT } from '../row-chunk.js';

/**
 * Rows grouped by the value of an integer key column (a foreign key): `rowsWith(k)` lists the
 * rows whose column equals k, in row order. Compressed sparse rows: two Int32Arrays.
 */
export class ColumnIndex {
  private readonly offsets: Int32Array;
  private readonly rows: Int32Array;

  constructor(column: Int32Array) {
    let max = 0;
    for (const v of column) if (v !== NULL_INT && v > max) max = v;
    this.offsets = new Int32Array(max + 2);
    for (const v of column) if (v !== NULL_INT && v >= 0) this.offsets[v + 1]!++;
    for (let k = 1; k < this.offsets.length; k++) this.offsets[k]! += this.offsets[k - 1]!;
    const fill = this.offsets.slice(0, max + 1);
    this.rows = new Int32Array(this.offsets[max + 1]!);
    column.forEach((v, r) => {
      if (v !== NULL_INT && v >= 0) this.rows[fill[v]!++] = r;
    });
  }

  rowsWith(key: number): Int32Array {
    if (key < 0 || key + 1 >= this.offsets.length) return new Int32Array(0);
    return this.rows.subarray(this.offsets[key]!, this.offsets[key + 1]!);
  }
}
