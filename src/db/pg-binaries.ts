import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../errors/index.js';

/** Where the PostgreSQL server programs live and which major version they are. */
export interface PgBinaries {
  readonly bindir: string;
  readonly major: number;
  readonly version: string;
}

export class PgBinariesError extends PilotError {}

/**
 * Finds the server programs: an explicit bindir, else $PILOT_PG_BINDIR, else Debian's
 * /usr/lib/postgresql/<newest>/bin, else `pg_config --bindir`.
 */
export function findPgBinaries(explicitBindir?: string): PgBinaries {
  const candidates = [explicitBindir, process.env.PILOT_PG_BINDIR, ...debianBindirs(), pgConfigBindir()].filter(
    (d): d is string => typeof d === 'string' && d.length > 0,
  );
  for (const bindir of candidates) {
    if (!existsSync(join(bindir, 'postgres')) || !existsSync(join(bindir, 'pg_ctl'))) {
      if (bindir === explicitBindir) break;
      continue;
    }
    const version = execFileSync(join(bindir, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
    const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(version);
    if (!match) throw new PgBinariesError('PG_VERSION_UNKNOWN', `cannot read the version from "${version}"`, { context: { bindir } });
    return Object.freeze({ bindir, major: Number(match[1]), version });
  }
  throw new PgBinariesError(
    'PG_NOT_INSTALLED',
    explicitBindir
      ? `no PostgreSQL server programs (postgres, pg_ctl) in ${explicitBindir}`
      : 'no PostgreSQL server found (looked in $PILOT_PG_BINDIR, /usr/lib/postgresql/*/bin and `pg_config --bindir`)',
    { hint: 'run `npm run setup` (installs Debian\'s postgresql-15 as root), or point --bindir / PILOT_PG_BINDIR at a server\'s bin directory' },
  );
}

function debianBindirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'));
}

function pgConfigBindir(): string | undefined {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
