/** SQL NULL inside an Int32Array column (no generated value is this small). */
export const NULL_INT = -2147483648;

/** Rows per chunk: large enough to amortize COPY writes, small enough to stream any scale. */
export const CHUNK_ROWS = 16_384;

/** A block of generated rows, column-major; every column has at least `rows` entries. */
export interface RowChunk {
  readonly rows: number;
  readonly columns: readonly Int32Array[];
}

/** Fills fixed-size chunks row by row; `take()` hands a chunk over and starts a fresh one. */
export class ChunkBuilder {
  private columns: Int32Array[];
  private count = 0;

  constructor(
    private readonly width: number,
    private readonly capacity = CHUNK_ROWS,
  ) {
    this.columns = this.fresh();
  }

  get rows(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  /** Grows past the capacity when a parent emits many rows at once; `full` then says to yield. */
  push(...values: number[]): void {
    if (this.count === (this.columns[0] as Int32Array).length) this.grow();
    for (let c = 0; c < this.width; c++) (this.columns[c] as Int32Array)[this.count] = values[c] as number;
    this.count++;
  }

  take(): RowChunk {
    const chunk: RowChunk = { rows: this.count, columns: this.columns };
    this.columns = this.fresh();
    this.count = 0;
    return chunk;
  }

  private grow(): void {
    this.columns = this.columns.map((old) => {
      const bigger = new Int32Array(old.length * 2);
      bigger.set(old);
      return bigger;
    });
  }

  private fresh(): Int32Array[] {
    return Array.from({ length: this.width }, () => new Int32Array(this.capacity));
  }
}

/** The rows of a chunk in PostgreSQL's COPY text format (tab-separated, \N for NULL). */
export function encodeChunk(chunk: RowChunk): string {
  const { rows, columns } = chunk;
  const width = columns.length;
  const lines = new Array<string>(rows);
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < width; c++) {
      const v = (columns[c] as Int32Array)[r] as number;
      line += (c === 0 ? '' : '\t') + (v === NULL_INT ? '\\N' : String(v));
    }
    lines[r] = line;
  }
  return rows === 0 ? '' : `${lines.join('\n')}\n`;
}
