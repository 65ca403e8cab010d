/**
 * The plan `apply` executes, and the checks made on it before anyone is asked: computed
 * from the files and the state (or a saved plan, verified), then the safety gate.
 */
import path from "node:path";
import type { LiveCampaign } from "../../core/live-campaign.js";
import type { Plan } from "../../core/plan.js";
import { checkSafetyGate } from "../../core/safety-gate.js";
import type { State } from "../../core/state.js";
import type { loadValidCampaigns } from "../../io/campaign-files/index.js";
import { assertOnlyIdsKnown, type InputLabels, planFor } from "../../reconcile.js";
import type { ApplyArgs } from "../commands/apply.js";
import type { CliContext } from "../context.js";
import { commandHint } from "./command-hint.js";
import { loadSavedPlan } from "./saved-plan.js";

export interface ApplyInputs {
  loaded: Awaited<ReturnType<typeof loadValidCampaigns>>;
  state: State;
  /** The normalised target the apply sends to. */
  target: string;
  labels: InputLabels;
  /**
   * Reads Thulium's list (`--refresh`, or a saved plan made with it); not called otherwise,
   * so an apply without `--refresh` sends exactly the requests it always did.
   */
  readLive: () => Promise<readonly LiveCampaign[]>;
}

/** The plan for these inputs: computed as `plan` does, or the saved PLANFILE if still current. */
export async function planToApply(
  args: ApplyArgs,
  ctx: CliContext,
  inputs: ApplyInputs,
): Promise<Plan> {
  const { loaded, state } = inputs;
  if (args.planfile !== undefined) {
    return loadSavedPlan(path.resolve(ctx.cwd, args.planfile), {
      state,
      declared: loaded.campaigns,
      target: inputs.target,
      readLive: inputs.readLive,
    });
  }
  assertOnlyIdsKnown(args.only, loaded.campaigns, state, inputs.labels);
  const live = args.refresh ? await inputs.readLive() : undefined;
  return planFor(
    { ...loaded, declared: loaded.campaigns, state },
    { only: args.only, prune: args.prune },
    live,
  );
}

/** The safety gate, naming the folder read and the command that overrides it. */
export function gate(args: ApplyArgs, plan: Plan, inputs: ApplyInputs): void {
  const extra = [...(args["auto-approve"] ? ["--auto-approve"] : []), "--force"];
  checkSafetyGate(plan, inputs.state, {
    force: args.force,
    read: { dir: inputs.labels.dir, files: inputs.loaded.files },
    rerun: applyHint(args, extra),
  });
}

/** `thulium-campaigns apply …` with the flags the user gave that choose inputs and target. */
export function applyHint(args: ApplyArgs, extra: readonly string[]): string {
  return commandHint("apply", args, {
    ...(args.planfile === undefined ? {} : { positional: args.planfile }),
    extra,
  });
}
