/** Where a dataset command writes: results to `out` (stdout), progress and warnings to `err` (stderr). */
export interface DatasetIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: DatasetIo = Object.freeze({
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
});

/** A progress logger that prints `pilot dataset: message` lines unless quiet. */
export function progressLog(io: DatasetIo, quiet: boolean | undefined): (message: string) => void {
  return quiet ? () => {} : (message) => io.err(`pilot dataset: ${message}\n`);
}
