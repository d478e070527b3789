import { isGucName } from './guc-name.js';

/**
 * Server settings the managed cluster starts with. They favour repeatable timings over
 * durability: the cluster only holds data that pilot can regenerate or re-import.
 * Every one is visible in `pilot db status` and can be changed with `pilot db start --set k=v`.
 */
export const DEFAULT_CLUSTER_SETTINGS: Readonly<Record<string, string>> = Object.freeze({
  // JIT compilation adds tens of ms of noise to short analytical queries.
  jit: 'off',
  // Parallel plans make timings depend on the load of a 2-core machine; opt in with --set.
  max_parallel_workers_per_gather: '0',
  shared_buffers: '512MB',
  work_mem: '16MB',
  maintenance_work_mem: '256MB',
  effective_cache_size: '4GB',
  // Reproducible data: loading speed matters more than crash safety.
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_wal_size: '4GB',
  autovacuum: 'on',
  log_min_messages: 'warning',
  max_connections: '100',
});

/**
 * Settings pilot itself needs and the user cannot override. With `preload`, pg_pilot is added to
 * the libraries the user asked for (`--set shared_preload_libraries=pg_stat_statements` keeps
 * both) rather than replacing them.
 */
export function requiredSettings(port: number, socketDir: string, preload: boolean, userPreload?: string): Record<string, string> {
  return {
    port: String(port),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    ...(preload ? { shared_preload_libraries: withPgPilot(userPreload) } : {}),
  };
}

/** `pg_pilot` first, then the other listed libraries once each (the list is comma-separated, quotes allowed). */
function withPgPilot(list: string | undefined): string {
  const names = (list ?? '').split(',').map((n) => n.trim().replace(/^"(.*)"$/, '$1')).filter((n) => n.length > 0);
  return [...new Set(['pg_pilot', ...names])].join(',');
}

/** Parses `name=value` pairs from the command line; throws on a malformed pair. */
export function parseSettingPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!isGucName(name)) throw new Error(`"${pair}" is not name=value with a valid setting name`);
    out[name] = pair.slice(eq + 1).trim();
  }
  return out;
}

/** Renders settings as postgresql.conf lines, quoting every value. */
export function renderConf(settings: Record<string, string>): string {
  const lines = Object.entries(settings).map(([k, v]) => `${k} = '${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
  return `# Written by pilot (pilot db start). Edit with \`pilot db start --set name=value\`.\n${lines.join('\n')}\n`;
}
