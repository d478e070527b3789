/**
 * Values by literal-blind template, found without scanning the statement: a statement is looked
 * up by its sketch (the text before the first character that may start a literal, found with
 * one native regex search), then checked against the few templates with that sketch by native
 * compares (matchesTemplate). A fresh statement of a known shape thus costs one short hash and
 * compares, instead of a scan, a built key and a hash of that key. The sketch only narrows the
 * search: a hit is always a full match, so a sketch that takes in a literal only costs misses.
 *
 * Bounded by characters and by templates per sketch (the oldest go first), so memory stays
 * flat on logs with endless distinct texts.
 */
import { detachString } from './detach-string.js';
import { matchesTemplate, type LiteralBlindTemplate } from './literal-blind-key.js';
import type { LiteralClass } from './sql-scanner.js';

export const DEFAULT_TEMPLATE_CHARS = 32 * 1024 * 1024;
export const DEFAULT_TEMPLATES_PER_SKETCH = 16;

/**
 * Where a literal may start: a quote, a dollar sign (dollar quotes, and `$n`, which ends the
 * sketch too), or a digit or `.digit` that no identifier character precedes. So a sketch stops
 * at a statement's first literal, or one character into it (the point of a `.5` right after an
 * identifier or `$1`), which statements of one template share all the same.
 */
const LITERAL_START = /['$]|(?<![A-Za-z0-9_$\u0080-\uffff])\.?[0-9]/;

/** The statement up to where its first literal may start. */
export function templateSketch(sql: string): string {
  const at = sql.search(LITERAL_START);
  return at < 0 ? sql : sql.slice(0, at);
}

interface Entry<V> {
  readonly sketch: string;
  readonly texts: readonly string[];
  readonly literals: readonly LiteralClass[];
  readonly firstTextIsSketch: boolean;
  readonly value: V;
  readonly chars: number;
}

export class LiteralTemplateCache<V> {
  private readonly bySketch = new Map<string, Entry<V>[]>();
  /** Every entry, oldest first (a Set keeps insertion order). */
  private readonly entries = new Set<Entry<V>>();
  private chars = 0;

  constructor(
    private readonly maxChars = DEFAULT_TEMPLATE_CHARS,
    private readonly maxPerSketch = DEFAULT_TEMPLATES_PER_SKETCH,
  ) {}

  get(sql: string): V | undefined {
    const list = this.bySketch.get(templateSketch(sql));
    if (list === undefined) return undefined;
    // In the order stored: a template of another shape fails at its first literal or its length,
    // which costs less than reordering (two forms of one shape, with literals and with `$n`,
    // share a sketch and would swap places on every other statement).
    // The map found the sketch equal: a first text that is the sketch needs no second compare.
    for (let i = 0; i < list.length; i += 1) {
      const entry = list[i]!;
      if (matchesTemplate(sql, entry, entry.firstTextIsSketch)) return entry.value;
    }
    return undefined;
  }

  /** Stores `value` for the template of `sql` (which get() did not find). Copies the texts: they may be slices of a read chunk. */
  set(sql: string, template: LiteralBlindTemplate, value: V): void {
    const sketch = detachString(templateSketch(sql));
    const texts = template.texts.map(detachString);
    const entry: Entry<V> = {
      sketch,
      texts,
      literals: template.literals,
      firstTextIsSketch: texts[0] === sketch,
      value,
      chars: sketch.length + texts.reduce((n, t) => n + t.length, 0),
    };
    let list = this.bySketch.get(sketch);
    if (list === undefined) this.bySketch.set(sketch, (list = []));
    list.push(entry);
    this.entries.add(entry);
    this.chars += entry.chars;
    if (list.length > this.maxPerSketch) this.remove(list[0]!);
    while (this.chars > this.maxChars) this.remove(this.entries.values().next().value as Entry<V>);
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(entry: Entry<V>): void {
    this.entries.delete(entry);
    this.chars -= entry.chars;
    const list = this.bySketch.get(entry.sketch)!;
    list.splice(list.indexOf(entry), 1);
    if (list.length === 0) this.bySketch.delete(entry.sketch);
  }
}
