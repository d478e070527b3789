import { spawn } from 'node:child_process';
import type pg from 'pg';
import { DatasetError, type DatasetErrorCode } from '../dataset-error.js';
import { displayPath } from '../registry/display-path.js';

/** Connection variables psql must not pick up from the caller's environment. */
const PG_ENV = /^PG(HOST|HOSTADDR|PORT|DATABASE|USER|SERVICE|SERVICEFILE|OPTIONS|PASSFILE|SSLMODE|TARGETSESSIONATTRS)$/;

/**
 * Runs an SQL file with psql in one transaction, stopping at the first error; on failure throws
 * `code` with psql's error, the file and the line it reports. Output is discarded.
 * `beforeVacuum`: the session flushes its table statistics (the rows the file inserted) before
 * psql exits, as a VACUUM (ANALYZE) after the load needs (see vacuumLoadedTables).
 */
export async function runPsqlFile(
  psql: string,
  connection: pg.ClientConfig,
  file: string,
  code: DatasetErrorCode,
  options: { readonly beforeVacuum?: boolean } = {},
): Promise<void> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PG_ENV.test(k)));
  env.PGOPTIONS = '-c client_min_messages=warning';
  if (connection.password !== undefined && typeof connection.password === 'string') env.PGPASSWORD = connection.password;
  const args = [
    '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-o', '/dev/null',
    '-h', String(connection.host ?? 'localhost'), '-p', String(connection.port ?? 5432),
    ...(connection.user ? ['-U', connection.user] : []),
    '-d', String(connection.database),
    '-f', file,
    // In the same transaction; the statistics flush happens when the session goes idle after its COMMIT.
    ...(options.beforeVacuum ? ['-c', 'SELECT pg_stat_force_next_flush()'] : []),
  ];
  const { exitCode, stderr } = await new Promise<{ exitCode: number; stderr: string }>((resolve, reject) => {
    const child = spawn(psql, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (err.length < 64_000) err += d;
    });
    child.on('error', (e) => reject(new DatasetError(code, `cannot run ${psql}: ${e.message}`, { context: { file }, cause: e })));
    child.on('close', (status) => resolve({ exitCode: status ?? 1, stderr: err }));
  });
  if (exitCode !== 0) throw psqlFailure(code, file, stderr, exitCode);
}

/** psql prints `psql:<file>:<line>: ERROR:  <message>` and then LINE/DETAIL/HINT lines. */
export function psqlFailure(code: DatasetErrorCode, file: string, stderr: string, exitCode: number): DatasetError {
  const lines = stderr.trimEnd().split('\n');
  const at = lines.findIndex((l) => /^psql:.*:\d+: (ERROR|FATAL):/.test(l));
  const first = at >= 0 ? /^psql:(.*):(\d+): (ERROR|FATAL):\s*(.*)$/.exec(lines[at]!) : null;
  const line = first ? Number(first[2]) : undefined;
  const message = first ? `${first[3]}: ${first[4]}` : lines.filter((l) => l.trim() !== '').slice(-3).join('\n') || `psql exited with status ${exitCode}`;
  const details = at >= 0 ? lines.slice(at + 1, at + 6).filter((l) => !l.startsWith('psql:')) : [];
  const where = `${displayPath(file)}${line !== undefined ? `:${line}` : ''}`;
  return new DatasetError(code, [`${where}: ${message}`, ...details.map((d) => `  ${d}`)].join('\n'), {
    context: { file, ...(line !== undefined ? { line } : {}), psqlExitCode: exitCode },
    hint: hintFor(message),
  });
}

function hintFor(message: string): string {
  if (/role ".*" does not exist/.test(message)) {
    return 'the file sets owners or grants for a role this cluster lacks: dump with `pg_dump --no-owner --no-privileges`, or create the role first (`pilot db psql <database> -- -c "CREATE ROLE name"`)';
  }
  if (/extension ".*" is not available|could not open extension control file/.test(message)) {
    return 'the file needs an extension that is not installed on this server; install it, or remove the CREATE EXTENSION line';
  }
  if (/already exists/.test(message)) return 'the database was not empty: import with --force to start from an empty database';
  return 'psql names the line where the failing statement ends; fix it (nothing was loaded: the file runs in one transaction), then import again';
}
