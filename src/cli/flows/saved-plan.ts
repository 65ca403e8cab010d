/** `apply PLANFILE`: a saved plan is applied only while it is still current. */
import type { DeclaredCampaign } from "../../core/campaign.js";
import type { Plan } from "../../core/plan.js";
import type { State } from "../../core/state.js";
import { StalePlanError } from "../../errors.js";
import { assertPlanCurrent, declaredHash, readPlanFile } from "../../io/plan-file.js";

export async function loadSavedPlan(
  file: string,
  current: { state: State; declared: readonly DeclaredCampaign[]; target: string },
): Promise<Plan> {
  const saved = await readPlanFile(file);
  assertPlanCurrent(saved, {
    lineage: current.state.lineage,
    serial: current.state.serial,
    declaredHash: declaredHash(current.declared),
  });
  if (saved.target != null && saved.target !== current.target) {
    throw new StalePlanError(
      `The plan in ${file} was made for ${saved.target}, but this apply targets ${current.target}; run plan again for this target.`,
    );
  }
  return { format_version: 1, summary: saved.summary, changes: saved.changes };
}
