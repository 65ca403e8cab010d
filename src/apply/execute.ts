/**
 * Executes a plan against Thulium: one request per changed campaign, with bounded
 * concurrency, recording each success in the state only after Thulium accepted it.
 * Reports progress through events; never writes to the terminal itself.
 */
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

/** One campaign: the request (if any), then the state record. */
async function send(change: PlannedChange, options: ExecuteOptions): Promise<void> {
  if (change.request !== null) {
    // Ctrl-C ends retries but lets the try in flight finish, so its outcome can be recorded.
    await options.api.updateCampaign(change.id, change.request.body, {
      stopRetrying: options.signal,
    });
  }
  if (change.action === "update" && change.request !== null) {
    await options.recorder.record(change.id, {
      fields: change.request.body,
      source: change.source,
    });
  } else {
    await options.recorder.forget(change.id);
  }
}
