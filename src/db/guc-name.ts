/** A PostgreSQL setting name, optionally with an extension prefix (`work_mem`, `pg_pilot.enabled`). */
const GUC_NAME = /^[a-z_][a-z0-9_$]*(\.[a-z_][a-z0-9_$]*)?$/i;

export function isGucName(name: string): boolean {
  return GUC_NAME.test(name);
}
