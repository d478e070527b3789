import { splitCostFigures } from './cost-figures.js';
import type { GpuInfo, GpuJoinDepth, GpuJoinMethod, GpuOuterScan, GpuQuals, GpuRowFlow, GpuScanEngine } from './plan-node.js';

/**
 * PG-Strom's EXPLAIN properties: which keys are PG-Strom's, and the typed view of them.
 * Works on the key/value pairs of one node as either format gives them (JSON values, or text
 * values with their sub-lines joined by '\n'), for the v2/v3 (`Depth n: GpuHashJoin ...`) and
 * v5/v6 (`GPU Join Quals [n]`, `Scan-Engine`) formats.
 */

/** Properties PG-Strom prints on its custom scans that do not start with "GPU". */
const PGSTROM_KEYS: ReadonlySet<string> = new Set([
  'Scan-Engine', 'KVars-Slot', 'KVecs-Buffer', 'Partial Function BufSz', 'CUDA Stack Size',
  'Reduction', 'Combined GpuJoin', 'Outer Scan', 'Outer Scan Filter', 'Rows Removed by Outer Scan Filter',
  'Rows Removed by GPU Filter', 'NVMe-Strom', 'CCache', 'CCache Hits', 'referenced', 'Stats-Hint',
  'BRIN cond', 'BRIN skipped', 'Inner Siblings-Id', 'Inner sibling-id', 'SELECT-INTO Direct',
  'Window-Rank Filter', 'Fallback-desc', 'Fallback-stats', 'Parquet-cache', 'GpuJoin buffer usage',
  'Kernel Source', 'Kernel Binary', 'CPU fallbacks', 'Bulkload', 'Features', 'Pseudo Scan',
  'OuterQual', 'Device Filter', 'Inner Buffer',
]);

const PGSTROM_KEY_PATTERNS = [
  /^(GPU|DPU)[\s\-A-Z]/, // GPU Projection, GPU-Direct SQL, GPUDirect SQL, DPU ...
  / OpCode$/, // LoadVars OpCode, Partial Aggregation OpCode...
  /^Depth\s*\d+/, // v2/v3 join depths; JSON: "Depth 1 Plan Rows-in"...
  /^files?\d+$/, // arrow_fdw files
  /^scan\d+$/, // v5+ partition scans
  /^Outer (Scan|Startup Cost|Total Cost|Plan Rows|Plan Width|Actual)/, // v3 JSON outer scan
  /^Debug Counter \d+$/,
];

/** Keys PG-Strom prints on any node (not only its own custom scans). */
const GPU_ANYWHERE_RE = /^(GPU|DPU)[\s\-A-Z]/;

/** Whether `key` is a PG-Strom property: `onPgStromNode` widens the check to PG-Strom's own keys. */
export function isPgStromProperty(key: string, onPgStromNode: boolean): boolean {
  if (GPU_ANYWHERE_RE.test(key)) return true;
  if (!onPgStromNode) return false;
  return PGSTROM_KEYS.has(key) || PGSTROM_KEY_PATTERNS.some((re) => re.test(key));
}

/** Builds the typed view of PG-Strom properties; `raw` is kept as given. */
export function buildGpuInfo(raw: Record<string, unknown>): GpuInfo {
  const info: GpuInfo = { joins: [], opCodes: {}, raw };
  const depths = new Map<number, GpuJoinDepth>();
  const depth = (n: number): GpuJoinDepth => {
    let d = depths.get(n);
    if (d === undefined) {
      d = { depth: n };
      depths.set(n, d);
    }
    return d;
  };
  const outer: Partial<GpuOuterScan> = {};

  for (const [key, value] of Object.entries(raw)) {
    const text = asText(value);
    let m: RegExpExecArray | null;
    if (key === 'GPU Projection') info.projection = oneLine(text);
    else if (key === 'GPU Scan Quals' || key === 'GPU Filter') info.scanQuals = { ...info.scanQuals, ...parseQuals(text) };
    else if (key === 'Outer Scan Filter') {
      // v2/v3 GpuJoin/GpuPreAgg: the scan qual of the outer relation, unless a GPU qual is printed too.
      if (raw['GPU Scan Quals'] === undefined && raw['GPU Filter'] === undefined) {
        info.scanQuals = { ...info.scanQuals, ...parseQuals(text) };
      }
    } else if (key === 'Rows Removed by GPU Filter' || key === 'Rows Removed by Outer Scan Filter') {
      const n = toNumber(value);
      if (n !== undefined) info.scanQuals = { expr: '', ...info.scanQuals, rowsRemoved: n };
    } else if (key === 'Outer Scan') Object.assign(outer, parseOuterScan(text));
    else if (key === 'Outer Scan Relation' || key === 'Outer Scan Alias') {
      // v3 JSON: relation and alias as separate keys.
      const relation = asText(raw['Outer Scan Relation'] ?? raw['Outer Scan Alias']);
      const alias = raw['Outer Scan Alias'];
      outer.relation = alias !== undefined && asText(alias) !== relation ? `${relation} ${asText(alias)}` : relation;
    } else if ((m = /^Outer (Startup Cost|Total Cost|Plan Rows|Plan Width)$/.exec(key)) !== null) {
      const n = toNumber(value);
      if (n !== undefined) outer[OUTER_JSON_FIELDS[m[1] ?? ''] ?? 'planRows'] = n;
    } else if ((m = /^GPU (?:(.+?) )?Join Quals \[(\d+)\]$/.exec(key)) !== null) {
      const d = depth(Number(m[2]));
      const q = parseQuals(text);
      d.quals = q.expr;
      d.joinType = GPU_JOIN_LABELS[m[1] ?? ''] ?? m[1] ?? 'Inner';
      if (q.plan !== undefined) d.plan = q.plan;
      if (q.exec !== undefined) d.exec = q.exec;
    } else if ((m = /^GPU (Outer|Inner) Hash \[(\d+)\]$/.exec(key)) !== null) {
      const d = depth(Number(m[2]));
      if (m[1] === 'Outer') d.outerHash = oneLine(text);
      else d.innerHash = oneLine(text);
      d.method ??= 'Hash';
    } else if ((m = /^GPU GiST Join \[(\d+)\]$/.exec(key)) !== null) {
      const d = depth(Number(m[1]));
      d.gistCond = oneLine(text);
      d.method = 'GiST';
    } else if ((m = /^Depth\s*0*(\d+)(?:[\s-]+(.+))?$/.exec(key)) !== null) {
      applyV3Depth(depth(Number(m[1])), m[2], value);
    } else if (key === 'GPU Group Key') info.groupKey = oneLine(text);
    else if (key === 'Reduction') info.reduction = oneLine(text);
    else if (key === 'Combined GpuJoin') info.combinedGpuJoin = /^enabled/i.test(text);
    else if (key === 'GPU Preference') info.preference = oneLine(text);
    else if (key === 'KVars-Slot') info.kvarsSlot = oneLine(text);
    else if (key === 'KVecs-Buffer') info.kvecsBuffer = oneLine(text);
    else if ((m = /^(.+) OpCode$/.exec(key)) !== null) {
      info.opCodes[m[1] ?? key] = oneLine(text);
      if (m[1] === 'Partial Aggregation') info.partialAggregation = oneLine(text);
    } else if (key === 'GPU-Sort keys') info.sortKeys = oneLine(text);
    else if (key === 'GPU-Sort Limit') {
      const n = /^\s*(\d+)/.exec(text);
      if (n !== null) info.sortLimit = Number(n[1]);
    } else if (key === 'Window-Rank Filter') info.windowRankFilter = oneLine(text);
  }

  const engine = scanEngine(raw);
  if (engine !== undefined) info.scanEngine = engine;
  if (outer.relation !== undefined) info.outerScan = outer as GpuOuterScan;
  for (const d of depths.values()) {
    if (d.method === undefined && d.quals !== undefined) d.method = 'NestLoop';
  }
  info.joins = [...depths.values()].sort((a, b) => a.depth - b.depth);
  return info;
}

const OUTER_JSON_FIELDS: Readonly<Record<string, 'startupCost' | 'totalCost' | 'planRows' | 'planWidth'>> = {
  'Startup Cost': 'startupCost',
  'Total Cost': 'totalCost',
  'Plan Rows': 'planRows',
  'Plan Width': 'planWidth',
};

/** v5+ join labels: "GPU Left Outer Join Quals [1]" -> 'Left'. */
const GPU_JOIN_LABELS: Readonly<Record<string, string>> = {
  'Left Outer': 'Left',
  'Right Outer': 'Right',
  'Full Outer': 'Full',
  Semi: 'Semi',
  Anti: 'Anti',
};

/** `expr [plan: a -> b, exec: c -> d]`; v5.0 `expr ... [nrows: a -> b]`, `[rows: a -> b]`; the "]" may be missing. */
export function parseQuals(text: string): GpuQuals {
  const flat = oneLine(text);
  const m = /\s*(?:\.\.\.\s*)?\[((?:plan|rows|nrows|exec)\s*:[^\]]*)\]?\s*$/.exec(flat);
  if (m === null) return { expr: flat.replace(/\s*\.\.\.$/, '') };
  const quals: GpuQuals = { expr: flat.slice(0, m.index).trim() };
  for (const part of (m[1] ?? '').split(',')) {
    const p = /^\s*(plan|rows|nrows|exec)\s*:\s*(\d+)(?:\+(\d+))?\s*->\s*(\d+)/.exec(part);
    if (p === null) continue;
    const flow: GpuRowFlow = { in: Number(p[2]), out: Number(p[4]) };
    if (p[3] !== undefined) flow.outerJoinRows = Number(p[3]);
    if (p[1] === 'exec') quals.exec = flow;
    else quals.plan = flow;
  }
  return quals;
}

/**
 * v2/v3 depth properties. Text: `Depth 1` = "GpuHashJoin  (nrows a...b)" (or
 * "(plan nrows: a...b, actual nrows: c...d[+e])") with sub-lines "HashKeys: ...",
 * "JoinQuals: ...", "IndexFilter: ... on idx". JSON: `Depth 1` = "GpuHashJoin",
 * `Depth 1 Plan Rows-in`, `Depth 1 HashKeys`, ...
 */
function applyV3Depth(d: GpuJoinDepth, sub: string | undefined, value: unknown): void {
  const text = asText(value);
  if (sub === undefined) {
    const [first = '', ...lines] = text.split('\n').map((l) => l.trim());
    const m = /^Gpu(Hash|NestLoop|GiST)(Full|Left|Right)?(?:Join)?\s*(?:\((.*)\))?\s*(?:,|$)/.exec(first);
    if (m !== null) {
      d.method = (m[1] ?? 'Hash') as GpuJoinMethod;
      d.joinType = m[2] ?? 'Inner';
      const figures = m[3] ?? '';
      const plain = /^nrows\s+(\d+)\.\.\.(\d+)$/.exec(figures);
      const analyzed = /plan nrows:\s*(\d+)\.\.\.(\d+),\s*actual nrows:\s*(\d+)\.\.\.(\d+)(?:\+(\d+))?/.exec(figures);
      if (plain !== null) d.plan = { in: Number(plain[1]), out: Number(plain[2]) };
      if (analyzed !== null) {
        d.plan = { in: Number(analyzed[1]), out: Number(analyzed[2]) };
        d.exec = { in: Number(analyzed[3]), out: Number(analyzed[4]) };
        if (analyzed[5] !== undefined) d.exec.outerJoinRows = Number(analyzed[5]);
      }
    }
    for (const line of lines) {
      const kv = /^([A-Za-z]+):\s*(.*)$/.exec(line);
      if (kv !== null) applyV3DepthItem(d, kv[1] ?? '', kv[2] ?? '');
    }
    return;
  }
  const n = toNumber(value);
  switch (sub) {
    case 'Plan Rows-in': if (n !== undefined) d.plan = { out: 0, ...d.plan, in: n }; break;
    case 'Plan Rows-out': if (n !== undefined) d.plan = { in: 0, ...d.plan, out: n }; break;
    case 'Actual Rows-in': if (n !== undefined) d.exec = { out: 0, ...d.exec, in: n }; break;
    case 'Actual Rows-out by inner join': if (n !== undefined) d.exec = { in: 0, ...d.exec, out: n }; break;
    case 'Actual Rows-out by outer join': if (n !== undefined && n > 0) d.exec = { in: 0, out: 0, ...d.exec, outerJoinRows: n }; break;
    case 'HashKeys': applyV3DepthItem(d, 'HashKeys', text); break;
    case 'JoinQuals': applyV3DepthItem(d, 'JoinQuals', text); break;
    case 'GiST Filter': applyV3DepthItem(d, 'IndexFilter', text); break;
    default: break;
  }
}

function applyV3DepthItem(d: GpuJoinDepth, key: string, value: string): void {
  if (key === 'HashKeys') {
    d.outerHash = oneLine(value);
    d.method ??= 'Hash';
  } else if (key === 'JoinQuals') d.quals = oneLine(value);
  else if (key === 'IndexFilter') {
    d.gistCond = oneLine(value);
    d.method ??= 'GiST';
  }
}

/** `t0  (cost=...) (actual ...)` from a v2/v3 text "Outer Scan" property. */
function parseOuterScan(text: string): Partial<GpuOuterScan> {
  const split = splitCostFigures(oneLine(text));
  const outer: Partial<GpuOuterScan> = { relation: split.head };
  if (!split.ok) return outer;
  const f = split.figures;
  if (f.startupCost !== undefined) outer.startupCost = f.startupCost;
  if (f.totalCost !== undefined) outer.totalCost = f.totalCost;
  if (f.planRows !== undefined) outer.planRows = f.planRows;
  if (f.planWidth !== undefined) outer.planWidth = f.planWidth;
  if (f.actualStartupTime !== undefined) outer.actualStartupTime = f.actualStartupTime;
  if (f.actualTotalTime !== undefined) outer.actualTotalTime = f.actualTotalTime;
  if (f.actualRows !== undefined) outer.actualRows = f.actualRows;
  if (f.actualLoops !== undefined) outer.actualLoops = f.actualLoops;
  return outer;
}

/**
 * Storage access. v5.2+: `Scan-Engine: GPU-Direct with 2 GPUs <0,1>; direct=1, ntuples=2`,
 * `VFS with GPU0; vfs=6996, ntuples=3600000`. v5.0-5.2: `GPU-Direct SQL: enabled (GPU-0)`,
 * `enabled (N=2,GPU0,1; direct=76195, ntuples=13001908)`. v3: `GPUDirect SQL: enabled`,
 * v2: `NVMe-Strom: enabled`.
 */
function scanEngine(raw: Record<string, unknown>): GpuScanEngine | undefined {
  const scan = raw['Scan-Engine'];
  if (scan !== undefined) {
    const text = oneLine(asText(scan));
    const [head = '', stats] = splitOnce(text, ';');
    const m = /^(\S+)(?:\s+with\s+(?:\d+\s+GPUs\s+<([\d,\s]+)>|GPU(\d+)))?/.exec(head.trim());
    const engine: GpuScanEngine = { engine: m?.[1] ?? head.trim(), enabled: true };
    const gpus = m?.[2] !== undefined ? numberList(m[2]) : m?.[3] !== undefined ? [Number(m[3])] : undefined;
    if (gpus !== undefined) engine.gpus = gpus;
    if (stats !== undefined) engine.stats = parseCounters(stats);
    return engine;
  }
  for (const key of ['GPU-Direct SQL', 'GPUDirect SQL', 'NVMe-Strom']) {
    const value = raw[key];
    if (value === undefined) continue;
    const text = oneLine(asText(value));
    const engine: GpuScanEngine = { engine: key, enabled: !/^disabled/i.test(text) };
    const paren = /\((.*)\)\s*$/.exec(text);
    if (paren !== null) {
      const [devices = '', stats] = splitOnce(paren[1] ?? '', ';');
      const g = /GPU-?(\d+(?:\s*,\s*\d+)*)/.exec(devices);
      if (g !== null) engine.gpus = numberList(g[1] ?? '');
      if (stats !== undefined) engine.stats = parseCounters(stats);
    }
    return engine;
  }
  return undefined;
}

function parseCounters(text: string): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const m of text.matchAll(/([A-Za-z_][\w-]*)=(\d+)/g)) stats[m[1] ?? ''] = Number(m[2]);
  return stats;
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + sep.length)];
}

function numberList(text: string): number[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Collapses wrapped lines into one. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
