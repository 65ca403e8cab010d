/**
 * The `apply` use case: load and validate → (no way to approve: show the plan and stop,
 * touching nothing) → connect → lock → read the state → plan (or a saved plan, verified)
 * → gate → confirm → execute → record. Its dependencies come in as parameters (campaign
 * source, state store, lock, the Thulium API, confirmation, clock, events, abort signal);
 * it returns a result and never prints. Errors that stop it before anything is sent are
 * thrown (ConfigInvalidError, StateError, LockHeldError, UnsafePlanError, …); what the
 * execution did is returned, for the caller to report (cli/flows/apply-outcome.ts).
 */
import type { LiveCampaign } from "../core/live-campaign.js";
import type { Plan, PlanOptions } from "../core/plan.js";
import type { SafetyLimits } from "../core/safety-gate.js";
import type { State } from "../core/state.js";
import type { RecorderLag } from "../io/state/index.js";
import { assertTarget } from "../io/state/index.js";
import type { CampaignApi } from "../io/thulium/index.js";
import { gatePlan, planToApply } from "./apply-plan.js";
import { readMemberships } from "./drift-agents.js";
import {
  type AppliedRecorder,
  type ExecuteEvents,
  type ExecuteResult,
  executePlan,
} from "./execute-plan.js";
import {
  assertOnlyIdsKnown,
  type CampaignSource,
  type InputLabels,
  type LoadedCampaigns,
} from "./plan-inputs.js";

/** At most 1,000 applied campaigns, for at most 200 ms, not yet in the state file. */
export const STATE_LAG: RecorderLag = { entries: 1000, ms: 200 };

/** The state file as apply uses it (io/state-store.ts, io/state-recorder.ts). */
export interface ApplyStateStore {
  /** The path to lock, read and write: a symlinked state file's real one. */
  resolve(file: string): Promise<string>;
  /** The last-applied state (a missing file is an empty state). */
  read(file: string): Promise<State>;
  /** Starts recording successes on top of `state` (StateRecorder.open). */
  openRecorder(
    file: string,
    state: State,
    target: string,
    options: { lag: RecorderLag },
  ): Promise<AppliedRecorder & { flush(): Promise<void> }>;
}

/** A connected target: the normalised name the state records, its API, how to let it go. */
export interface ApplyConnection {
  target: string;
  api: CampaignApi;
  close(): Promise<void>;
}

/** What apply needs from the world. */
export interface ApplyPorts {
  campaigns: CampaignSource;
  state: ApplyStateStore;
  /** Takes the apply lock on the (resolved) state file; Ctrl-C stops a wait. */
  lock: (stateFile: string) => Promise<{ release(): Promise<void> }>;
  /** Connects to the target (for the sandbox, seeded with the declared campaigns). */
  connect: (loaded: LoadedCampaigns) => Promise<ApplyConnection>;
  /** Thulium's list (`--refresh`, or a saved plan made with it), through the connection. */
  readLive: (api: CampaignApi) => Promise<readonly LiveCampaign[]>;
  /**
   * When nobody can approve (no terminal, no --auto-approve): the target as `connect`
   * would name it and its list, read without connecting for an apply (nothing created).
   */
  preview: { target(): string; readLive(): Promise<readonly LiveCampaign[]> };
  /** Asks whether to apply `plan`; throws ApplyCancelledError (or UsageError) for no. */
  confirm: (plan: Plan) => Promise<void>;
  events?: ApplyEvents;
  /**
   * Records what an apply did (the apply journal), after the state is flushed and while
   * the lock is still held; also for an apply that found nothing to do (an empty
   * execution), not for one stopped before or at the plan (gate, refusal, error).
   */
  journal?: (run: { stateFile: string; target: string; execution: ExecuteResult }) => Promise<void>;
  /** Aborted on Ctrl-C: no new request starts; those in flight finish and are recorded. */
  signal: AbortSignal;
  /** Clock for durations (ms); default performance.now. */
  now?: () => number;
}

export interface ApplyEvents extends ExecuteEvents {
  /** The files are loaded and valid: their warnings can be shown. */
  onLoaded?(loaded: LoadedCampaigns): void;
  /** The plan to apply, before the gate and the question. */
  onPlan?(plan: Plan): void;
  /** Execution starts: `plan.changes.length` changes, `concurrency` requests at once. */
  onExecute?(plan: Plan, concurrency: number): void;
}

export interface ApplyRequest {
  /** The state file as given (resolved through `ports.state.resolve` before locking). */
  stateFile: string;
  labels: InputLabels;
  /** A plan saved by `plan --out` to apply instead of computing one. */
  planFile?: string;
  /** `--only` and `--prune` (empty and false with a plan file, which carries its own). */
  options: PlanOptions;
  refresh: boolean;
  force: boolean;
  concurrency: number;
  /** False with no terminal and no --auto-approve: the plan is shown, gated, not applied. */
  canApprove: boolean;
  /** The command line that repeats this apply with --force, quoted by the safety gate. */
  forceRerun: string;
  /** The safety gate's thresholds (project settings); its defaults when absent. */
  limits?: SafetyLimits;
}

export type ApplyResult =
  | { outcome: "no-changes"; plan: Plan }
  /** Nobody could approve it: shown and gated from an unlocked read, nothing touched. */
  | { outcome: "not-approved"; plan: Plan }
  | { outcome: "executed"; plan: Plan; execution: ExecuteResult };

export async function applyCampaigns(
  ports: ApplyPorts,
  request: ApplyRequest,
): Promise<ApplyResult> {
  // Every campaign file must be valid before anything else happens.
  const loaded = await ports.campaigns.load();
  ports.events?.onLoaded?.(loaded);

  // Decide what the files and the state alone can decide before anything is touched (the
  // sandbox seeded, the lock taken, the state written): whether anyone can approve the
  // plan at all, and unknown --only ids.
  if (!request.canApprove) return previewApply(ports, request, loaded);
  if (request.options.only.length > 0) {
    const state = await ports.state.read(request.stateFile); // read only: the lock comes later
    assertOnlyIdsKnown(request.options.only, loaded.campaigns, state, request.labels);
  }

  const connection = await ports.connect(loaded);
  try {
    // Locked, read and written at one path: a symlinked state file's real one.
    const stateFile = await ports.state.resolve(request.stateFile);
    const lock = await ports.lock(stateFile);
    try {
      const state = await ports.state.read(stateFile);
      assertTarget(state, connection.target, stateFile);
      // --refresh reads the list here: under the lock, after the state, before the plan.
      const inputs = {
        loaded,
        state,
        target: connection.target,
        labels: request.labels,
        readLive: () => ports.readLive(connection.api),
        readMemberships: (ids: readonly string[]) =>
          readMemberships(connection.api, ids, request.concurrency, {
            stopRetrying: ports.signal,
          }),
      };
      const plan = await planToApply(request, inputs);
      ports.events?.onPlan?.(plan);
      if (plan.changes.length === 0) {
        // An apply that found nothing to do is journaled too: a supervisor reading the
        // journal sees every apply that ran, not only those that sent something.
        const execution = { succeeded: [], failed: [], notStarted: [], interrupted: false };
        await ports.journal?.({ stateFile, target: connection.target, execution });
        return { outcome: "no-changes", plan };
      }
      gatePlan(request, plan, inputs);
      await ports.confirm(plan);
      const execution = await execute(ports, request, { plan, state, stateFile, connection });
      return { outcome: "executed", plan, execution };
    } finally {
      await lock.release();
    }
  } finally {
    await connection.close();
  }
}

/**
 * No terminal to ask and no --auto-approve: the plan from the files and the state read
 * without the lock (nothing started or written), checked as apply would check it.
 */
async function previewApply(
  ports: ApplyPorts,
  request: ApplyRequest,
  loaded: LoadedCampaigns,
): Promise<ApplyResult> {
  // The target as connect would name it; for Thulium, the environment is checked now.
  const target = ports.preview.target();
  const state = await ports.state.read(request.stateFile);
  assertTarget(state, target, request.stateFile);
  const inputs = {
    loaded,
    state,
    target,
    labels: request.labels,
    readLive: ports.preview.readLive,
  };
  const plan = await planToApply(request, inputs);
  ports.events?.onPlan?.(plan);
  if (plan.changes.length === 0) return { outcome: "no-changes", plan };
  gatePlan(request, plan, inputs);
  return { outcome: "not-approved", plan };
}

/**
 * Requests do not wait for the disk: the state may trail them by STATE_LAG (never run
 * ahead), and the flush makes it durable before the result is returned and the lock
 * released, even when executing throws.
 */
async function execute(
  ports: ApplyPorts,
  request: ApplyRequest,
  run: { plan: Plan; state: State; stateFile: string; connection: ApplyConnection },
): Promise<ExecuteResult> {
  const { plan, state, connection } = run;
  const recorder = await ports.state.openRecorder(run.stateFile, state, connection.target, {
    lag: STATE_LAG,
  });
  ports.events?.onExecute?.(plan, request.concurrency);
  const result = await executePlan(plan, {
    api: connection.api,
    recorder,
    recorded: state.campaigns,
    concurrency: request.concurrency,
    signal: ports.signal,
    ...(ports.events === undefined ? {} : { events: ports.events }),
    ...(ports.now === undefined ? {} : { now: ports.now }),
  }).finally(() => recorder.flush().catch(() => {})); // written even if executing throws
  await recorder.flush();
  await ports.journal?.({ stateFile: run.stateFile, target: connection.target, execution: result });
  return result;
}
