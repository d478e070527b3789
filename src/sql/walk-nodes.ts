/**
 * Visits every parse-tree node below `value` in document order. Nodes in the parser's JSON are
 * objects keyed by their type (`{ "ColumnRef": {...} }`), so a key starting with an uppercase
 * letter marks a node. Return false from `visit` to skip that node's children.
 */
export function walkNodes(value: unknown, visit: (type: string, body: Record<string, unknown>) => boolean | void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkNodes(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    if (child === null || typeof child !== 'object') continue;
    const code = key.charCodeAt(0);
    if (code >= 65 && code <= 90 && !Array.isArray(child)) {
      if (visit(key, child as Record<string, unknown>) === false) continue;
    }
    walkNodes(child, visit);
  }
}

/** The type of a single node (`{ "A_Expr": {...} }` -> `A_Expr`). */
export function nodeType(node: object): string {
  for (const key in node) return key;
  return 'unknown';
}

/** The first `location` found in a node or below it, for refusals on nodes that have none themselves. */
export function firstLocation(value: unknown): number | undefined {
  let found: number | undefined;
  walkNodes(value, (_type, body) => {
    if (found !== undefined) return false;
    if (typeof body.location === 'number' && body.location >= 0) found = body.location;
    return found === undefined;
  });
  return found;
}
