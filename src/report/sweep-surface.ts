import type { TrialRecord } from '../results/index.js';
import { formatValue } from './format-figures.js';

/** The value a trial has in a dimension it does not have (a baseline among MSCN trials has no `epochs`). */
export const NOT_SET = '(none)';

/** A swept parameter (`epochs`) or database setting (`db.work_mem`) and the values the trials took. */
export interface SweepDimension {
  readonly name: string;
  /** Numbers in numeric order, other values in grid order; NOT_SET first when present. */
  readonly values: readonly string[];
}

export interface SweepCell {
  readonly x: string;
  readonly y: string;
  /** The lowest objective of the trials in the cell. */
  readonly objective: number;
  /** Labels of the trials in the cell, the best first. */
  readonly trials: readonly string[];
}

export interface SweepPoint {
  readonly value: string;
  readonly objective: number;
  readonly trials: readonly string[];
}

export type SweepSurface =
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'line'; readonly dimension: SweepDimension; readonly points: readonly SweepPoint[] }
  | {
      readonly kind: 'heatmap';
      readonly x: SweepDimension;
      readonly y: SweepDimension;
      readonly cells: readonly SweepCell[];
      /** Other swept dimensions, folded into each cell by taking the lowest objective. */
      readonly aggregatedOver: readonly string[];
    };

/**
 * The objective over what a sweep varied. Trials with an objective are placed by their swept
 * dimensions (parameters and database settings that take more than one value). One dimension
 * gives a line; two a heatmap; more a heatmap over the two with the most values, each cell the
 * minimum over the rest.
 */
export function sweepSurface(trials: readonly TrialRecord[]): SweepSurface {
  const scored = trials.filter((t): t is TrialRecord & { objective: number } => typeof t.objective === 'number' && Number.isFinite(t.objective));
  if (scored.length === 0) return { kind: 'none', reason: 'no trial has an objective yet' };
  const dimensions = sweptDimensions(scored);
  if (dimensions.length === 0) {
    const algorithms = new Set(scored.map((t) => t.algorithm));
    return {
      kind: 'none',
      reason: algorithms.size > 1 ? 'not a sweep: the trials differ only by algorithm' : 'not a sweep: every trial has the same parameters and database settings',
    };
  }
  const ranked = dimensions
    .map((d, order) => ({ d, order }))
    .sort((a, b) => b.d.values.length - a.d.values.length || a.order - b.order)
    .map(({ d }) => d);
  const [x, y, ...rest] = ranked as [SweepDimension, ...SweepDimension[]];
  if (y === undefined) {
    const groups = groupBy(scored, (t) => [dimensionValue(t, x.name)]);
    return { kind: 'line', dimension: x, points: x.values.flatMap((value) => point(groups.get(key([value])), (objective, labels) => ({ value, objective, trials: labels }))) };
  }
  const groups = groupBy(scored, (t) => [dimensionValue(t, x.name), dimensionValue(t, y.name)]);
  const cells: SweepCell[] = [];
  for (const yv of y.values) {
    for (const xv of x.values) cells.push(...point(groups.get(key([xv, yv])), (objective, labels) => ({ x: xv, y: yv, objective, trials: labels })));
  }
  return { kind: 'heatmap', x, y, cells, aggregatedOver: rest.map((d) => d.name) };
}

/** Parameters first (in the order the trials name them), then database settings as `db.<name>`. */
export function sweptDimensions(trials: readonly TrialRecord[]): SweepDimension[] {
  const names = new Set<string>();
  for (const t of trials) for (const name of Object.keys(t.params)) names.add(name);
  for (const t of trials) for (const name of Object.keys(t.dbSettings)) names.add(`db.${name}`);
  const dimensions: SweepDimension[] = [];
  for (const name of names) {
    const seen: string[] = [];
    let unset = false;
    for (const t of trials) {
      const value = dimensionValue(t, name);
      if (value === NOT_SET) unset = true;
      else if (!seen.includes(value)) seen.push(value);
    }
    // A value set on some trials and absent on others (another algorithm's parameter) is not swept.
    if (seen.length < 2) continue;
    const numeric = seen.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
    const values = numeric ? [...seen].sort((a, b) => Number(a) - Number(b)) : seen;
    dimensions.push({ name, values: unset ? [NOT_SET, ...values] : values });
  }
  return dimensions;
}

function dimensionValue(trial: TrialRecord, name: string): string {
  if (name.startsWith('db.') && Object.hasOwn(trial.dbSettings, name.slice(3))) return trial.dbSettings[name.slice(3)] as string;
  return Object.hasOwn(trial.params, name) ? formatValue(trial.params[name]) : NOT_SET;
}

function key(values: readonly string[]): string {
  return JSON.stringify(values);
}

function groupBy(trials: readonly (TrialRecord & { objective: number })[], values: (t: TrialRecord) => string[]): Map<string, (TrialRecord & { objective: number })[]> {
  const groups = new Map<string, (TrialRecord & { objective: number })[]>();
  for (const t of trials) {
    const k = key(values(t));
    const list = groups.get(k) ?? [];
    groups.set(k, list);
    list.push(t);
  }
  return groups;
}

function point<T>(group: readonly (TrialRecord & { objective: number })[] | undefined, make: (objective: number, labels: string[]) => T): T[] {
  if (group === undefined || group.length === 0) return [];
  const sorted = [...group].sort((a, b) => a.objective - b.objective);
  return [make((sorted[0] as TrialRecord & { objective: number }).objective, sorted.map((t) => t.label))];
}
