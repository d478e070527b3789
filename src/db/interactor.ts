import pg from 'pg';
import { PilotError } from '../errors/index.js';
import { formatCardHints } from './card-hints.js';
import { DatabaseError, toDatabaseError } from './database-error.js';
import { isGucName } from './guc-name.js';
import { parseExplainJson } from './explain/parse-explain-json.js';
import type { ExplainResult } from './explain/plan-node.js';
import { assertReadOnlySql } from './read-only-guard.js';

/** What to inject for one call. Nothing pushed outlives the call (all of it is transaction-local). */
export interface Push {
  /** Rows by sub-plan key (sorted aliases joined by spaces), injected through pg_pilot. */
  readonly cards?: Readonly<Record<string, number>>;
  /** Planner and executor settings (GUCs), e.g. `{ enable_hashjoin: 'off', work_mem: '64MB' }`. */
  readonly settings?: Readonly<Record<string, string | number | boolean>>;
}

export const PULL_KINDS = ['plan', 'cost', 'executionTime', 'statementTime', 'records', 'subplanEstimates'] as const;
export type PullKind = (typeof PULL_KINDS)[number];

export interface ExecuteOptions {
  readonly push?: Push;
  readonly pull?: readonly PullKind[];
  /** Server-side statement timeout; the query is cancelled on the server when it passes. */
  readonly timeoutMs?: number;
}

/** One sub-plan the planner built for the statement: its own estimate and what was injected. */
export interface SubplanEstimate {
  readonly key: string;
  readonly relations: number;
  readonly plannerRows: number;
  readonly injectedRows: number | null;
  /** 1 for the statement itself, 2+ for subqueries planned inside it (keys may repeat across levels). */
  readonly level: number;
}

export interface ExecuteOk {
  readonly status: 'ok';
  /** Wall time of the whole call as seen by the client, in ms. */
  readonly elapsedMs: number;
  /** With `executionTime` pulled, this plan carries actual rows (EXPLAIN ANALYZE, TIMING OFF). */
  readonly plan?: ExplainResult;
  readonly cost?: number;
  readonly planningTimeMs?: number;
  readonly executionTimeMs?: number;
  /**
   * With `statementTime` pulled: the client's wall time of the statement itself, run as plain SQL
   * (no EXPLAIN instrumentation; planning and the round trip included, the transaction and the
   * pushed settings around it not).
   */
  readonly statementMs?: number;
  readonly records?: Record<string, unknown>[];
  readonly subplanEstimates?: SubplanEstimate[];
}

export interface ExecuteTimeout {
  readonly status: 'timeout';
  readonly timeoutMs: number;
  readonly elapsedMs: number;
}

export type ExecuteResult = ExecuteOk | ExecuteTimeout;

export interface InteractorOptions {
  /** node-postgres pool settings (host, port, user, database, connectionString...). */
  readonly connection: pg.PoolConfig;
  /** Refuse anything but reads: for production databases. */
  readonly readOnly?: boolean;
  readonly poolSize?: number;
  /** Shown in error messages to say which database failed. */
  readonly label?: string;
}

const QUERY_CANCELED = '57014';

/**
 * The only path between pilot and PostgreSQL: executes one statement with what to push and
 * what to pull, each call in its own transaction so no setting or hint leaks to the next.
 */
export class Interactor {
  readonly readOnly: boolean;
  private readonly pool: pg.Pool;
  private readonly label: string;
  private pgPilotLoaded: Promise<boolean> | undefined;

  constructor(options: InteractorOptions) {
    this.readOnly = options.readOnly ?? false;
    this.label = options.label ?? describeConnection(options.connection);
    this.pool = new pg.Pool({
      ...options.connection,
      max: options.poolSize ?? 4,
      ...(this.readOnly ? { options: `${options.connection.options ?? ''} -c default_transaction_read_only=on`.trim() } : {}),
    });
    // Errors on idle clients (server restart) must not crash the process; the next call reports them.
    this.pool.on('error', () => {});
  }

  async execute(sql: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    const pull = new Set(options.pull ?? []);
    for (const kind of pull) {
      if (!(PULL_KINDS as readonly string[]).includes(kind)) throw new PilotError('BAD_PULL', `unknown pull "${kind}"; known: ${PULL_KINDS.join(', ')}`);
    }
    if (this.readOnly) await assertReadOnlySql(sql);
    const cards = options.push?.cards && Object.keys(options.push.cards).length > 0 ? formatCardHints(options.push.cards) : undefined;
    if ((cards !== undefined || pull.has('subplanEstimates')) && !(await this.hasPgPilot())) {
      throw new PilotError('PG_PILOT_MISSING', `pg_pilot is not loaded in ${this.label}: cardinalities cannot be pushed nor sub-plans pulled`, {
        hint: 'use the managed cluster (`pilot db start`), or add pg_pilot to shared_preload_libraries and CREATE EXTENSION pg_pilot',
      });
    }

    const started = performance.now();
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      await client.query(this.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
      await this.applyPush(client, options, cards);
      const result = await this.runPulls(client, sql, pull);
      await client.query(this.readOnly ? 'ROLLBACK' : 'COMMIT');
      return { status: 'ok', elapsedMs: performance.now() - started, ...result };
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      if ((error as { code?: string }).code === QUERY_CANCELED && options.timeoutMs !== undefined) {
        return { status: 'timeout', timeoutMs: options.timeoutMs, elapsedMs: performance.now() - started };
      }
      if (error instanceof PilotError) throw error;
      throw toDatabaseError(error, { sql, target: this.label });
    } finally {
      client.release(broken);
    }
  }

  /** COUNT(*) of a sub-plan's SQL (see src/sql): the true cardinality, or a timeout. */
  async trueCardinality(countSql: string, options: { timeoutMs?: number } = {}): Promise<{ status: 'ok'; rows: number; elapsedMs: number } | ExecuteTimeout> {
    const result = await this.execute(countSql, { pull: ['records'], ...options });
    if (result.status === 'timeout') return result;
    const first = result.records?.[0];
    const value = first ? Object.values(first)[0] : undefined;
    const rows = Number(value);
    if (!Number.isFinite(rows)) throw new PilotError('NOT_A_COUNT', `expected one numeric value from the count query, got ${JSON.stringify(first)}`, { context: { sql: countSql } });
    return { status: 'ok', rows, elapsedMs: result.elapsedMs };
  }

  /** Server facts to record with every result. */
  async environment(): Promise<{ serverVersion: string; pgPilotVersion: string | null }> {
    const client = await this.connect();
    try {
      const { rows } = await client.query<{ v: string }>('SHOW server_version');
      const pilot = (await this.hasPgPilot())
        ? (await client.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'pg_pilot'")).rows[0]?.v ?? null
        : null;
      return { serverVersion: rows[0]?.v ?? 'unknown', pgPilotVersion: pilot };
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw toDatabaseError(error, { target: this.label });
    }
  }

  private async applyPush(client: pg.PoolClient, options: ExecuteOptions, cards: string | undefined): Promise<void> {
    const settings: [string, string][] = Object.entries(options.push?.settings ?? {}).map(([k, v]) => [k, String(v)]);
    if (options.timeoutMs !== undefined) {
      if (!(options.timeoutMs > 0)) throw new PilotError('BAD_TIMEOUT', `timeoutMs must be > 0, got ${options.timeoutMs}`);
      settings.push(['statement_timeout', String(Math.ceil(options.timeoutMs))]);
    }
    if (cards !== undefined) settings.push(['pg_pilot.card_hints', cards]);
    for (const [name, value] of settings) {
      if (!isGucName(name)) throw new PilotError('BAD_SETTING', `"${name}" is not a valid setting name`);
      // set_config(..., is_local => true) lasts until the end of this call's transaction.
      await client.query('SELECT set_config($1, $2, true)', [name, value]);
    }
  }

  private async runPulls(client: pg.PoolClient, sql: string, pull: Set<PullKind>): Promise<Partial<ExecuteOk>> {
    const out: { -readonly [K in keyof ExecuteOk]?: ExecuteOk[K] } = {};
    const analyze = pull.has('executionTime');
    const explain = analyze || pull.has('plan') || pull.has('cost');
    if (pull.has('records') || pull.has('statementTime') || !explain) {
      const started = performance.now();
      const result = await client.query(sql);
      if (pull.has('statementTime')) out.statementMs = performance.now() - started;
      if (pull.has('records')) out.records = result.rows as Record<string, unknown>[];
    }
    if (explain) {
      const options = analyze ? 'ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON' : 'SUMMARY ON, FORMAT JSON';
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (${options}) ${sql}`);
      const plan = parseExplainJson(rows[0]?.['QUERY PLAN']);
      if (pull.has('plan')) out.plan = plan;
      if (pull.has('cost')) out.cost = plan.root.totalCost;
      if (plan.planningTimeMs !== undefined) out.planningTimeMs = plan.planningTimeMs;
      if (analyze && plan.executionTimeMs !== undefined) out.executionTimeMs = plan.executionTimeMs;
    }
    if (pull.has('subplanEstimates')) {
      const { rows } = await client.query<{ key: string; relations: number; planner_rows: number; injected_rows: number | null; level: number }>(
        'SELECT key, relations, planner_rows, injected_rows, level FROM pg_pilot_subplans()',
      );
      out.subplanEstimates = rows.map((r) => ({ key: r.key, relations: r.relations, plannerRows: r.planner_rows, injectedRows: r.injected_rows, level: r.level }));
    }
    return out;
  }

  private hasPgPilot(): Promise<boolean> {
    this.pgPilotLoaded ??= this.connect().then(async (client) => {
      try {
        const { rows } = await client.query(
          "SELECT 1 FROM pg_settings WHERE name = 'pg_pilot.card_hints' UNION ALL SELECT 2 FROM pg_proc WHERE proname = 'pg_pilot_subplans'",
        );
        return rows.length >= 2;
      } finally {
        client.release();
      }
    });
    return this.pgPilotLoaded;
  }
}

export function describeConnection(config: pg.PoolConfig): string {
  if (config.connectionString) return config.connectionString.replace(/:[^:@/]*@/, ':***@');
  return `${config.user ?? ''}@${config.host ?? 'localhost'}:${config.port ?? 5432}/${config.database ?? ''}`;
}

export { DatabaseError };
