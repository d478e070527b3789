/**
 * Orders rotated log files oldest first: for one base name, `postgresql.log.3.gz`,
 * `postgresql.log.2`, `postgresql.log.1`, `postgresql.log` (logrotate numbering: higher is
 * older, no number is the current file). Different base names sort naturally, which puts
 * PostgreSQL's own time-stamped names (`postgresql-2024-05-01_000000.log`) in time order.
 */

const ROTATION = /^(.*?)(?:\.(\d+))?(?:\.gz)?$/;
const natural = new Intl.Collator('en', { numeric: true }).compare;

export function sortRotatedLogFiles(files: readonly string[]): string[] {
  const keyed = files.map((file) => {
    const m = ROTATION.exec(file)!;
    return { file, base: m[1]!, index: m[2] === undefined ? 0 : Number(m[2]) };
  });
  keyed.sort((a, b) => natural(a.base, b.base) || b.index - a.index || natural(a.file, b.file));
  return keyed.map((k) => k.file);
}
