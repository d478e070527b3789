/**
 * Turns text-format EXPLAIN output into logical lines with their indentation.
 *
 * Accepts what node-postgres returns (one row per plan line) and what people paste from psql:
 * the `QUERY PLAN` header, its dashes and the `(N rows)` footer are dropped, the one-space
 * margin psql adds is removed, blank lines are skipped. Two layouts seen in PG-Strom's manual
 * are joined back into one line: a trailing backslash continues on the next line, and a line
 * that starts with `(actual ...`, `(never executed)` or `(cost=...` continues the line above.
 */
export interface PlanLine {
  /** 1-based line number in the input (the first line of a joined line). */
  lineNo: number;
  /** Spaces before the text, after removing the common margin. */
  indent: number;
  /** The line without leading and trailing whitespace. */
  text: string;
}

const FIGURES_CONTINUATION_RE = /^\((?:actual |never executed\)|cost=)/;
const FOOTER_RE = /^\(\d+ rows?\)$/;
const DASHES_RE = /^-+$/;

export function toPlanLines(input: string | readonly string[]): PlanLine[] {
  const raw: { lineNo: number; line: string }[] = [];
  const chunks = typeof input === 'string' ? [input] : input;
  let lineNo = 0;
  for (const chunk of chunks) {
    for (const line of String(chunk).split(/\r?\n/)) {
      lineNo += 1;
      raw.push({ lineNo, line: line.replace(/\t/g, '    ') });
    }
  }

  const kept = stripPsqlDecoration(raw);
  const lines: PlanLine[] = [];
  let continuing: PlanLine | undefined;
  for (const { lineNo: n, line } of kept) {
    const text = line.trim();
    if (text === '') continue;
    const backslash = /\s*\\$/.exec(text);
    const body = backslash !== null ? text.slice(0, backslash.index) : text;
    const previous = continuing ?? lines[lines.length - 1];
    if (continuing !== undefined) {
      continuing.text += ` ${body}`;
    } else if (previous !== undefined && FIGURES_CONTINUATION_RE.test(body)) {
      previous.text += ` ${body}`;
    } else {
      lines.push({ lineNo: n, indent: line.length - line.trimStart().length, text: body });
    }
    continuing = backslash !== null ? (continuing ?? lines[lines.length - 1]) : undefined;
  }

  const margin = lines.reduce((min, l) => Math.min(min, l.indent), Number.POSITIVE_INFINITY);
  if (Number.isFinite(margin) && margin > 0) for (const l of lines) l.indent -= margin;
  return lines;
}

function stripPsqlDecoration(raw: { lineNo: number; line: string }[]): { lineNo: number; line: string }[] {
  let start = 0;
  let end = raw.length;
  const blank = (i: number): boolean => (raw[i]?.line.trim() ?? '') === '';
  while (start < end && blank(start)) start += 1;
  if (start < end && raw[start]?.line.trim() === 'QUERY PLAN') {
    start += 1;
    while (start < end && blank(start)) start += 1;
    if (start < end && DASHES_RE.test(raw[start]?.line.trim() ?? '')) start += 1;
  }
  while (end > start && blank(end - 1)) end -= 1;
  if (end > start && FOOTER_RE.test(raw[end - 1]?.line.trim() ?? '')) end -= 1;
  return raw.slice(start, end);
}
