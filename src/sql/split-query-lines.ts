/** A workload file with one query per line: its non-blank lines, trimmed (line ends of any platform). */
export function splitQueryLines(text: string): string[] {
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
