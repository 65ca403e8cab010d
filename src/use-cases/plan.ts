/**
 * The `plan` use case: the campaign files against the last-applied state (and, with
 * `--refresh`, Thulium's list), as one Plan for every view to render. Its dependencies
 * come in as parameters; it writes nothing (saving the plan is the caller's, through
 * {@link savedPlanOf}) and never prints.
 */
import type { LiveMembership } from "../core/agents.js";
import { computePlan } from "../core/diff.js";
import type { LiveCampaign } from "../core/live-campaign.js";
import type { Plan, PlanOptions } from "../core/plan.js";
import { coveredIds, liveFingerprint } from "../core/refresh.js";
import { dropsEveryManaged } from "../core/safety-gate.js";
import type { SavedPlan } from "../core/saved-plan.js";
import type { State } from "../core/state.js";
import { declaredHash, sha256 } from "../io/plan-file/index.js";
import { membershipsToRead } from "./membership-reads.js";
import {
  assertOnlyIdsKnown,
  type CampaignSource,
  type InputLabels,
  type LoadedCampaigns,
} from "./plan-inputs.js";

/** Thulium's list as `--refresh` read it, and the target it was read from. */
export interface LiveRead {
  target: string;
  live: readonly LiveCampaign[];
  /** The live membership of the campaigns asked for (those declaring agents). */
  memberships?: ReadonlyMap<string, LiveMembership>;
}

/** What plan needs from the world. */
export interface PlanPorts {
  campaigns: CampaignSource;
  /** Reads the last-applied state (a missing file is an empty state). */
  readState: () => Promise<State>;
  /**
   * `--refresh` only: reads Thulium's list from the target `state` belongs to (and checks
   * that it does). Plain `plan` needs no credentials and never calls it.
   */
  readLive?: (state: State, membershipIds: readonly string[]) => Promise<LiveRead>;
  events?: PlanEvents;
}

export interface PlanEvents {
  /** The files are loaded and valid and the state read: the warnings can be shown now. */
  onLoaded?: (loaded: LoadedCampaigns) => void;
}

export interface PlanRequest {
  labels: InputLabels;
  /** `--only` (empty: all) and `--prune`. */
  options: PlanOptions;
  refresh: boolean;
}

export interface PlanResult {
  plan: Plan;
  loaded: LoadedCampaigns;
  state: State;
  options: PlanOptions;
  /** With `--refresh`: what was read. */
  live?: LiveRead;
  /** The plan forgets or deactivates every managed campaign (apply refuses it without --force). */
  dropsEveryManaged: boolean;
}

/**
 * Load and validate the files, read the state, refuse unknown `--only` ids, read the list
 * with `--refresh`, compute the plan.
 * @throws ConfigInvalidError, StateError, UsageError (unknown ids, `--refresh` without a
 *   target), ApiError (the list).
 */
export async function makePlan(ports: PlanPorts, request: PlanRequest): Promise<PlanResult> {
  const loaded = await ports.campaigns.load();
  const state = await ports.readState();
  ports.events?.onLoaded?.(loaded);
  assertOnlyIdsKnown(request.options.only, loaded.campaigns, state, request.labels);
  let live: LiveRead | undefined;
  if (request.refresh) {
    if (ports.readLive === undefined) throw new Error("plan --refresh needs a list reader");
    live = await ports.readLive(state, membershipsToRead(loaded.campaigns, request));
  }
  const plan = computePlan(loaded.campaigns, state, request.options, live?.live, live?.memberships);
  return {
    plan,
    loaded,
    state,
    options: request.options,
    ...(live === undefined ? {} : { live }),
    dropsEveryManaged: dropsEveryManaged(plan, state),
  };
}

/**
 * The plan as `plan --out` saves it: with what it was computed from (the state's lineage
 * and serial, the declarations' hash, for `--refresh` the live values' hash), the target
 * (the list's when refreshed) and when it was made.
 */
export function savedPlanOf(
  result: PlanResult,
  made: { target: string | null; createdAt: Date },
): SavedPlan {
  const { plan, state, loaded, options, live } = result;
  const liveHash =
    live === undefined
      ? {}
      : {
          live_sha256: sha256(
            liveFingerprint(coveredIds(loaded.campaigns, state, options), live.live),
          ),
        };
  return {
    ...plan,
    lineage: state.lineage,
    serial: state.serial,
    declared_sha256: declaredHash(loaded.campaigns),
    ...liveHash,
    options: live === undefined ? options : { ...options, refresh: true },
    target: live?.target ?? made.target,
    created_at: made.createdAt.toISOString(),
  };
}
