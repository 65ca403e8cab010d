/**
 * Orchestration shared by `plan` and `apply`: load the campaign files and the state,
 * then compute the plan. Pure steps live in core/; this module only sequences them.
 */
import type { DeclaredCampaign } from "./core/campaign.js";
import { computePlan } from "./core/diff.js";
import type { Issue } from "./core/issue.js";
import type { Plan, PlanOptions } from "./core/plan.js";
import type { State } from "./core/state.js";
import { loadValidCampaigns } from "./io/campaign-files.js";
import { readState } from "./io/state-store.js";

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

export function planFor(inputs: ReconcileInputs, options: PlanOptions): Plan {
  return computePlan(inputs.declared, inputs.state, options);
}
