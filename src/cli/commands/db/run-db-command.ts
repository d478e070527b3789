import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseSettingPairs } from '../../../db/cluster-settings.js';
import { ManagedCluster, resolveHome, type ClusterStatus } from '../../../db/managed-cluster.js';
import { findPgBinaries } from '../../../db/pg-binaries.js';
import { PilotError } from '../../../errors/index.js';
import type { DbArgs } from './command-object.js';

export async function runDbCommand(args: DbArgs): Promise<number> {
  const say = (m: string) => process.stderr.write(`pilot db: ${m}\n`);
  const cluster = new ManagedCluster({ home: resolveHome(args.home), ...(args.bindir ? { bindir: args.bindir } : {}), log: say });
  switch (args.action) {
    case 'start':
    case 'restart': {
      let settings: Record<string, string> | undefined;
      try {
        settings = args.set ? parseSettingPairs(args.set) : undefined;
      } catch (error) {
        throw new PilotError('BAD_SETTING', `--set: ${(error as Error).message}`);
      }
      if (args.action === 'restart' && (await cluster.stop())) say('stopped');
      const status = await cluster.start({
        ...(args.port !== undefined ? { port: args.port } : {}),
        ...(settings ? { settings } : {}),
        ...(args['without-pg-pilot'] !== undefined ? { withoutPgPilot: args['without-pg-pilot'] } : {}),
      });
      printStatus(status, false);
      return 0;
    }
    case 'stop':
      say((await cluster.stop()) ? 'stopped' : 'not running');
      return 0;
    case 'status': {
      const status = await cluster.status();
      printStatus(status, args.json ?? false);
      return status.running ? 0 : 3;
    }
    case 'destroy':
      if (!args.yes) throw new PilotError('CONFIRM_REQUIRED', `destroy deletes ${cluster.paths.root} and every database in it`, { hint: 'add --yes' });
      await cluster.destroy();
      say(`deleted ${cluster.paths.root}`);
      return 0;
    case 'psql':
      return runPsql(cluster, args.database ?? 'postgres', args['--'] ?? [], args.bindir);
  }
}

function printStatus(status: ClusterStatus, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return;
  }
  const lines = [
    `cluster   ${status.paths.data}`,
    `state     ${status.running ? `running (pid ${status.pid})` : status.initialized ? 'stopped' : 'not initialized'}`,
    ...(status.port ? [`port      ${status.port} on 127.0.0.1, socket ${status.paths.socketDir}`] : []),
    ...(status.running && status.port ? [`connect   psql -h ${status.paths.socketDir} -p ${status.port} -U pilot postgres   (or: pilot db psql)`] : []),
    `pg_pilot  ${status.preload ? 'in shared_preload_libraries' : 'not preloaded (--without-pg-pilot)'}`,
    `log       ${status.paths.logFile}`,
    'settings  (change with `pilot db start --set name=value`, then `pilot db restart` for shared_buffers etc.)',
    ...Object.entries(status.settings).map(([k, v]) => `  ${k.padEnd(34)} ${v}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runPsql(cluster: ManagedCluster, database: string, extra: string[], bindir?: string): Promise<number> {
  const status = await cluster.status();
  if (!status.running) await cluster.start();
  const conn = cluster.connection(database);
  const bin = join(findPgBinaries(bindir).bindir, 'psql');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-h', conn.host, '-p', String(conn.port), '-U', conn.user, '-d', database, ...extra], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
