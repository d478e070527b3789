import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AlgorithmDefinition, AlgorithmInstance, WorkloadQuery } from '../../../algorithms/algorithm.js';
import { schemaMismatches } from '../../../algorithms/database-schema.js';
import type { CollectionResult } from '../../collect/index.js';
import { PilotError } from '../../errors/index.js';
import { lowestObjectiveTrial, referenceFor, type QueryMeasurement, type RunEnvironment, type RunRecord, type TrialRecord } from '../../results/index.js';
import { collectSessionCardinalities, type AlgorithmSession, type ModelTrainer, type RegisteredTraining } from '../experiment-session.js';
import { measureQuery } from '../measure-query.js';
import type { ExperimentSpec } from '../spec/experiment-spec.js';
import { describeLeftOut, loadWorkloadQueries, PARAMETER_REFUSAL_HINT } from '../workload-queries.js';
import { canonicalJson, sha1Hex } from './canonical-json.js';
import { checkDbSettings } from './check-db-settings.js';
import { expandTrials, type TrialPlan } from './expand-trials.js';
import type { SchedulerEvents } from './scheduler-events.js';
import { trialObjective, trialTotals } from './trial-totals.js';
import { TypedEvents } from './typed-events.js';
import { workloadColumns } from './workload-columns.js';

export interface SchedulerOptions {
  /** The dataset whose workload is timed. */
  readonly session: AlgorithmSession;
  /** The dataset models are trained on; the same object as `session` unless cross-dataset. */
  readonly trainSession: AlgorithmSession;
  readonly definitions: ReadonlyMap<string, AlgorithmDefinition>;
  /** Trains one model (in this process, or in a child process so that several run at once). */
  readonly trainer: ModelTrainer;
  /** Continue the newest unfinished run of the same experiment instead of starting a new one. */
  readonly resume: boolean;
  readonly environment: () => Promise<RunEnvironment>;
  /** Aborting stops between two queries; the run is marked interrupted and can be resumed. */
  readonly signal?: AbortSignal;
}

export interface ExperimentOutcome {
  readonly run: RunRecord;
  readonly trials: readonly TrialRecord[];
  /** The finished trial with the lowest objective, baselines included. */
  readonly best: TrialRecord | null;
  readonly queries: number;
  readonly resumed: boolean;
}

/**
 * Runs an experiment: expands the trials, trains (or reuses) a model per trial, then times the
 * workload query by query under each trial's decisions, storing each measurement as it
 * finishes. Fires the events of SchedulerEvents. Training for several trials may overlap (it
 * does not touch the timed database); timed execution runs alone, one query at a time.
 * Algorithms never open connections: they get the sessions' interactors, and the data they
 * declare in `requiredData` is collected here first (cached in the results store).
 */
export class ExperimentScheduler {
  readonly events = new TypedEvents<SchedulerEvents>();
  private truth: CollectionResult | undefined;

  constructor(
    private readonly spec: ExperimentSpec,
    private readonly options: SchedulerOptions,
  ) {}

  async run(): Promise<ExperimentOutcome> {
    const { spec, options } = this;
    const { session, trainSession } = options;
    const runtime = session.runtime;
    const store = runtime.store;
    // Everything that can be refused is refused before anything is trained or timed.
    const plans = expandTrials(spec, options.definitions);
    const workload = loadWorkloadQueries(session.entry, spec.workload.name, runtime.parser, spec.workload.limit ?? undefined);
    if (workload.queries.length === 0) {
      throw new PilotError('EXPERIMENT_EMPTY_WORKLOAD', `the ${spec.workload.name} workload of "${session.entry.name}" has no query pilot can run${workload.refusedCount > 0 ? ` (${describeLeftOut(workload)})` : ''}`, {
        context: { refused: workload.refused },
        ...(workload.refused.parameter !== undefined ? { hint: PARAMETER_REFUSAL_HINT } : {}),
      });
    }
    const training = plans.some((p) => needsModel(p.definition)) ? loadWorkloadQueries(trainSession.entry, 'train', trainSession.runtime.parser, spec.trainLimit ?? undefined) : undefined;
    for (const loaded of [workload, training]) {
      const leftOut = loaded === undefined ? undefined : describeLeftOut(loaded);
      if (leftOut !== undefined) runtime.log(`${leftOut}${loaded?.refused.parameter !== undefined ? ' (parameter: $n placeholders, which need values before they can run)' : ''}`);
    }
    if (training !== undefined && trainSession !== session) this.checkTransferable(training.queries);
    await checkDbSettings(runtime.interactor, spec.db);

    const configHash = sha1Hex(canonicalJson(spec));
    const run = this.openRun(configHash, await options.environment());
    const resumed = options.resume;
    let trials = plans.map((p) => store.runs.ensureTrial({ runId: run.id, key: p.key, index: p.index, label: p.label, algorithm: p.definition.name, params: p.params, dbSettings: p.dbSettings }));
    await this.events.emit('beforeWorkload', { run, trials, queries: workload.queries.length, resumed });
    try {
      await this.pretrain(run, plans, training?.queries ?? []);
      await this.timeWorkload(run, plans, workload.queries);
      trials = this.finishTotals(run);
      const best = lowestObjectiveTrial(trials);
      const summary = {
        queries: workload.queries.length,
        best: best === null ? null : { key: best.key, label: best.label, algorithm: best.algorithm, params: best.params, dbSettings: best.dbSettings, objective: best.objective },
        objective: spec.objective,
        failedTrials: trials.filter((t) => t.status === 'failed').map((t) => ({ label: t.label, error: t.error })),
      };
      store.runs.setRunStatus(run.id, 'finished', summary);
      const finished = store.runs.getRun(run.id) as RunRecord;
      await this.events.emit('afterWorkload', { run: finished, trials });
      return { run: finished, trials, best, queries: workload.queries.length, resumed };
    } catch (error) {
      store.runs.setRunStatus(run.id, error instanceof PilotError && error.code === 'EXPERIMENT_INTERRUPTED' ? 'interrupted' : 'failed', { error: (error as Error).message });
      throw error;
    }
  }

  private openRun(configHash: string, environment: RunEnvironment): RunRecord {
    const { spec, options } = this;
    const runs = options.session.runtime.store.runs;
    const unfinished = runs.findUnfinishedRun(configHash);
    if (options.resume) {
      if (unfinished === undefined) {
        throw new PilotError('EXPERIMENT_NOTHING_TO_RESUME', `no unfinished ${spec.kind} run of this experiment to resume`, {
          hint: 'run it without --resume to start it; `pilot results list` shows the runs',
        });
      }
      options.session.runtime.log(`resuming run ${unfinished.id} (started ${unfinished.startedAt})`);
      runs.setRunStatus(unfinished.id, 'running');
      return unfinished;
    }
    if (unfinished !== undefined) options.session.runtime.log(`run ${unfinished.id} of this experiment did not finish; --resume continues it instead of starting over`);
    return runs.createRun({
      id: `${spec.kind}-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(2).toString('hex')}`,
      kind: spec.kind,
      name: spec.name,
      dataset: spec.dataset,
      trainDataset: spec.trainDataset,
      config: spec as unknown as Record<string, unknown>,
      configHash,
      environment,
      startedAt: new Date().toISOString(),
    });
  }

  /** A model trained on another dataset must find every table and column its training workload used. */
  private checkTransferable(trainQueries: readonly WorkloadQuery[]): void {
    const { session, trainSession } = this.options;
    const problems = schemaMismatches(trainSession.runtime.schema, session.runtime.schema, workloadColumns(trainQueries));
    if (problems.length > 0) {
      throw new PilotError(
        'ALGO_SCHEMA_MISMATCH',
        `models trained on "${trainSession.entry.name}" cannot run on "${session.entry.name}": its schema lacks what the training workload uses:\n${problems.map((p) => `  ${p}`).join('\n')}`,
        { context: { trainDataset: trainSession.entry.name, dataset: session.entry.name, problems }, hint: 'train and test on datasets with the same tables and columns' },
      );
    }
  }

  /** Collects what the algorithms declare they need, once for all trials, then trains (or reuses) each trial's model. */
  private async pretrain(run: RunRecord, plans: readonly TrialPlan[], trainQueries: readonly WorkloadQuery[]): Promise<void> {
    const { spec, options } = this;
    const { trainSession } = options;
    const store = trainSession.runtime.store;
    const pending: TrialPlan[] = [];
    for (const plan of plans) {
      const trial = store.runs.getTrial(run.id, plan.key) as TrialRecord;
      if (trial.status !== 'pending' && trial.status !== 'failed') continue;
      if (!needsModel(plan.definition)) {
        const updated = store.runs.updateTrial(run.id, plan.key, { status: 'trained', error: null });
        await this.events.emit('pretraining', { trial: updated, trainDataset: spec.trainDataset, outcome: 'none-needed', modelDir: null });
        continue;
      }
      const reusable = trial.modelDir !== null && existsSync(trial.modelDir) ? trial.modelDir : spec.retrain ? undefined : this.registeredModel(plan, trainQueries.length);
      if (reusable !== undefined) {
        const updated = store.runs.updateTrial(run.id, plan.key, { status: 'trained', modelDir: reusable, error: null });
        await this.events.emit('pretraining', { trial: updated, trainDataset: spec.trainDataset, outcome: 'reused', modelDir: reusable });
        continue;
      }
      pending.push(plan);
    }
    if (pending.length === 0) return;
    if (pending.some((p) => p.definition.requiredData.includes('trueCardinalities'))) {
      trainSession.runtime.log(`collecting the true cardinalities of ${trainQueries.length} training queries' sub-plans (once for every trial; cached)`);
      await collectSessionCardinalities(trainSession, trainQueries);
    }
    const bar = trainSession.runtime.progress.bar('training trials', pending.length);
    let done = 0;
    await runPool(pending, Math.max(1, spec.trainJobs), async (plan) => {
      this.throwIfAborted();
      store.runs.updateTrial(run.id, plan.key, { startedAt: new Date().toISOString() });
      try {
        const out = join(trainSession.resultsDir, 'models', trainSession.entry.name, `${plan.definition.name}-${plan.key}`);
        const { dir, report } = await options.trainer({ definition: plan.definition, params: plan.params, limit: spec.trainLimit, out, id: `${plan.definition.name}-${plan.key}` }, trainSession);
        const updated = store.runs.updateTrial(run.id, plan.key, { status: 'trained', modelDir: dir, error: null });
        await this.events.emit('pretraining', { trial: updated, trainDataset: spec.trainDataset, outcome: 'trained', modelDir: dir, report });
      } catch (error) {
        if (error instanceof PilotError && error.code === 'EXPERIMENT_INTERRUPTED') throw error;
        trainSession.runtime.log(`trial "${plan.label}" failed to train: ${(error as Error).message}`);
        store.runs.updateTrial(run.id, plan.key, { status: 'failed', error: `training: ${(error as Error).message}` });
      }
      bar.update(++done);
    });
    bar.stop();
  }

  /** The newest registered model of the same algorithm, parameters, training queries and seed. */
  private registeredModel(plan: TrialPlan, trainQueries: number): string | undefined {
    const { trainSession } = this.options;
    const wanted = canonicalJson(plan.params);
    const models = trainSession.runtime.store.listModels({ algorithm: plan.definition.name, dataset: trainSession.entry.name });
    const sameTraining = (report: Readonly<Record<string, unknown>>) => {
      const training = report['training'] as RegisteredTraining | undefined;
      return training?.workloadQueries === trainQueries && training.seed === this.spec.seed;
    };
    const match = models.filter((m) => canonicalJson(m.params) === wanted && sameTraining(m.report) && existsSync(m.dir)).at(-1);
    return match?.dir;
  }

  private async timeWorkload(run: RunRecord, plans: readonly TrialPlan[], queries: readonly WorkloadQuery[]): Promise<void> {
    const { session } = this.options;
    const runs = session.runtime.store.runs;
    const ready = plans.filter((p) => {
      const status = (runs.getTrial(run.id, p.key) as TrialRecord).status;
      return status === 'trained';
    });
    const measured = new Map(ready.map((p) => [p.key, runs.measuredQueryIds(run.id, p.key)]));
    const total = ready.reduce((n, p) => n + queries.length - (measured.get(p.key) as Set<string>).size, 0);
    if (ready.length > 0) session.runtime.log(`timing ${total} query runs over ${ready.length} trials (${this.spec.measurement.warmups} warm-up and ${this.spec.measurement.repetitions} timed runs each, order ${this.spec.order})`);
    const bar = session.runtime.progress.bar('timed queries', total);
    const progress = { done: 0, total, bar };
    if (this.spec.order === 'query-major') {
      const live = new Map<string, LiveTrial>();
      try {
        for (const plan of ready) live.set(plan.key, await this.openTrial(run, plan));
        for (const [seq, query] of queries.entries()) {
          for (const plan of ready) await this.measureOne(run, live.get(plan.key) as LiveTrial, query, seq, measured.get(plan.key) as Set<string>, progress);
        }
        for (const plan of ready) await this.finishTrial(run, live.get(plan.key) as LiveTrial, queries);
      } finally {
        for (const trial of live.values()) trial.instance.dispose();
      }
    } else {
      for (const plan of ready) {
        const trial = await this.openTrial(run, plan);
        try {
          for (const [seq, query] of queries.entries()) await this.measureOne(run, trial, query, seq, measured.get(plan.key) as Set<string>, progress);
          await this.finishTrial(run, trial, queries);
        } finally {
          trial.instance.dispose();
        }
      }
    }
    bar.stop();
  }

  private async openTrial(run: RunRecord, plan: TrialPlan): Promise<LiveTrial> {
    const { session } = this.options;
    const record = session.runtime.store.runs.getTrial(run.id, plan.key) as TrialRecord;
    const instance = record.modelDir === null ? plan.definition.create(plan.params, session.runtime) : await plan.definition.load(record.modelDir, session.runtime);
    const started = record.startedAt === null ? session.runtime.store.runs.updateTrial(run.id, plan.key, { startedAt: new Date().toISOString() }) : record;
    return { plan, record: started, instance, sinceUpdate: [], updates: 0 };
  }

  private async measureOne(run: RunRecord, trial: LiveTrial, query: WorkloadQuery, seq: number, measured: Set<string>, progress: { done: number; total: number; bar: { update(done: number, fields?: Record<string, string>): void } }): Promise<void> {
    if (measured.has(query.id)) return;
    this.throwIfAborted();
    const { session } = this.options;
    const { measurement: policy } = this.spec;
    const decision = await trial.instance.plan(query);
    const push = { ...decision.push, settings: { ...decision.push.settings, ...trial.plan.dbSettings } };
    const result = await measureQuery(session.runtime.interactor, query.sql, push, policy);
    const measurement: QueryMeasurement = {
      runId: run.id,
      trialKey: trial.plan.key,
      queryId: query.id,
      seq,
      sql: query.sql,
      status: result.status,
      executionMs: result.status === 'error' ? null : result.executionMs,
      runsMs: result.runsMs,
      planningMs: result.planningMs,
      inferenceMs: decision.inferenceMs,
      planSignature: result.planSignature,
      plan: result.plan ?? null,
      injected: decision.push.cards !== undefined && Object.keys(decision.push.cards).length > 0 ? decision.push.cards : null,
      subplanRows: null,
      error: result.error ?? null,
      measuredAt: new Date().toISOString(),
    };
    session.runtime.store.runs.putMeasurement(measurement);
    measured.add(query.id);
    progress.bar.update(++progress.done, { trial: trial.plan.label.slice(0, 40) });
    await this.events.emit('queryFinished', { trial: trial.record, measurement, done: progress.done, total: progress.total });
    trial.sinceUpdate.push(query);
    if (this.spec.updateEvery !== null && trial.sinceUpdate.length >= this.spec.updateEvery) await this.updateModel(run, trial);
  }

  /** The periodic, incremental update: collect what the algorithm needs for the recent queries only, then update on them. */
  private async updateModel(run: RunRecord, trial: LiveTrial): Promise<void> {
    const queries = trial.sinceUpdate.splice(0);
    if (typeof trial.instance.update !== 'function') return;
    const { session } = this.options;
    const runtime = session.runtime;
    if (trial.plan.definition.requiredData.includes('trueCardinalities')) {
      await collectSessionCardinalities(session, queries, { quiet: true });
    }
    const report = await trial.instance.update(queries);
    trial.updates++;
    // Saved, so that a resumed run continues with the updated model rather than the original.
    const dir = join(session.resultsDir, 'models', session.entry.name, `${trial.plan.definition.name}-${trial.plan.key}-${run.id}-update-${trial.updates}`);
    await trial.instance.save(dir);
    trial.record = runtime.store.runs.updateTrial(run.id, trial.plan.key, { modelDir: dir });
    await this.events.emit('modelUpdate', { trial: trial.record, queries: queries.length, report });
  }

  /** The q-error data (estimators and the baseline), then the trial's objective. */
  private async finishTrial(run: RunRecord, trial: LiveTrial, queries: readonly WorkloadQuery[]): Promise<void> {
    const { session } = this.options;
    const runs = session.runtime.store.runs;
    const isBaseline = trial.plan.definition.name === 'baseline';
    const estimates = typeof trial.instance.estimateSubplans === 'function';
    const have = new Map(runs.listMeasurements(run.id, trial.plan.key).map((m) => [m.queryId, m]));
    if ((estimates || isBaseline) && this.wantsQError()) {
      const truth = await this.workloadTruth(queries);
      for (const query of queries) {
        const m = have.get(query.id);
        if (m === undefined || m.subplanRows !== null) continue;
        this.throwIfAborted();
        const rows = estimates ? await trial.instance.estimateSubplans!(query) : await this.postgresEstimates(query, trial.plan.dbSettings);
        const entry: Record<string, { estimated: number; truth: number | null }> = {};
        for (const { key, rows: actual } of truth.perQuery.get(query.id) ?? []) {
          const estimated = rows.get(key);
          if (estimated !== undefined) entry[key] = { estimated, truth: actual };
        }
        runs.setSubplanRows(run.id, trial.plan.key, query.id, entry);
        have.set(query.id, { ...m, subplanRows: entry });
      }
    }
    const updated = runs.updateTrial(run.id, trial.plan.key, {
      status: 'finished',
      objective: trialObjective(this.spec.objective, [...have.values()], this.spec.measurement.timeoutMs),
      finishedAt: new Date().toISOString(),
    });
    await this.events.emit('trialFinished', { trial: updated });
  }

  private wantsQError(): boolean {
    return this.spec.objective === 'qerror' || this.spec.algorithms.some((a) => this.options.definitions.get(a.name)?.requiredData.includes('trueCardinalities'));
  }

  private async workloadTruth(queries: readonly WorkloadQuery[]): Promise<CollectionResult> {
    this.truth ??= await collectSessionCardinalities(this.options.session, queries);
    return this.truth;
  }

  /** PostgreSQL's own sub-plan estimates (an EXPLAIN: the query is not run). */
  private async postgresEstimates(query: WorkloadQuery, settings: Readonly<Record<string, string>>): Promise<Map<string, number>> {
    const planned = await this.options.session.runtime.interactor.execute(query.sql, { pull: ['cost', 'subplanEstimates'], push: { settings } });
    return new Map((planned.status === 'ok' ? (planned.subplanEstimates ?? []) : []).filter((e) => e.level === 1).map((e) => [e.key, e.plannerRows]));
  }

  private finishTotals(run: RunRecord): TrialRecord[] {
    const runs = this.options.session.runtime.store.runs;
    const trials = runs.listTrials(run.id);
    const measurements = runs.listMeasurements(run.id);
    for (const trial of trials) {
      if (trial.status !== 'finished') continue;
      const reference = referenceFor(trial, trials);
      runs.updateTrial(run.id, trial.key, { totals: { ...trialTotals(trial, reference, measurements) } });
    }
    return runs.listTrials(run.id);
  }

  private throwIfAborted(): void {
    if (this.options.signal?.aborted) {
      throw new PilotError('EXPERIMENT_INTERRUPTED', 'interrupted; the measurements so far are stored', { hint: 'run the same command with --resume to finish it' });
    }
  }
}

interface LiveTrial {
  readonly plan: TrialPlan;
  /** The trial as stored; updated when the trial's model changes. */
  record: TrialRecord;
  readonly instance: AlgorithmInstance;
  readonly sinceUpdate: WorkloadQuery[];
  updates: number;
}

function needsModel(definition: AlgorithmDefinition): boolean {
  return definition.requiredData.length > 0;
}

/** Runs `work` over `items` with at most `limit` at once; the first failure stops new work and is rethrown. */
async function runPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure !== undefined) throw failure;
}
