import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { PilotError } from '../errors/index.js';
import { DEFAULT_CLUSTER_SETTINGS, renderConf, requiredSettings } from './cluster-settings.js';
import { findFreePort, isPortFree } from './free-port.js';
import { findPgBinaries, type PgBinaries } from './pg-binaries.js';
import { resolveServerUser, type ServerUser } from './server-user.js';

export class ClusterError extends PilotError {}

/** The superuser role initdb creates; local connections trust it (the socket is private). */
export const CLUSTER_USER = 'pilot';

export interface ClusterPaths {
  readonly root: string;
  readonly data: string;
  readonly socketDir: string;
  readonly logFile: string;
  readonly stateFile: string;
}

/** What pilot remembers about its cluster between commands (`<home>/pg/cluster.json`). */
export interface ClusterState {
  port: number;
  major: number;
  settings: Record<string, string>;
  preload: boolean;
}

export interface ClusterStatus {
  readonly initialized: boolean;
  readonly running: boolean;
  readonly pid?: number;
  readonly port?: number;
  readonly major?: number;
  readonly paths: ClusterPaths;
  readonly settings: Record<string, string>;
  readonly preload: boolean;
}

export interface ClusterConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

export interface StartOptions {
  /** A port the user asked for: it is an error if it is taken. */
  port?: number;
  /** Settings to add or change; persisted for later starts. */
  settings?: Record<string, string>;
  /** Start without pg_pilot in shared_preload_libraries. */
  withoutPgPilot?: boolean;
}

export interface ManagedClusterOptions {
  /** Directory for local state; the cluster lives in `<home>/pg`. */
  home: string;
  bindir?: string;
  /** Progress messages ("initdb ...", "started on port ..."). */
  log?: (message: string) => void;
}

/** Unix socket paths are limited to 107 bytes; fall back to a short private directory in /tmp. */
const MAX_SOCKET_PATH = 100;

export function resolveHome(explicit?: string): string {
  return resolve(explicit ?? process.env.PILOT_HOME ?? join(process.cwd(), '.pilot'));
}

/**
 * A private PostgreSQL cluster that pilot initializes, starts and stops: data directory under
 * the project, its own port and unix socket, pg_pilot preloaded. It runs as an unprivileged
 * user when pilot runs as root.
 */
export class ManagedCluster {
  readonly paths: ClusterPaths;
  private readonly log: (message: string) => void;
  private readonly bindirOption: string | undefined;

  constructor(options: ManagedClusterOptions) {
    const root = join(resolve(options.home), 'pg');
    const nearSocket = join(root, 'run');
    const socketDir =
      nearSocket.length + '/.s.PGSQL.65535'.length <= MAX_SOCKET_PATH
        ? nearSocket
        : `/tmp/pilot-${createHash('sha1').update(root).digest('hex').slice(0, 10)}`;
    this.paths = Object.freeze({
      root,
      data: join(root, 'data'),
      socketDir,
      logFile: join(root, 'server.log'),
      stateFile: join(root, 'cluster.json'),
    });
    this.log = options.log ?? (() => {});
    this.bindirOption = options.bindir;
  }

  connection(database = 'postgres'): ClusterConnection {
    const state = this.readState();
    if (!state) throw notInitialized(this.paths);
    return Object.freeze({ host: this.paths.socketDir, port: state.port, user: CLUSTER_USER, database });
  }

  async status(): Promise<ClusterStatus> {
    const state = this.readState();
    const initialized = existsSync(join(this.paths.data, 'PG_VERSION'));
    const pid = initialized ? this.livePostmasterPid() : undefined;
    return Object.freeze({
      initialized,
      running: pid !== undefined,
      ...(pid !== undefined ? { pid } : {}),
      ...(state ? { port: state.port, major: state.major } : {}),
      paths: this.paths,
      settings: { ...DEFAULT_CLUSTER_SETTINGS, ...(state?.settings ?? {}) },
      preload: state?.preload ?? true,
    });
  }

  /** Initializes (first time) and starts the cluster; a no-op apart from a message when it runs. */
  async start(options: StartOptions = {}): Promise<ClusterStatus> {
    const bins = findPgBinaries(this.bindirOption);
    const user = resolveServerUser();
    if (!existsSync(join(this.paths.data, 'PG_VERSION'))) await this.initdb(bins, user);
    this.checkMajorVersion(bins);

    let state = this.readState() ?? { port: 0, major: bins.major, settings: {}, preload: true };
    if (options.settings) state = { ...state, settings: { ...state.settings, ...options.settings } };
    if (options.withoutPgPilot !== undefined) state = { ...state, preload: !options.withoutPgPilot };

    if (this.livePostmasterPid() !== undefined) {
      this.writeState(state);
      if (options.settings && Object.keys(options.settings).length > 0) {
        this.writeConf(state);
        await this.pgCtl(bins, user, ['reload', '-D', this.paths.data]);
        this.log('settings written and reloaded; settings that need a restart take effect after `pilot db restart`');
      }
      this.log(`already running on port ${state.port} (socket ${this.paths.socketDir})`);
      return this.status();
    }

    state = { ...state, port: await this.choosePort(state.port, options.port) };
    if (state.preload) this.checkExtensionInstalled(bins);
    this.writeState(state);
    this.writeConf(state);
    this.prepareSocketDir(user);
    this.log(`starting PostgreSQL ${bins.major} on port ${state.port} (data ${this.paths.data})`);
    try {
      await this.pgCtl(bins, user, ['start', '-w', '-t', '60', '-D', this.paths.data, '-l', this.paths.logFile]);
    } catch (error) {
      throw new ClusterError('CLUSTER_START_FAILED', `PostgreSQL did not start:\n${this.logTail()}`, {
        context: { logFile: this.paths.logFile },
        hint: `read ${this.paths.logFile}; \`pilot db start --set name=value\` fixes a bad setting`,
        cause: error,
      });
    }
    if (state.preload) await this.createExtension(['template1', 'postgres']);
    return this.status();
  }

  async stop(): Promise<boolean> {
    if (this.livePostmasterPid() === undefined) return false;
    const bins = findPgBinaries(this.bindirOption);
    await this.pgCtl(bins, resolveServerUser(), ['stop', '-w', '-m', 'fast', '-D', this.paths.data]);
    return true;
  }

  /** Deletes the cluster and all its databases. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.paths.root, { recursive: true, force: true });
    if (this.paths.socketDir.startsWith('/tmp/pilot-')) rmSync(this.paths.socketDir, { recursive: true, force: true });
  }

  private async initdb(bins: PgBinaries, user: ServerUser): Promise<void> {
    // The home (e.g. ./.pilot) stays world-enterable; only the cluster directory is private.
    mkdirSync(dirname(this.paths.root), { recursive: true, mode: 0o755 });
    if (user.switchUser) assertReachableBy(user, this.paths.root);
    if (!existsSync(this.paths.root)) mkdirSync(this.paths.root, { mode: 0o700 });
    if (user.switchUser) chownSync(this.paths.root, user.uid, user.gid);
    this.log(`initializing a new PostgreSQL ${bins.major} cluster in ${this.paths.data} (runs as ${user.name})`);
    await runAs(user, join(bins.bindir, 'initdb'), [
      '-D', this.paths.data, '-U', CLUSTER_USER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync',
    ], this.paths.root);
    appendFileSync(join(this.paths.data, 'postgresql.conf'), "\ninclude_if_exists = 'pilot.conf'\n");
  }

  /** pg_pilot's SQL functions in template1 reach every database created afterwards. */
  private async createExtension(databases: string[]): Promise<void> {
    for (const database of databases) {
      const client = new pg.Client(this.connection(database));
      await client.connect();
      try {
        await client.query('CREATE EXTENSION IF NOT EXISTS pg_pilot');
      } finally {
        await client.end();
      }
    }
  }

  private checkMajorVersion(bins: PgBinaries): void {
    const dataMajor = Number(readFileSync(join(this.paths.data, 'PG_VERSION'), 'utf8').trim());
    if (dataMajor !== bins.major) {
      throw new ClusterError(
        'CLUSTER_VERSION_MISMATCH',
        `the data directory ${this.paths.data} was made by PostgreSQL ${dataMajor}, but the server found is PostgreSQL ${bins.major} (${bins.bindir})`,
        {
          context: { dataMajor, serverMajor: bins.major },
          hint: `start it with that version's programs (--bindir /usr/lib/postgresql/${dataMajor}/bin), or delete it with \`pilot db destroy --yes\` and start afresh (its databases are lost)`,
        },
      );
    }
  }

  private checkExtensionInstalled(bins: PgBinaries): void {
    const lib = join(dirname(bins.bindir), 'lib', 'pg_pilot.so');
    if (!existsSync(lib)) {
      throw new ClusterError('PG_PILOT_NOT_INSTALLED', `the pg_pilot extension is not installed for PostgreSQL ${bins.major} (no ${lib})`, {
        hint: 'run `npm run setup` to build and install it, or start without it: `pilot db start --without-pg-pilot`',
      });
    }
  }

  private async choosePort(saved: number, requested: number | undefined): Promise<number> {
    if (requested !== undefined) {
      if (!(await isPortFree(requested))) {
        throw new ClusterError('PORT_IN_USE', `port ${requested} is in use by another program`, {
          context: { port: requested },
          hint: 'pick another with --port, or leave --port out and pilot picks a free one',
        });
      }
      return requested;
    }
    if (saved > 0 && (await isPortFree(saved))) return saved;
    const port = await findFreePort(saved > 0 ? saved + 1 : 54320);
    if (saved > 0) this.log(`port ${saved} is taken by another program; using ${port} instead`);
    return port;
  }

  private prepareSocketDir(user: ServerUser): void {
    mkdirSync(this.paths.socketDir, { recursive: true, mode: 0o755 });
    if (user.switchUser) chownSync(this.paths.socketDir, user.uid, user.gid);
  }

  /**
   * The postmaster's pid when it is alive, else undefined. A postmaster.pid whose process is
   * gone, or belongs to something else, is stale: it is removed, with a message.
   */
  private livePostmasterPid(): number | undefined {
    const pidFile = join(this.paths.data, 'postmaster.pid');
    if (!existsSync(pidFile)) return undefined;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid, this.paths.data)) return pid;
    rmSync(pidFile, { force: true });
    this.log(`removed a stale postmaster.pid (process ${pid} is not this cluster's server; it probably crashed or the machine restarted)`);
    return undefined;
  }

  private readState(): ClusterState | undefined {
    if (!existsSync(this.paths.stateFile)) return undefined;
    try {
      return JSON.parse(readFileSync(this.paths.stateFile, 'utf8')) as ClusterState;
    } catch (error) {
      throw new ClusterError('CLUSTER_STATE_CORRUPT', `cannot read ${this.paths.stateFile}`, {
        hint: 'delete that file; the next `pilot db start` writes it again',
        cause: error,
      });
    }
  }

  private writeState(state: ClusterState): void {
    writeFileSync(this.paths.stateFile, `${JSON.stringify(state, null, 2)}\n`);
  }

  private writeConf(state: ClusterState): void {
    const settings = { ...DEFAULT_CLUSTER_SETTINGS, ...state.settings, ...requiredSettings(state.port, this.paths.socketDir, state.preload, state.settings.shared_preload_libraries) };
    writeFileSync(join(this.paths.data, 'pilot.conf'), renderConf(settings));
  }

  private async pgCtl(bins: PgBinaries, user: ServerUser, args: string[]): Promise<void> {
    await runAs(user, join(bins.bindir, 'pg_ctl'), args, this.paths.root);
  }

  private logTail(lines = 15): string {
    if (!existsSync(this.paths.logFile)) return '(no server log)';
    return readFileSync(this.paths.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }
}

function notInitialized(paths: ClusterPaths): ClusterError {
  return new ClusterError('CLUSTER_NOT_INITIALIZED', `there is no managed cluster in ${paths.root}`, {
    hint: 'run `pilot db start`, or pass --dsn to use another server',
  });
}

/** Whether `pid` is a live postgres process serving `dataDir` (guards against reused pids). */
function isPostgresProcess(pid: number, dataDir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('postgres') && cmdline.includes(dataDir);
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

function runAs(user: ServerUser, file: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      file,
      args,
      {
        cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', HOME: cwd },
        ...(user.switchUser ? { uid: user.uid, gid: user.gid } : {}),
      },
      (error, stdout, stderr) => {
        if (error) reject(new ClusterError('SERVER_COMMAND_FAILED', `${file} ${args.join(' ')} failed: ${stderr.trim() || error.message}`, { cause: error }));
        else resolvePromise(stdout);
      },
    );
  });
}

/** The unprivileged server user must be able to walk down to the cluster directory. */
function assertReachableBy(user: ServerUser, target: string): void {
  let dir = dirname(target);
  while (!existsSync(dir)) dir = dirname(dir);
  for (let d = dir; ; d = dirname(d)) {
    const st = statSync(d);
    const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) {
      throw new ClusterError('CLUSTER_DIR_UNREACHABLE', `the server runs as "${user.name}", who cannot enter ${d} (on the way to ${target})`, {
        hint: `put pilot's state elsewhere (--home /var/lib/pilot or PILOT_HOME=...), or allow it: chmod o+x ${d}`,
      });
    }
    if (d === dirname(d)) break;
  }
}
