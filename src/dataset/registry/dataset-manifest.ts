/**
 * The runtime shape of `dataset.json`. `dataset.schema.json` (next to this file) is the source
 * of truth for validation; a unit test keeps the arrays below equal to the schema's enums.
 */

export const DATABASE_KINDS = ['managed', 'dsn'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export const LOAD_KINDS = ['builtin', 'pg_dump', 'csv', 'none'] as const;
export type LoadKind = (typeof LOAD_KINDS)[number];

export const BUILTIN_SCALES = ['small', 'default'] as const;
export type BuiltinScale = (typeof BUILTIN_SCALES)[number];

export const WORKLOAD_NAMES = ['train', 'test', 'fast'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

export const LABEL_KINDS = ['cardinalities', 'names'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export interface Provenance {
  readonly source: string;
  readonly license: string;
  /** How the dataset was made. */
  readonly method: string;
  /** ISO 8601 date or date-time. */
  readonly created: string;
}

export type DatabaseSpec =
  | { readonly kind: 'managed'; readonly name: string }
  | { readonly kind: 'dsn'; readonly dsn: string };

export type LoadSpec =
  | { readonly kind: 'builtin'; readonly seed: number; readonly scale: BuiltinScale }
  | { readonly kind: 'pg_dump'; readonly file: string }
  | { readonly kind: 'csv'; readonly dir: string; readonly schema: string; readonly header?: boolean }
  | { readonly kind: 'none' };

export interface WorkloadFiles {
  readonly train: string;
  readonly test: string;
  readonly fast?: string;
}

export type PerWorkloadFiles = Readonly<Partial<Record<WorkloadName, string>>>;

export interface DatasetManifest {
  readonly $schema?: string;
  readonly name: string;
  readonly description: string;
  readonly provenance: Provenance;
  readonly database: DatabaseSpec;
  readonly load: LoadSpec;
  readonly workloads: WorkloadFiles;
  readonly labels?: Readonly<Partial<Record<LabelKind, PerWorkloadFiles>>>;
  readonly readOnly: boolean;
}

/** The file name the registry looks for in each dataset directory. */
export const MANIFEST_FILE = 'dataset.json';
