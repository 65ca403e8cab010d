/**
 * The plan a rerun would make, computed in-process from the same files and state the CLI
 * reads: cheaper than spawning `plan` after every trial, and the same code path.
 */
import type { Plan } from "../../../src/core/plan.js";
import { loadInputs, planFor } from "../../../src/reconcile.js";
import type { Workspace } from "../../helpers/workspace.js";

/** The plan for `workspace` (default --dir and --state), as `plan` would show it. */
export async function planOf(workspace: Workspace): Promise<Plan> {
  const inputs = await loadInputs({
    dir: workspace.campaignsDir,
    stateFile: workspace.stateFile,
    cwd: workspace.dir,
    today: "2027-01-01",
  });
  return planFor(inputs, { only: [], prune: false });
}
