/**
 * Executes a plan against Thulium, part of the `apply` use case: campaigns in parallel
 * (bounded), each campaign's operations in order, each success recorded in the state
 * right after Thulium accepted it, never before. Reports progress through events; never
 * writes to the terminal itself.
 */
import {
  type Operation,
  recordAfter,
  recordWithoutRequests,
  type StateRecord,
} from "../core/operation.js";
import type { Plan, PlannedChange } from "../core/plan.js";
import type { AppliedCampaign } from "../core/state.js";
import { ApiError } from "../errors.js";
import type { CampaignApi } from "../io/thulium/index.js";
import { runPool } from "./pool.js";

/** The slice of the state recorder that apply needs (see src/io/state/recorder.ts). */
export interface AppliedRecorder {
  record(id: string, applied: AppliedCampaign): Promise<void>;
  forget(id: string): Promise<void>;
  /**
   * Set once recording has failed (e.g. the state file was replaced by another program).
   * With a lagging recorder that happens between records; no request starts after it.
   */
  readonly failure?: unknown;
}

export interface CampaignOutcome {
  change: PlannedChange;
  durationMs: number;
  /** Absent on success. */
  error?: ApiError;
}

export interface ExecuteEvents {
  onOutcome?(outcome: CampaignOutcome, done: number, total: number): void;
}

export interface ExecuteOptions {
  api: CampaignApi;
  recorder: AppliedRecorder;
  /** The state's entries the plan was computed from: each campaign's record before apply. */
  recorded: Readonly<Record<string, AppliedCampaign>>;
  concurrency: number;
  /** Aborted on Ctrl-C: no new request starts; those in flight finish and are recorded. */
  signal: AbortSignal;
  events?: ExecuteEvents;
  /** Injected clock for durations (ms). */
  now?: () => number;
}

export interface ExecuteResult {
  succeeded: PlannedChange[];
  failed: { change: PlannedChange; error: ApiError }[];
  /** Changes never started, because of Ctrl-C or a fatal error. */
  notStarted: PlannedChange[];
  /** A 401/403 that stopped the run. */
  fatal?: ApiError;
  interrupted: boolean;
}

export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<ExecuteResult> {
  const now = options.now ?? (() => performance.now());
  const result: ExecuteResult = { succeeded: [], failed: [], notStarted: [], interrupted: false };
  const total = plan.changes.length;
  let done = 0;
  // A failure to write the state (disk full, permissions) is not the campaign's fault and
  // would repeat for every campaign: stop starting new requests and surface it.
  let storageError: unknown;

  const perform = async (change: PlannedChange) => {
    const started = now();
    try {
      await send(change, options);
      result.succeeded.push(change);
      options.events?.onOutcome?.({ change, durationMs: now() - started }, ++done, total);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        storageError ??= error;
        return;
      }
      const apiError = error;
      result.failed.push({ change, error: apiError });
      if (apiError.details.fatal && result.fatal === undefined) result.fatal = apiError;
      options.events?.onOutcome?.(
        { change, durationMs: now() - started, error: apiError },
        ++done,
        total,
      );
    }
  };

  const stop = () =>
    options.signal.aborted ||
    result.fatal !== undefined ||
    storageError !== undefined ||
    options.recorder.failure !== undefined;
  const { started } = await runPool(plan.changes, options.concurrency, perform, stop);
  result.notStarted = plan.changes.slice(started);
  result.interrupted = options.signal.aborted;
  storageError ??= options.recorder.failure;
  if (storageError !== undefined) throw storageError;
  return result;
}

/**
 * One campaign: its operations in order, each recorded as soon as Thulium accepted it (so
 * a failure later in the change leaves the earlier ones recorded, and the state is never
 * ahead of Thulium); a change with no operation (a forget, or a membership-only record
 * change) only changes the state.
 */
async function send(change: PlannedChange, options: ExecuteOptions): Promise<void> {
  let entry = Object.hasOwn(options.recorded, change.id) ? options.recorded[change.id] : undefined;
  const withoutRequests = recordWithoutRequests(change, entry);
  if (withoutRequests !== undefined) {
    await write(change.id, withoutRequests, options.recorder);
    return;
  }
  for (const operation of change.operations) {
    await perform(change.id, operation, options);
    const record = recordAfter(change, operation, entry);
    await write(change.id, record, options.recorder);
    entry = record.kind === "record" ? record.entry : undefined;
  }
}

/**
 * Sends one operation. Ctrl-C ends retries but lets the try in flight finish, so its
 * outcome can be recorded.
 */
async function perform(id: string, operation: Operation, options: ExecuteOptions): Promise<void> {
  const control = { stopRetrying: options.signal };
  switch (operation.kind) {
    case "put":
      await options.api.updateCampaign(id, operation.body, control);
      return;
    case "add_agents":
      await options.api.addAgents(id, operation.logins, control);
      return;
    case "remove_agents":
      await options.api.removeAgents(id, operation.logins, control);
      return;
  }
}

function write(id: string, record: StateRecord, recorder: AppliedRecorder): Promise<void> {
  return record.kind === "record" ? recorder.record(id, record.entry) : recorder.forget(id);
}
