/**
 * Plan -> binary tree of node feature vectors, the input of Lero's tree convolution.
 *
 * Per node: one-hot operator (a fixed vocabulary of PostgreSQL node types plus an "other" slot,
 * so a type never seen in training does not crash planning), multi-hot of the tables scanned
 * under the node (the dataset's tables), and standardized log(width) and log(estimated rows),
 * whose mean and spread are fitted on training plans. The state is plain JSON.
 */
import { walkPlan, type PlanNode } from '../../src/db/explain/index.js';
import { PilotError } from '../../src/errors/index.js';
import type { BinaryTree } from '../../src/ml/layers/tree-convolution.js';

/** PostgreSQL's plan node types (as EXPLAIN names them; custom scans by provider), in a fixed order. */
export const PLAN_OPERATORS = [
  'Seq Scan',
  'Index Scan',
  'Index Only Scan',
  'Bitmap Heap Scan',
  'Bitmap Index Scan',
  'BitmapAnd',
  'BitmapOr',
  'Tid Scan',
  'Tid Range Scan',
  'Subquery Scan',
  'Function Scan',
  'Table Function Scan',
  'Values Scan',
  'CTE Scan',
  'Named Tuplestore Scan',
  'WorkTable Scan',
  'Foreign Scan',
  'Custom Scan',
  'Nested Loop',
  'Hash Join',
  'Merge Join',
  'Hash',
  'Materialize',
  'Memoize',
  'Sort',
  'Incremental Sort',
  'Group',
  'Aggregate',
  'WindowAgg',
  'Unique',
  'SetOp',
  'LockRows',
  'Limit',
  'Gather',
  'Gather Merge',
  'Append',
  'Merge Append',
  'Recursive Union',
  'Result',
  'ProjectSet',
  'ModifyTable',
  'GpuScan',
  'GpuJoin',
  'GpuPreAgg',
] as const;

/** What `toJSON` writes and `PlanFeaturizer.fromState` reads (featurizer.json). */
export interface PlanFeaturizerState {
  readonly version: 1;
  /** The operator vocabulary; one more slot follows it for anything else. */
  readonly operators: readonly string[];
  /** The dataset's tables in multi-hot order. */
  readonly tables: readonly string[];
  readonly logRows: { readonly mean: number; readonly std: number };
  readonly logWidth: { readonly mean: number; readonly std: number };
}

export class PlanFeaturizer {
  readonly state: PlanFeaturizerState;
  /** operators + "other" + tables + width + rows. */
  readonly featureSize: number;
  private readonly operatorIndex: ReadonlyMap<string, number>;
  private readonly tableIndex: ReadonlyMap<string, number>;

  private constructor(state: PlanFeaturizerState) {
    this.state = state;
    this.operatorIndex = new Map(state.operators.map((o, i) => [o, i]));
    this.tableIndex = new Map(state.tables.map((t, i) => [t, i]));
    this.featureSize = state.operators.length + 1 + state.tables.length + 2;
  }

  /** Fits the row and width normalization on every node of `plans`; `tables` are the dataset's. */
  static fit(plans: readonly PlanNode[], tables: readonly string[]): PlanFeaturizer {
    if (plans.length === 0) throw new PilotError('LERO_NO_TRAINING_PLANS', 'cannot fit the plan featurizer on zero plans');
    const rows: number[] = [];
    const widths: number[] = [];
    for (const plan of plans) {
      walkPlan(plan, (node) => {
        rows.push(logScale(node.planRows));
        widths.push(logScale(node.planWidth));
      });
    }
    return new PlanFeaturizer({ version: 1, operators: [...PLAN_OPERATORS], tables: [...tables], logRows: meanStd(rows), logWidth: meanStd(widths) });
  }

  static fromState(state: unknown): PlanFeaturizer {
    const s = state as Partial<PlanFeaturizerState> | null;
    const okStats = (v: unknown): boolean => typeof v === 'object' && v !== null && Number.isFinite((v as { mean: unknown }).mean) && Number.isFinite((v as { std: unknown }).std) && (v as { std: number }).std > 0;
    if (
      s === null ||
      typeof s !== 'object' ||
      s.version !== 1 ||
      !Array.isArray(s.operators) ||
      !Array.isArray(s.tables) ||
      !s.operators.every((o) => typeof o === 'string') ||
      !s.tables.every((t) => typeof t === 'string') ||
      !okStats(s.logRows) ||
      !okStats(s.logWidth)
    ) {
      throw new PilotError('LERO_BAD_FEATURIZER', 'featurizer state is not a version-1 Lero plan featurizer (operators, tables, logRows, logWidth)');
    }
    return new PlanFeaturizer(s as PlanFeaturizerState);
  }

  toJSON(): PlanFeaturizerState {
    return this.state;
  }

  /**
   * The plan as a binary tree in pre-order (node 0 is the root). A node with one child gets no
   * right child (the tree convolution reads a zero row there). A node with more than two
   * children (Append, BitmapAnd...) is chained: node(c1, node'(c2, ... node'(cn-1, cn))), where
   * each node' repeats the node's own features with the tables of the children it still holds.
   */
  featurize(root: PlanNode): BinaryTree {
    const rows: Float32Array[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const add = (node: PlanNode, children: readonly PlanNode[]): number => {
      const index = rows.length;
      rows.push(this.nodeFeatures(node, children));
      left.push(-1);
      right.push(-1);
      if (children.length > 2) {
        const [first, ...rest] = children as [PlanNode, ...PlanNode[]];
        left[index] = add(first, first.children);
        right[index] = add(node, rest);
      } else {
        const [a, b] = children;
        if (a !== undefined) left[index] = add(a, a.children);
        if (b !== undefined) right[index] = add(b, b.children);
      }
      return index;
    };
    add(root, root.children);
    const features = new Float32Array(rows.length * this.featureSize);
    rows.forEach((r, i) => features.set(r, i * this.featureSize));
    return { nodes: rows.length, features, left: Int32Array.from(left), right: Int32Array.from(right) };
  }

  /** Tables the model was trained with, for schema checks on load. */
  get tables(): readonly string[] {
    return this.state.tables;
  }

  private nodeFeatures(node: PlanNode, children: readonly PlanNode[]): Float32Array {
    const f = new Float32Array(this.featureSize);
    const operators = this.state.operators.length;
    f[this.operatorIndex.get(node.operator) ?? operators] = 1;
    const tablesUnder = (n: PlanNode): void =>
      walkPlan(n, (m) => {
        const t = m.relationName !== undefined ? this.tableIndex.get(m.relationName) : undefined;
        if (t !== undefined) f[operators + 1 + t] = 1;
      });
    if (node.relationName !== undefined) {
      const t = this.tableIndex.get(node.relationName);
      if (t !== undefined) f[operators + 1 + t] = 1;
    }
    for (const child of children) tablesUnder(child);
    const tail = operators + 1 + this.state.tables.length;
    f[tail] = standardize(logScale(node.planWidth), this.state.logWidth);
    f[tail + 1] = standardize(logScale(node.planRows), this.state.logRows);
    return f;
  }
}

/** log(1 + x), with NaN (COSTS OFF) read as 0. */
function logScale(x: number): number {
  return Number.isFinite(x) && x > 0 ? Math.log1p(x) : 0;
}

function standardize(x: number, s: { mean: number; std: number }): number {
  return (x - s.mean) / s.std;
}

function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  // A constant feature (one plan shape) would divide by zero; leave it centred instead.
  return { mean, std: Math.sqrt(variance) > 1e-6 ? Math.sqrt(variance) : 1 };
}
