/**
 * Reads a text-format node name (`Parallel Hash Left Join`, `Index Scan Backward using i on
 * public.t t1`, `Custom Scan (GpuJoin) on t0`, `Partial HashAggregate`, `Update on users`)
 * into the fields PostgreSQL's JSON format gives for the same node.
 */
export interface NodeHeader {
  nodeType: string;
  customProvider?: string;
  parallelAware: boolean;
  asyncCapable?: boolean;
  strategy?: string;
  partialMode?: string;
  operation?: string;
  joinType?: string;
  relationName?: string;
  schema?: string;
  alias?: string;
  indexName?: string;
  cteName?: string;
  functionName?: string;
  /** Properties the JSON format has as keys of their own ("Scan Direction", "Command", ...). */
  extra: Record<string, unknown>;
}

/** What the object after " on " names, per node type (PostgreSQL's ExplainTargetRel). */
const TARGET_KINDS = {
  relation: ['Seq Scan', 'Sample Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan', 'Tid Scan', 'Tid Range Scan', 'Foreign Scan', 'Custom Scan', 'ModifyTable'],
  cte: ['CTE Scan', 'WorkTable Scan'],
  function: ['Function Scan'],
  tableFunction: ['Table Function Scan'],
  tuplestore: ['Named Tuplestore Scan'],
} as const;

const AGGREGATE_STRATEGIES: Readonly<Record<string, string>> = {
  Aggregate: 'Plain',
  GroupAggregate: 'Sorted',
  HashAggregate: 'Hashed',
  MixedAggregate: 'Mixed',
};

const JOIN_SUFFIX = String.raw`(?: (Left|Right|Full|Semi|Anti|Right Semi|Right Anti))?`;
const HASH_MERGE_JOIN_RE = new RegExp(String.raw`^(Hash|Merge)${JOIN_SUFFIX} Join$`);
const NESTED_LOOP_RE = new RegExp(String.raw`^Nested Loop(?:${JOIN_SUFFIX} Join)?$`);
const AGGREGATE_RE = /^(?:(Partial|Finalize) )?(Aggregate|GroupAggregate|HashAggregate|MixedAggregate)$/;
const SETOP_RE = /^(HashSetOp|SetOp) (Intersect All|Intersect|Except All|Except)$/;
const MODIFY_RE = /^(Insert|Update|Delete|Merge) on (.+)$/;
const CUSTOM_RE = /^Custom Scan \(([^)]*)\)(?: on (.+))?$/;
const INDEX_RE = /^(Index Scan|Index Only Scan)( Backward)? using (.+)$/;
const BITMAP_INDEX_RE = /^Bitmap Index Scan on (.+)$/;

export type HeaderResult = { ok: true; header: NodeHeader } | { ok: false; problem: string };

export function parseNodeHeader(text: string): HeaderResult {
  let rest = text.trim();
  const header: NodeHeader = { nodeType: '', parallelAware: false, extra: {} };
  for (;;) {
    if (rest.startsWith('Parallel ')) {
      header.parallelAware = true;
      rest = rest.slice('Parallel '.length);
    } else if (rest.startsWith('Async ')) {
      header.asyncCapable = true;
      header.extra['Async Capable'] = true;
      rest = rest.slice('Async '.length);
    } else {
      break;
    }
  }
  if (rest === '') return { ok: false, problem: 'empty node name' };

  let m: RegExpExecArray | null;
  if ((m = CUSTOM_RE.exec(rest)) !== null) {
    header.nodeType = 'Custom Scan';
    header.customProvider = m[1] ?? '';
    return withTarget(header, m[2]);
  }
  if ((m = MODIFY_RE.exec(rest)) !== null) {
    header.nodeType = 'ModifyTable';
    header.operation = m[1] ?? '';
    return withTarget(header, m[2]);
  }
  if ((m = HASH_MERGE_JOIN_RE.exec(rest)) !== null) {
    header.nodeType = `${m[1] ?? ''} Join`;
    header.joinType = m[2] ?? 'Inner';
    return { ok: true, header };
  }
  if ((m = NESTED_LOOP_RE.exec(rest)) !== null) {
    header.nodeType = 'Nested Loop';
    header.joinType = m[1] ?? 'Inner';
    return { ok: true, header };
  }
  if ((m = AGGREGATE_RE.exec(rest)) !== null) {
    header.nodeType = 'Aggregate';
    header.strategy = AGGREGATE_STRATEGIES[m[2] ?? 'Aggregate'] ?? 'Plain';
    header.partialMode = m[1] ?? 'Simple';
    return { ok: true, header };
  }
  if ((m = SETOP_RE.exec(rest)) !== null) {
    header.nodeType = 'SetOp';
    header.strategy = m[1] === 'HashSetOp' ? 'Hashed' : 'Sorted';
    header.extra['Command'] = m[2];
    return { ok: true, header };
  }
  if ((m = INDEX_RE.exec(rest)) !== null) {
    header.nodeType = m[1] ?? '';
    if (m[2] !== undefined) header.extra['Scan Direction'] = 'Backward';
    const index = readIdentifier(m[3] ?? '');
    if (index === undefined || !index.rest.startsWith(' on ')) {
      return { ok: false, problem: `cannot read the index and relation in "${rest}"` };
    }
    header.indexName = index.name;
    return withTarget(header, index.rest.slice(' on '.length));
  }
  if ((m = BITMAP_INDEX_RE.exec(rest)) !== null) {
    header.nodeType = 'Bitmap Index Scan';
    const index = readIdentifier(m[1] ?? '');
    if (index === undefined || index.rest !== '') return { ok: false, problem: `cannot read the index name in "${rest}"` };
    header.indexName = index.name;
    return { ok: true, header };
  }
  const on = rest.indexOf(' on ');
  if (on > 0) {
    header.nodeType = rest.slice(0, on);
    return withTarget(header, rest.slice(on + ' on '.length));
  }
  header.nodeType = rest;
  return { ok: true, header };
}

/** Fills the relation / CTE / function name and alias from the text after " on ". */
function withTarget(header: NodeHeader, target: string | undefined): HeaderResult {
  if (target === undefined) return { ok: true, header };
  const parsed = readTarget(target);
  if (parsed === undefined) return { ok: false, problem: `cannot read the scan target "${target}"` };
  const { qualifier, name, alias } = parsed;
  const kind = targetKind(header.nodeType);
  if (kind === 'alias-only') {
    // Subquery Scan, Values Scan...: PostgreSQL prints only the alias.
    header.alias = alias ?? name;
    if (alias !== undefined) header.extra['Object Name'] = name;
    return { ok: true, header };
  }
  if (qualifier !== undefined) header.schema = qualifier;
  header.alias = alias ?? name;
  switch (kind) {
    case 'relation': header.relationName = name; break;
    case 'cte': header.cteName = name; break;
    case 'function': header.functionName = name; break;
    case 'tableFunction': header.extra['Table Function Name'] = name; break;
    case 'tuplestore': header.extra['Tuplestore Name'] = name; break;
  }
  return { ok: true, header };
}

function targetKind(nodeType: string): keyof typeof TARGET_KINDS | 'alias-only' {
  for (const [kind, types] of Object.entries(TARGET_KINDS) as [keyof typeof TARGET_KINDS, readonly string[]][]) {
    if (types.includes(nodeType)) return kind;
  }
  return 'alias-only';
}

/** `[qualifier.]name [alias]`, identifiers possibly double-quoted. */
function readTarget(text: string): { qualifier?: string; name: string; alias?: string } | undefined {
  const first = readIdentifier(text);
  if (first === undefined) return undefined;
  let qualifier: string | undefined;
  let name = first.name;
  let rest = first.rest;
  if (rest.startsWith('.')) {
    const second = readIdentifier(rest.slice(1));
    if (second === undefined) return undefined;
    qualifier = first.name;
    name = second.name;
    rest = second.rest;
  }
  if (rest === '') return { ...(qualifier !== undefined ? { qualifier } : {}), name };
  if (!rest.startsWith(' ')) return undefined;
  const alias = readIdentifier(rest.slice(1));
  if (alias === undefined || alias.rest !== '') return undefined;
  return { ...(qualifier !== undefined ? { qualifier } : {}), name, alias: alias.name };
}

/** One SQL identifier: `"quoted ""x"""` or a run of characters up to a space or a dot. */
function readIdentifier(text: string): { name: string; rest: string } | undefined {
  if (text.startsWith('"')) {
    let name = '';
    let i = 1;
    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote < 0) return undefined;
      name += text.slice(i, quote);
      if (text[quote + 1] === '"') {
        name += '"';
        i = quote + 2;
        continue;
      }
      return { name, rest: text.slice(quote + 1) };
    }
  }
  const m = /^[^\s."]+/.exec(text);
  if (m === null) return undefined;
  return { name: m[0], rest: text.slice(m[0].length) };
}
