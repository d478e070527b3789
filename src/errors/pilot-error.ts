/**
 * Every error a user can cause is a PilotError with a stable `code`. Callers branch on `code`,
 * never on message text. `context` carries what is needed to fix it (file, line, SQLSTATE, ...).
 */
export type PilotErrorContext = Record<string, unknown>;

/** A registry-wide symbol, so errors are recognized even across duplicated module instances. */
const PILOT_ERROR = Symbol.for('pilot.error');

export class PilotError extends Error {
  readonly [PILOT_ERROR] = true;
  readonly code: string;
  readonly context: PilotErrorContext;
  /** What the user can do about it, printed by the CLI under the message. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { context?: PilotErrorContext; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = options.context ?? {};
    this.hint = options.hint;
  }
}

export function isPilotError(e: unknown): e is PilotError {
  return e instanceof PilotError || (typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[PILOT_ERROR] === true);
}
