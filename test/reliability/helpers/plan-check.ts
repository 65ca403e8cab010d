/**
 * The plan a rerun would make, computed in-process from the same files and state the CLI
 * reads: cheaper than spawning `plan` after every trial, and the same code path.
 */
import type { Plan } from "../../../src/core/plan.js";
import { readState } from "../../../src/io/state/index.js";
import { makePlan } from "../../../src/use-cases/plan.js";
import { campaignFiles } from "../../../src/use-cases/plan-inputs.js";
import type { Workspace } from "../../helpers/workspace.js";

/** The plan for `workspace` (default --dir and --state), as `plan` would show it. */
export async function planOf(workspace: Workspace): Promise<Plan> {
  const { plan } = await makePlan(
    {
      campaigns: campaignFiles(workspace.campaignsDir, { cwd: workspace.dir, today: "2027-01-01" }),
      readState: () => readState(workspace.stateFile),
    },
    {
      labels: { dir: workspace.campaignsDir, stateFile: workspace.stateFile },
      options: { only: [], prune: false },
      refresh: false,
    },
  );
  return plan;
}
