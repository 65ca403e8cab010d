/**
 * Orchestration shared by `plan` and `apply`: load the campaign files and the state,
 * then compute the plan. Pure steps live in core/; this module only sequences them.
 */
import type { DeclaredCampaign } from "./core/campaign.js";
import { computePlan } from "./core/diff.js";
import type { Issue } from "./core/issue.js";
import type { LiveCampaign } from "./core/live-campaign.js";
import { closestIds, unknownOnlyIds } from "./core/only-ids.js";
import type { Plan, PlanOptions } from "./core/plan.js";
import type { State } from "./core/state.js";
import { orList } from "./core/words.js";
import { UsageError } from "./errors.js";
import { loadValidCampaigns } from "./io/campaign-files/index.js";
import { readState } from "./io/state/index.js";

export interface ReconcileInputs {
  declared: DeclaredCampaign[];
  /** Validation warnings (they do not stop a plan, but the user should see them). */
  warnings: Issue[];
  files: number;
  state: State;
}

export interface LoadInputsOptions {
  dir: string;
  stateFile: string;
  cwd: string;
  /** Today's date, `YYYY-MM-DD`, for the "end_date in the past" warning. */
  today: string;
}

/**
 * Every campaign file is validated before anything else happens, so no request is ever
 * sent for a set of files that has an error anywhere.
 */
export async function loadInputs(options: LoadInputsOptions): Promise<ReconcileInputs> {
  const { campaigns, warnings, files } = await loadValidCampaigns(options.dir, {
    cwd: options.cwd,
    today: options.today,
  });
  const state = await readState(options.stateFile);
  return { declared: campaigns, warnings, files, state };
}

/** The plan; with `live` (Thulium's list, `--refresh`), live differences become updates too. */
export function planFor(
  inputs: ReconcileInputs,
  options: PlanOptions,
  live?: readonly LiveCampaign[],
): Plan {
  return computePlan(inputs.declared, inputs.state, options, live);
}

/** Where the inputs came from, as messages name them (display paths). */
export interface InputLabels {
  dir: string;
  stateFile: string;
}

/**
 * Refuse `--only` ids that no campaign file declares and the state does not record: such an
 * id selects nothing, and "No changes" would read as success (`--only 2` meaning 00002).
 * @throws UsageError naming each unknown id and the closest known ids.
 */
export function assertOnlyIdsKnown(
  only: readonly string[],
  declared: readonly DeclaredCampaign[],
  state: State,
  labels: InputLabels,
): void {
  const unknown = unknownOnlyIds(only, declared, state);
  if (unknown.length === 0) return;
  const known = [...new Set([...declared.map((c) => c.id), ...Object.keys(state.campaigns)])];
  const guesses = unknown.flatMap((id) => {
    const near = closestIds(id, known);
    if (near.length === 0) return [];
    return [`${unknown.length === 1 ? "Did" : `For ${id}, did`} you mean ${orList(near)}?`];
  });
  const subject =
    unknown.length === 1 ? `no campaign ${unknown[0]} is` : "no campaigns with these ids are";
  const none = known.length === 0 ? " (none is known yet)" : "";
  throw new UsageError(
    [
      `--only ${unknown.join(", ")}: ${subject} declared in ${labels.dir} or recorded in the state file ${labels.stateFile}${none}.`,
      ...guesses,
      "Campaign ids have five digits, written as in the campaign files (e.g. --only 00002).",
    ].join(" "),
  );
}
