/**
 * The plan `apply` executes, and the check made on it before anyone is asked: computed
 * from the files and the state (or a saved plan, verified), then the safety gate.
 */
import type { LiveMembership } from "../core/agents.js";
import { computePlan } from "../core/diff.js";
import type { LiveCampaign } from "../core/live-campaign.js";
import type { Plan, PlanOptions } from "../core/plan.js";
import { checkSafetyGate, type SafetyLimits } from "../core/safety-gate.js";
import type { State } from "../core/state.js";
import { membershipsToRead } from "./membership-reads.js";
import { assertOnlyIdsKnown, type InputLabels, type LoadedCampaigns } from "./plan-inputs.js";
import { loadSavedPlan } from "./saved-plan.js";

export interface ApplyInputs {
  loaded: LoadedCampaigns;
  state: State;
  /** The normalised target the apply sends to. */
  target: string;
  labels: InputLabels;
  /**
   * Reads Thulium's list (`--refresh`, or a saved plan made with it); not called otherwise,
   * so an apply without `--refresh` sends exactly the requests it always did.
   */
  readLive: () => Promise<readonly LiveCampaign[]>;
  /**
   * Reads the live membership of these campaigns (`GET outbounds/:id/agents`, bounded);
   * absent where nothing may be read (the preview without approval).
   */
  readMemberships?: (ids: readonly string[]) => Promise<ReadonlyMap<string, LiveMembership>>;
}

/** What the plan to apply is chosen by. */
export interface PlanChoice {
  /** A saved plan file (absolute path) to apply instead of computing one. */
  planFile?: string;
  options: PlanOptions;
  refresh: boolean;
}

/** The plan for these inputs: computed as `plan` does, or the saved plan if still current. */
export async function planToApply(choice: PlanChoice, inputs: ApplyInputs): Promise<Plan> {
  const { loaded, state } = inputs;
  if (choice.planFile !== undefined) {
    return loadSavedPlan(choice.planFile, {
      state,
      declared: loaded.campaigns,
      target: inputs.target,
      readLive: inputs.readLive,
      ...(inputs.readMemberships === undefined ? {} : { readMemberships: inputs.readMemberships }),
    });
  }
  assertOnlyIdsKnown(choice.options.only, loaded.campaigns, state, inputs.labels);
  const live = choice.refresh ? await inputs.readLive() : undefined;
  const ids = membershipsToRead(loaded.campaigns, choice);
  const memberships =
    inputs.readMemberships === undefined || ids.length === 0
      ? undefined
      : await inputs.readMemberships(ids);
  return computePlan(loaded.campaigns, state, choice.options, live, memberships);
}

/** The safety gate, naming the folder read and the command that overrides it. */
export function gatePlan(
  request: { force: boolean; forceRerun: string; limits?: SafetyLimits },
  plan: Plan,
  inputs: ApplyInputs,
): void {
  checkSafetyGate(plan, inputs.state, {
    ...(request.limits === undefined ? {} : { limits: request.limits }),
    force: request.force,
    read: { dir: inputs.labels.dir, files: inputs.loaded.files },
    rerun: request.forceRerun,
  });
}
