import { PilotError } from '../errors/index.js';

/** Fields node-postgres puts on a server error (see pg-protocol's DatabaseError). */
interface PgServerError {
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  severity?: string;
  message: string;
}

/**
 * A database failure with the server's SQLSTATE (`sqlstate`), detail and hint, or the
 * network error code for connection failures. `code` is pilot's own stable code.
 */
export class DatabaseError extends PilotError {
  readonly sqlstate: string | undefined;
  readonly detail: string | undefined;
  readonly position: number | undefined;

  constructor(code: string, message: string, fields: { sqlstate?: string; detail?: string; hint?: string; position?: number; sql?: string; target?: string; cause?: unknown }) {
    super(code, message, {
      context: { sqlstate: fields.sqlstate, sql: fields.sql, target: fields.target, position: fields.position },
      ...(fields.hint ? { hint: fields.hint } : {}),
      cause: fields.cause,
    });
    this.sqlstate = fields.sqlstate;
    this.detail = fields.detail;
    this.position = fields.position;
  }
}

/** What to tell the user for the SQLSTATEs and socket errors people actually hit. */
const HINTS: Readonly<Record<string, [code: string, hint: string]>> = {
  ECONNREFUSED: ['DB_UNREACHABLE', 'is the server running? For the managed cluster: `pilot db start`; otherwise check --dsn / PGHOST / PGPORT'],
  ENOENT: ['DB_UNREACHABLE', 'no server socket there: start the managed cluster with `pilot db start`, or check PGHOST'],
  ETIMEDOUT: ['DB_UNREACHABLE', 'the server did not answer: check the host, port and firewall'],
  ENOTFOUND: ['DB_UNREACHABLE', 'the host name does not resolve: check the DSN'],
  '28P01': ['DB_AUTH_FAILED', 'wrong password: check the DSN or PGPASSWORD / ~/.pgpass'],
  '28000': ['DB_AUTH_FAILED', 'the server refused this user (pg_hba.conf): check the user name and the server\'s pg_hba.conf'],
  '3D000': ['DB_DATABASE_MISSING', 'the database does not exist: `pilot dataset list` shows what is loaded, `pilot db psql` can create it'],
  '57P03': ['DB_STARTING', 'the server is starting up or shutting down: try again in a moment'],
  '53300': ['DB_TOO_MANY_CONNECTIONS', 'too many connections: lower --concurrency or raise max_connections'],
  '25006': ['DB_READ_ONLY_VIOLATION', 'this connection is read-only (production mode): only reads are allowed'],
  '42P01': ['DB_UNDEFINED_TABLE', 'a table in the query does not exist in this database: is the right dataset loaded?'],
  '42703': ['DB_UNDEFINED_COLUMN', 'a column in the query does not exist: check the query against the schema'],
  '42601': ['DB_SYNTAX_ERROR', 'the SQL does not parse: see the position'],
};

/** Wraps whatever node-postgres threw into a DatabaseError, keeping the original as `cause`. */
export function toDatabaseError(error: unknown, where: { sql?: string; target?: string } = {}): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const e = error as PgServerError & { errno?: number };
  const key = e.code ?? '';
  const [code, hint] = HINTS[key] ?? [key.length === 5 ? 'DB_ERROR' : 'DB_CONNECTION_ERROR', undefined];
  const sqlstate = key.length === 5 ? key : undefined;
  const detail = e.detail ? ` (${e.detail})` : '';
  const at = where.target ? ` [${where.target}]` : '';
  return new DatabaseError(code, `${e.message ?? String(error)}${detail}${at}`, {
    ...(sqlstate ? { sqlstate } : {}),
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.hint || hint ? { hint: e.hint ?? hint } : {}),
    ...(e.position ? { position: Number(e.position) } : {}),
    ...where,
    cause: error,
  });
}
