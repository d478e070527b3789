/**
 * Values (parse verdicts) by the literal-blind key of a statement (see literal-blind-key.ts),
 * without building the key: the key's texts between literals index a trie of maps, one level
 * per literal, so a lookup costs one scan of the statement plus the native hash and compare of
 * each text, instead of building a new string as long as the statement, hashing and comparing
 * it. Bounded by the total length of the stored texts: when full, it starts over, so a log with
 * endless distinct texts cannot grow memory without limit.
 */
import { detachString } from './detach-string.js';
import { cutAtLiterals, type BlankKind, type LiteralVisitor } from './literal-blind-key.js';

export const DEFAULT_CACHE_CHARS = 32 * 1024 * 1024;

/** Children of a node: by blank kind (0-3) of the literal after the text, then END for the last text. */
const END = 4;

interface TrieNode<V> {
  value: V | undefined;
  children: (Map<string, TrieNode<V>> | undefined)[] | undefined;
}

export class LiteralBlindCache<V> {
  private root: TrieNode<V> = newNode();
  private chars = 0;
  private entries = 0;
  /** The walk in progress: the node reached (undefined once a text is missing) and whether to add missing ones. */
  private node: TrieNode<V> | undefined;
  private adding = false;
  private readonly visitor: LiteralVisitor = { literal: (text, blank) => this.step(text, blank) };

  constructor(private readonly maxChars = DEFAULT_CACHE_CHARS) {}

  /** The value for `sql`'s literal-blind key; undefined when not cached or when the text has no key. */
  get(sql: string): V | undefined {
    return this.walk(sql, false)?.value;
  }

  /**
   * The value cached for `sql` taken verbatim as a key, without scanning it: right when `sql`
   * has no blankable literals (a text without literals is its own key), a miss otherwise.
   */
  getVerbatim(sql: string): V | undefined {
    return this.root.children?.[END]?.get(sql)?.value;
  }

  /** Caches `value` under `sql`'s literal-blind key (nothing when the text has no key). */
  set(sql: string, value: V): void {
    if (this.chars > this.maxChars) this.clear();
    const leaf = this.walk(sql, true);
    if (leaf === undefined || leaf.value !== undefined) return;
    leaf.value = value;
    this.entries += 1;
  }

  /** Keys cached. */
  get size(): number {
    return this.entries;
  }

  private clear(): void {
    this.root = newNode();
    this.chars = 0;
    this.entries = 0;
  }

  private walk(sql: string, adding: boolean): TrieNode<V> | undefined {
    this.node = this.root;
    this.adding = adding;
    const rest = cutAtLiterals(sql, this.visitor);
    if (rest === undefined) return undefined;
    this.step(rest, END);
    const reached = this.node;
    this.node = undefined;
    return reached;
  }

  private step(text: string, edge: BlankKind | typeof END): void {
    const node = this.node;
    if (node === undefined) return;
    let next = node.children?.[edge]?.get(text);
    if (next === undefined && this.adding) {
      next = newNode();
      node.children ??= [undefined, undefined, undefined, undefined, undefined];
      let map = node.children[edge];
      if (map === undefined) node.children[edge] = map = new Map();
      map.set(detachString(text), next);
      this.chars += text.length;
    }
    this.node = next;
  }
}

function newNode<V>(): TrieNode<V> {
  return { value: undefined, children: undefined };
}
