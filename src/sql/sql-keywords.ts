/**
 * PostgreSQL 17 keywords that cannot be written bare in every identifier position. Generated
 * from the parser's own scanner (keyword kinds 2-4) and checked against it by a unit test.
 * Unreserved keywords need no quoting and are not listed.
 */
export const RESERVED_KEYWORDS = [
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case',
  'cast', 'check', 'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date',
  'current_role', 'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable',
  'desc', 'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from',
  'grant', 'group', 'having', 'in', 'initially', 'intersect', 'into', 'lateral', 'leading',
  'limit', 'localtime', 'localtimestamp', 'not', 'null', 'offset', 'on', 'only', 'or', 'order',
  'placing', 'primary', 'references', 'returning', 'select', 'session_user', 'some', 'symmetric',
  'system_user', 'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using',
  'variadic', 'when', 'where', 'window', 'with',
] as const;

export const TYPE_FUNC_NAME_KEYWORDS = [
  'authorization', 'binary', 'collation', 'concurrently', 'cross', 'current_schema', 'freeze',
  'full', 'ilike', 'inner', 'is', 'isnull', 'join', 'left', 'like', 'natural', 'notnull', 'outer',
  'overlaps', 'right', 'similar', 'tablesample', 'verbose',
] as const;

/** Allowed as table and column names, but they spell built-in types or constructs in type position. */
export const COL_NAME_KEYWORDS = [
  'between', 'bigint', 'bit', 'boolean', 'char', 'character', 'coalesce', 'dec', 'decimal',
  'exists', 'extract', 'float', 'greatest', 'grouping', 'inout', 'int', 'integer', 'interval',
  'json', 'json_array', 'json_arrayagg', 'json_exists', 'json_object', 'json_objectagg',
  'json_query', 'json_scalar', 'json_serialize', 'json_table', 'json_value', 'least',
  'merge_action', 'national', 'nchar', 'none', 'normalize', 'nullif', 'numeric', 'out', 'overlay',
  'position', 'precision', 'real', 'row', 'setof', 'smallint', 'substring', 'time', 'timestamp',
  'treat', 'trim', 'values', 'varchar', 'xmlattributes', 'xmlconcat', 'xmlelement', 'xmlexists',
  'xmlforest', 'xmlnamespaces', 'xmlparse', 'xmlpi', 'xmlroot', 'xmlserialize', 'xmltable',
] as const;
