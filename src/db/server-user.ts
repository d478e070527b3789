import { execFileSync } from 'node:child_process';
import { PilotError } from '../errors/index.js';

/** The OS account the managed server runs as: PostgreSQL refuses to run as root. */
export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** True when we must switch to this user to run server programs (we are root). */
  readonly switchUser: boolean;
}

export function resolveServerUser(): ServerUser {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) {
    return Object.freeze({ name: process.env.USER ?? String(uid), uid, gid: process.getgid?.() ?? 0, switchUser: false });
  }
  const name = process.env.PILOT_SERVER_USER ?? 'postgres';
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Object.freeze({ name, uid: id('-u'), gid: id('-g'), switchUser: true });
  } catch {
    throw new PilotError('SERVER_USER_MISSING', `running as root, and there is no unprivileged user "${name}" to run PostgreSQL as`, {
      hint: 'install postgresql-15 (it creates the "postgres" user), or set PILOT_SERVER_USER to an existing unprivileged user',
    });
  }
}
