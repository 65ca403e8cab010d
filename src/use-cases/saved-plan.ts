/** `apply PLANFILE`: a saved plan is applied only while it is still current, and unedited. */
import isEqual from "fast-deep-equal";
import type { LiveMembership } from "../core/agents.js";
import type { DeclaredCampaign } from "../core/campaign.js";
import { computePlan } from "../core/diff.js";
import type { LiveCampaign } from "../core/live-campaign.js";
import type { Plan } from "../core/plan.js";
import { changeToJson, summaryToJson } from "../core/plan-shape.js";
import { coveredIds, liveFingerprint } from "../core/refresh.js";
import type { State } from "../core/state.js";
import { PlanFileError, StalePlanError } from "../errors.js";
import {
  assertPlanCurrent,
  declaredHash,
  readPlanFile,
  type SavedPlan,
  sha256,
} from "../io/plan-file/index.js";
import { membershipsToRead } from "./membership-reads.js";

/** What a saved plan is checked against: the state, the files and the target now. */
export interface CurrentInputs {
  state: State;
  declared: readonly DeclaredCampaign[];
  target: string;
  /** Reads Thulium's list; called only for a plan made with `--refresh`. */
  readLive: () => Promise<readonly LiveCampaign[]>;
  /**
   * Reads live membership; called only for a plan made with `--refresh`, for the campaigns
   * declaring agents, so the re-derived plan is the one that was reviewed.
   */
  readMemberships?: (ids: readonly string[]) => Promise<ReadonlyMap<string, LiveMembership>>;
}

/**
 * A plan made with `--refresh` recorded the live values it was reviewed with (a hash of
 * the live campaigns it covers): apply re-reads the list and refuses the plan if any of
 * them changed since, then re-derives the plan from that read to check it was not edited.
 */
export async function loadSavedPlan(file: string, current: CurrentInputs): Promise<Plan> {
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
  const options = { only: saved.options.only, prune: saved.options.prune };
  const live = saved.options.refresh ? await current.readLive() : undefined;
  if (live !== undefined) {
    const ids = coveredIds(current.declared, current.state, options);
    if (sha256(liveFingerprint(ids, live)) !== saved.live_sha256)
      throw new StalePlanError(
        `The plan is stale; run plan --refresh again: Thulium's live campaigns changed since the plan in ${file} was made (a change in the panel, or another apply), so its overwrites are no longer the ones reviewed. Nothing was sent.`,
      );
  }
  const ids = saved.options.refresh
    ? membershipsToRead(current.declared, { options, refresh: true })
    : [];
  const memberships =
    ids.length === 0 || current.readMemberships === undefined
      ? undefined
      : await current.readMemberships(ids);
  // A membership that changed since shows as a differing change (refused below).
  const recomputed = computePlan(current.declared, current.state, options, live, memberships);
  assertUnedited(file, saved, recomputed);
  return {
    format_version: 1,
    summary: saved.summary,
    // The membership record (not in the file) is the recomputed one: same inputs, same record.
    changes: saved.changes.map((change) => {
      const membership = recomputed.changes.find((c) => c.id === change.id)?.membership;
      return membership === undefined ? change : { ...change, membership };
    }),
    ...(recomputed.refresh === undefined ? {} : { refresh: recomputed.refresh }),
  };
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
      // Origins are display only (a comment line added to a defaults file moves them).
      isEqual(
        changeToJson(savedChange, { display: false, origins: false }),
        changeToJson(expected, { display: false, origins: false }),
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
