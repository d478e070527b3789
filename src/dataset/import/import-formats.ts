/**
 * `pilotscope`: a plain pg_dump plus one-query-per-line workload files (PilotScope's layout);
 * `csv`: a directory of `<table>.csv` files plus `schema.sql`; `queries`: workloads only, for a
 * database that is already there (a managed one named with --database, or --dsn).
 */
export const IMPORT_FORMATS = ['pilotscope', 'csv', 'queries'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
