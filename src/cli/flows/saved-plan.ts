/** `apply PLANFILE`: a saved plan is applied only while it is still current, and unedited. */
import isEqual from "fast-deep-equal";
import type { DeclaredCampaign } from "../../core/campaign.js";
import { computePlan } from "../../core/diff.js";
import type { Plan } from "../../core/plan.js";
import { changeToJson, summaryToJson } from "../../core/plan-shape.js";
import type { State } from "../../core/state.js";
import { PlanFileError, StalePlanError } from "../../errors.js";
import {
  assertPlanCurrent,
  declaredHash,
  readPlanFile,
  type SavedPlan,
} from "../../io/plan-file.js";

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
  assertUnedited(file, saved, computePlan(current.declared, current.state, saved.options));
  return { format_version: 1, summary: saved.summary, changes: saved.changes };
}

/**
 * Same state, same declarations and same options give the same plan, so a saved plan that
 * differs from the one computed now was edited after `plan --out` (a request body changed,
 * a change added or dropped). Applying it would send what nobody reviewed and record, as
 * applied, fields the campaign files do not declare.
 */
function assertUnedited(file: string, saved: SavedPlan, recomputed: Plan): void {
  const ids = new Set([...saved.changes, ...recomputed.changes].map((change) => change.id));
  for (const id of [...ids].sort()) {
    const savedChange = saved.changes.find((change) => change.id === id);
    const expected = recomputed.changes.find((change) => change.id === id);
    const same =
      savedChange !== undefined &&
      expected !== undefined &&
      isEqual(
        changeToJson(savedChange, { display: false }),
        changeToJson(expected, { display: false }),
      );
    if (!same) throw editedPlan(file, `its change for campaign ${id} differs`);
  }
  if (!isEqual(summaryToJson(saved), summaryToJson(recomputed)))
    throw editedPlan(file, "its summary counts differ");
}

function editedPlan(file: string, what: string): PlanFileError {
  return new PlanFileError(
    `The plan file ${file} does not match the plan its campaign files and state give (${what}): it was edited after plan --out. Nothing was sent. Run plan --out again and review that plan.`,
  );
}
