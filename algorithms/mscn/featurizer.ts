import type { Interactor } from '../../src/db/interactor.js';
import { PilotError } from '../../src/errors/index.js';
import { compareBytes, type JoinEdge, type Literal, type Predicate, type QueryGraph } from '../../src/sql/index.js';
import { hashString } from '../../src/util/prng.js';
import type { DatabaseSchema } from '../database-schema.js';
import { columnKind, isOrderedNumeric, isString, type ColumnKind } from './column-kind.js';
import { packBatch, type FeatureBatch } from './feature-batch.js';
import { FeaturizationWarnings } from './featurization-warnings.js';
import { FEATURIZER_STATE_VERSION, featureDims, PREDICATE_OPS, type FeatureDims, type FeaturizerState, type PredicateOp } from './featurizer-state.js';
import { literalValue } from './literal-value.js';
import { sampleBitmap, sampleSelectivity, type EvaluationContext } from './predicate-evaluator.js';
import { readColumnRanges, sampleTables } from './sample-tables.js';
import type { TableSample } from './table-sample.js';

/**
 * A relation of a sub-plan: its table (-1: not in the vocabulary), its sample bitmap, and two
 * figures read off the bitmap: the share of sample rows kept, and the rows that share would give
 * on the whole table (log-scaled by the largest table). The network could sum the bitmap itself,
 * but with a few thousand training sub-plans it learns much faster when given the sum.
 */
export interface TableElement {
  readonly index: number;
  readonly bitmap: Uint8Array;
  /** Sample rows its predicates keep: the bits set in `bitmap` (what MSCN's push policy reads). */
  readonly keptRows: number;
  readonly selectivity: number;
  readonly logRows: number;
}

/** One predicate-set element: its column slots (empty: unseen column), operator slot, value and sample selectivity. */
export interface PredicateElement {
  readonly columns: readonly number[];
  readonly op: number;
  readonly value: number;
  readonly selectivity: number;
}

/** A relation's table element and its predicate elements, shared by the sub-plans that hold it. */
interface RelationFeatures {
  readonly table: TableElement;
  readonly predicates: PredicateElement[];
}

/** A sub-plan's three sets, compact: bitmaps are shared between the sub-plans of one query. */
export interface SubplanFeatures {
  readonly tables: readonly TableElement[];
  /** Join vocabulary slots; -1 is an unseen join (all-zero vector); empty is a single relation. */
  readonly joins: readonly number[];
  readonly predicates: readonly PredicateElement[];
}

export interface BuildFeaturizerOptions {
  readonly interactor: Pick<Interactor, 'execute'>;
  readonly schema: DatabaseSchema;
  readonly sampleSize: number;
  readonly seed: number;
  /** The dataset the samples are read from (recorded in the state). */
  readonly source: string;
}

/** `comments.postid=posts.id`: an edge by table names, sides in byte order. */
export function canonicalJoin(edge: JoinEdge, tableOf: (alias: string) => string | undefined): string {
  const sides = [`${tableOf(edge.left.alias) ?? edge.left.alias}.${edge.left.column}`, `${tableOf(edge.right.alias) ?? edge.right.alias}.${edge.right.column}`].sort(compareBytes);
  return `${sides[0]}=${sides[1]}`;
}

/** Every column a predicate touches (OR arms included). */
function predicateColumns(predicate: Predicate): string[] {
  return predicate.kind === 'or' ? predicate.arms.flatMap((arm) => arm.flatMap(predicateColumns)) : [predicate.column];
}

/**
 * MSCN's featurization of a sub-plan (Kipf et al.): a set of tables (one-hot + sample bitmap,
 * plus the bitmap's selectivity and the table rows it implies),
 * a set of joins (one-hot by table names) and a set of predicates (column, operator, value
 * normalised by the column's min/max, plus the predicate's selectivity on the table sample).
 * String values are a stable hash bucket in [0, 1): their order carries no meaning, so the
 * sample bitmap and selectivity carry what the model learns about them.
 */
export class MscnFeaturizer {
  readonly state: FeaturizerState;
  readonly dims: FeatureDims;
  private readonly tableIndex: ReadonlyMap<string, number>;
  private readonly joinIndex: ReadonlyMap<string, number>;
  private readonly columnIndex: ReadonlyMap<string, number>;
  private readonly context: EvaluationContext;
  private readonly maxTableRows: number;
  /**
   * Relation features by table and predicates: the same filtered relation in another query gets
   * the same element objects, so a batch computes it once (packBatch tells elements apart by
   * identity). A third of the built-in training workload's relations are unfiltered and many
   * filters recur: random batches of 128 sub-plans hold 131 distinct relations instead of 219.
   */
  private readonly relations = new Map<string, RelationFeatures>();

  constructor(state: FeaturizerState) {
    this.state = state;
    this.dims = featureDims(state);
    this.tableIndex = new Map(state.tables.map((t, i) => [t, i]));
    this.joinIndex = new Map(state.joins.map((j, i) => [j, i]));
    this.columnIndex = new Map(state.columns.map((c, i) => [c, i]));
    this.context = { collation: state.samples.collation, timeZoneIsUtc: state.samples.timeZoneIsUtc };
    this.maxTableRows = Math.max(1, ...Object.values(state.tableRows));
  }

  /** Vocabularies from the training queries, samples and column ranges from the database. */
  static async build(graphs: readonly QueryGraph[], options: BuildFeaturizerOptions): Promise<MscnFeaturizer> {
    const vocabulary = trainingVocabulary(graphs);
    const byTable = (columns: readonly string[], keep: (kind: ColumnKind) => boolean): Record<string, string[]> => {
      const out: Record<string, string[]> = {};
      for (const qualified of columns) {
        const dot = qualified.indexOf('.');
        const table = qualified.slice(0, dot);
        const column = qualified.slice(dot + 1);
        const type = options.schema.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column)?.type;
        if (type !== undefined && keep(columnKind(type))) (out[table] ??= []).push(column);
      }
      return out;
    };
    const samples = await sampleTables(options.interactor, options.schema, {
      sampleSize: options.sampleSize,
      seed: options.seed,
      stringColumns: byTable(vocabulary.columns, isString),
      source: options.source,
    });
    const ranges = await readColumnRanges(options.interactor, options.schema, byTable(vocabulary.columns, isOrderedNumeric));
    return new MscnFeaturizer({
      version: FEATURIZER_STATE_VERSION,
      tables: options.schema.tables.map((t) => t.name),
      tableRows: Object.fromEntries(options.schema.tables.map((t) => [t.name, t.rows])),
      ...vocabulary,
      ranges,
      samples,
    });
  }

  static fromJSON(json: unknown, file = 'featurizer.json'): MscnFeaturizer {
    const state = json as Partial<FeaturizerState> | null;
    const arrays = ['tables', 'usedTables', 'joins', 'columns'] as const;
    // tableRows is checked below with the other objects.
    if (
      typeof state !== 'object' ||
      state === null ||
      state.version !== FEATURIZER_STATE_VERSION ||
      arrays.some((k) => !Array.isArray(state[k])) ||
      typeof state.ranges !== 'object' ||
      typeof state.tableRows !== 'object' ||
      typeof state.samples?.tables !== 'object' ||
      !Number.isSafeInteger(state.samples.sampleSize)
    ) {
      throw new PilotError('MSCN_BAD_MODEL_FILE', `${file} is not an MSCN featurizer state of version ${FEATURIZER_STATE_VERSION}`, {
        context: { file, version: state?.version },
        hint: 'save the model again with this version of pilot',
      });
    }
    return new MscnFeaturizer(state as FeaturizerState);
  }

  toJSON(): FeaturizerState {
    return this.state;
  }

  /** Dense padded arrays of a batch of sub-plans, laid out for this featurizer's vocabularies. */
  pack(features: readonly SubplanFeatures[]): FeatureBatch {
    return packBatch(features, this.dims, { tables: this.state.tables.length, columns: this.state.columns.length, sampleSize: this.state.samples.sampleSize });
  }

  /** Table -> columns the model uses: the tables of the training queries, their join and predicate columns. */
  neededColumns(): Record<string, string[]> {
    const needed: Record<string, Set<string>> = {};
    for (const table of this.state.usedTables) needed[table] ??= new Set();
    const add = (qualified: string): void => {
      const dot = qualified.indexOf('.');
      (needed[qualified.slice(0, dot)] ??= new Set()).add(qualified.slice(dot + 1));
    };
    for (const join of this.state.joins) join.split('=').forEach(add);
    this.state.columns.forEach(add);
    return Object.fromEntries(Object.entries(needed).map(([t, cols]) => [t, [...cols].sort(compareBytes)]));
  }

  /**
   * The features of each of `subplans` of one query. Per-relation parts (bitmap, predicate
   * elements) are computed once per query and shared by the sub-plans that contain it.
   */
  featurizeQuery(graph: QueryGraph, subplans: readonly { readonly aliases: readonly string[] }[], warnings: FeaturizationWarnings): SubplanFeatures[] {
    const tableOf = new Map(graph.relations.map((r) => [r.alias, r.table]));
    const perAlias = new Map<string, RelationFeatures>();
    const relationFeatures = (alias: string): RelationFeatures => {
      let features = perAlias.get(alias);
      if (features === undefined) {
        features = this.sharedRelationFeatures(tableOf.get(alias) ?? alias, graph.predicates[alias] ?? [], warnings);
        perAlias.set(alias, features);
      }
      return features;
    };
    const edges = graph.joins.map((edge) => ({ edge, name: canonicalJoin(edge, (a) => tableOf.get(a)) }));
    return subplans.map(({ aliases }) => {
      const members = new Set(aliases);
      const joins = edges
        .filter(({ edge }) => members.has(edge.left.alias) && members.has(edge.right.alias))
        .map(({ name }) => {
          const index = this.joinIndex.get(name);
          if (index === undefined) warnings.add('unseen_join', name);
          return index ?? -1;
        });
      const relations = aliases.map(relationFeatures);
      return { tables: relations.map((r) => r.table), joins, predicates: relations.flatMap((r) => r.predicates) };
    });
  }

  /** relationFeatures through the cache; a relation that raised warnings is not cached, so they are counted each time. */
  private sharedRelationFeatures(table: string, predicates: readonly Predicate[], warnings: FeaturizationWarnings): RelationFeatures {
    const key = `${table}\u0000${JSON.stringify(predicates)}`;
    const cached = this.relations.get(key);
    if (cached !== undefined) return cached;
    const before = warnings.total;
    const features = this.relationFeatures(table, predicates, warnings);
    if (warnings.total === before) {
      // A bound on memory for long workloads: start over rather than grow without end.
      if (this.relations.size >= MAX_CACHED_RELATIONS) this.relations.clear();
      this.relations.set(key, features);
    }
    return features;
  }

  private relationFeatures(table: string, predicates: readonly Predicate[], warnings: FeaturizationWarnings): RelationFeatures {
    const sampleSize = this.state.samples.sampleSize;
    const sample = this.state.samples.tables[table];
    const index = this.tableIndex.get(table);
    if (sample === undefined || index === undefined) {
      warnings.add('unseen_table', table);
      return {
        table: { index: -1, bitmap: new Uint8Array(sampleSize).fill(1), keptRows: sampleSize, selectivity: 1, logRows: 1 },
        predicates: predicates.flatMap((p) => this.predicateElements(table, undefined, p, warnings)),
      };
    }
    const bitmap = sampleBitmap(sample, predicates, sampleSize, this.context, warnings);
    const sampled = Math.min(sample.rows, sampleSize);
    let kept = 0;
    for (const bit of bitmap) kept += bit;
    const selectivity = sampled === 0 ? 0 : kept / sampled;
    const logRows = Math.log1p((this.state.tableRows[table] ?? 0) * selectivity) / Math.log1p(this.maxTableRows);
    return { table: { index, bitmap, keptRows: kept, selectivity, logRows }, predicates: predicates.flatMap((p) => this.predicateElements(table, sample, p, warnings)) };
  }

  private predicateElements(table: string, sample: TableSample | undefined, predicate: Predicate, warnings: FeaturizationWarnings): PredicateElement[] {
    // Unsupported predicates were counted once by the bitmap; selectivities are computed quietly.
    const quiet = new FeaturizationWarnings();
    const selectivity = (p: Predicate): number => (sample === undefined ? 1 : sampleSelectivity(sample, p, this.context, quiet));
    const columns = predicateColumns(predicate)
      .map((column) => {
        const index = this.columnIndex.get(`${table}.${column}`);
        if (index === undefined) warnings.add('unseen_column', `${table}.${column}`);
        return index;
      })
      .filter((i): i is number => i !== undefined);
    const element = (op: PredicateOp, value: number, p: Predicate): PredicateElement => ({
      columns: [...new Set(columns)],
      op: PREDICATE_OPS.indexOf(op),
      value,
      selectivity: selectivity(p),
    });
    if (predicate.kind === 'or') return [element('or', 0, predicate)];
    const value = (literal: Literal): number => this.normalizedValue(table, sample, predicate.column, literal);
    switch (predicate.kind) {
      case 'comparison':
        return [element(predicate.op, value(predicate.value), predicate)];
      case 'between': {
        if (predicate.negated) return [element('not_between', (value(predicate.low) + value(predicate.high)) / 2, predicate)];
        let [low, high] = [predicate.low, predicate.high];
        if (predicate.symmetric && value(low) > value(high)) [low, high] = [high, low];
        const column = predicate.column;
        return [
          element('>=', value(low), { kind: 'comparison', column, op: '>=', value: low }),
          element('<=', value(high), { kind: 'comparison', column, op: '<=', value: high }),
        ];
      }
      case 'in': {
        const values = predicate.values.map(value);
        const mean = values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
        return [element(predicate.negated ? 'not_in' : 'in', mean, predicate)];
      }
      case 'like':
        return [element(predicate.negated ? 'not_like' : 'like', value(predicate.pattern), predicate)];
      case 'null_test':
        return [element(predicate.negated ? 'is_not_null' : 'is_null', 0, predicate)];
    }
  }

  /** In [0, 1]: min/max scaling for numbers and dates, a hash bucket for strings, 0.5 when unreadable. */
  private normalizedValue(table: string, sample: TableSample | undefined, column: string, literal: Literal): number {
    const kind = sample?.columns[column]?.kind ?? 'other';
    const read = literalValue(literal, kind, this.context);
    if (!read.ok || read.value === null) return 0.5;
    const v = read.value;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'string') return hashString(v) / 4294967296;
    const range = this.state.ranges[`${table}.${column}`];
    if (range === undefined) return 0.5;
    if (range.max <= range.min) return 0.5;
    return Math.min(1, Math.max(0, (v - range.min) / (range.max - range.min)));
  }
}

/** About 1 KB each (a 1,000-row bitmap and its predicates). */
const MAX_CACHED_RELATIONS = 50_000;

/** Join and predicate-column vocabularies, and the tables used, of training queries (sorted, deduplicated). */
export function trainingVocabulary(graphs: readonly QueryGraph[]): { usedTables: string[]; joins: string[]; columns: string[] } {
  const tables = new Set<string>();
  const joins = new Set<string>();
  const columns = new Set<string>();
  for (const graph of graphs) {
    const tableOf = new Map(graph.relations.map((r) => [r.alias, r.table]));
    for (const r of graph.relations) tables.add(r.table);
    for (const edge of graph.joins) joins.add(canonicalJoin(edge, (a) => tableOf.get(a)));
    for (const [alias, predicates] of Object.entries(graph.predicates)) {
      for (const p of predicates) for (const column of predicateColumns(p)) columns.add(`${tableOf.get(alias) ?? alias}.${column}`);
    }
  }
  const sorted = (set: Set<string>): string[] => [...set].sort(compareBytes);
  return { usedTables: sorted(tables), joins: sorted(joins), columns: sorted(columns) };
}
