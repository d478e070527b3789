/**
 * The figures the text format prints after a node name:
 * `(cost=a..b rows=n width=w)`, `(actual time=a..b rows=n loops=l)`, `(actual rows=n loops=l)`
 * (TIMING OFF) and `(never executed)`.
 */
export interface CostFigures {
  startupCost?: number;
  totalCost?: number;
  planRows?: number;
  planWidth?: number;
  actualStartupTime?: number;
  actualTotalTime?: number;
  actualRows?: number;
  actualLoops?: number;
  neverExecuted?: boolean;
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const COST_RE = new RegExp(String.raw`^\(cost=${NUM}\.\.${NUM} rows=${NUM} width=(\d+)\)`);
const ACTUAL_RE = new RegExp(String.raw`^\(actual(?: time=${NUM}\.\.${NUM})? rows=${NUM} loops=${NUM}\)`);
const NEVER_RE = /^\(never executed\)/;
/** Where the figures begin: the first "(cost=", "(actual " or "(never executed)". */
const START_RE = /\((?:cost=|actual |never executed\))/;

export type FiguresSplit =
  | { ok: true; head: string; figures: CostFigures }
  | { ok: false; head: string; problem: string };

/**
 * Splits `Seq Scan on t  (cost=...) (actual ...)` into the head (`Seq Scan on t`) and the figures.
 * Text with no figures (COSTS OFF, no ANALYZE) gives an empty figures object.
 */
export function splitCostFigures(text: string): FiguresSplit {
  const start = START_RE.exec(text);
  if (start === null) return { ok: true, head: text.trimEnd(), figures: {} };
  const head = text.slice(0, start.index).trimEnd();
  let rest = text.slice(start.index);
  const figures: CostFigures = {};
  const cost = COST_RE.exec(rest);
  if (cost !== null) {
    figures.startupCost = Number(cost[1]);
    figures.totalCost = Number(cost[2]);
    figures.planRows = Number(cost[3]);
    figures.planWidth = Number(cost[4]);
    rest = rest.slice(cost[0].length).trimStart();
  }
  const actual = ACTUAL_RE.exec(rest);
  if (actual !== null) {
    if (actual[1] !== undefined) figures.actualStartupTime = Number(actual[1]);
    if (actual[2] !== undefined) figures.actualTotalTime = Number(actual[2]);
    figures.actualRows = Number(actual[3]);
    figures.actualLoops = Number(actual[4]);
    rest = rest.slice(actual[0].length).trimStart();
  } else {
    const never = NEVER_RE.exec(rest);
    if (never !== null) {
      figures.neverExecuted = true;
      rest = rest.slice(never[0].length).trimStart();
    }
  }
  if (rest !== '') {
    return { ok: false, head, problem: `cannot read the cost/actual figures at "${text.slice(text.length - rest.length)}"` };
  }
  return { ok: true, head, figures };
}
