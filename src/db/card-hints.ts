import { PilotError } from '../errors/index.js';
import { compareBytes } from '../sql/subplan-key.js';

/**
 * Formats cardinalities by sub-plan key into pg_pilot's `pg_pilot.card_hints` value:
 * `key=rows` entries joined by `,`, where a key is its aliases sorted by byte order and
 * joined by single spaces. Validated here too, so a bad push fails before reaching the server.
 */
export function formatCardHints(cards: Readonly<Record<string, number>>): string {
  const entries: string[] = [];
  for (const [rawKey, rows] of Object.entries(cards)) {
    const aliases = rawKey.trim().split(/\s+/);
    if (aliases.some((a) => a === '' || /[=,\s]/.test(a))) {
      throw new PilotError('BAD_CARD_KEY', `sub-plan key "${rawKey}" is not a space-separated list of aliases (aliases cannot contain "=", "," or spaces)`);
    }
    const key = canonicalKey(aliases);
    if (!Number.isFinite(rows) || rows < 0) {
      throw new PilotError('BAD_CARD_VALUE', `cardinality for "${key}" must be a finite number >= 0, got ${rows}`);
    }
    entries.push(`${key}=${formatRows(rows)}`);
  }
  return entries.join(',');
}

/** Aliases sorted by UTF-8 byte order (as strcmp does in the extension), duplicates refused. */
export function canonicalKey(aliases: readonly string[]): string {
  const sorted = [...aliases].sort(compareBytes);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new PilotError('BAD_CARD_KEY', `sub-plan key repeats alias "${sorted[i]}"`);
  }
  return sorted.join(' ');
}

/** Shortest text that reads back as the same double (JS's own number printing). */
function formatRows(rows: number): string {
  return String(rows);
}
