/** The safety gate's thresholds from the project settings, and its absolute per-kind limits. */
import { describe, expect, it } from "vitest";
import type { DeclaredCampaign } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import {
  checkSafetyGate,
  DEFAULT_SAFETY_LIMITS,
  type SafetyLimits,
} from "../../src/core/safety-gate.js";
import { emptyState, type State } from "../../src/core/state.js";
import { UnsafePlanError } from "../../src/errors.js";

const id = (n: number) => String(n).padStart(5, "0");
const at = { file: "campaigns/all.yaml", line: 1, column: 1 };
const READ = { dir: "campaigns/", files: 3 };

function stateOf(managed: number): State {
  const state = emptyState();
  for (let i = 1; i <= managed; i += 1)
    state.campaigns[id(i)] = { fields: { name: `n${i}` }, source: at.file };
  return state;
}

/** A plan over `managed` campaigns: the first `changed` renamed, the next `removed` dropped. */
function run(
  managed: number,
  changed: number,
  removed: number,
  options: { prune?: boolean; limits?: Partial<SafetyLimits>; agentRemovals?: number } = {},
) {
  const state = stateOf(managed);
  const declared: DeclaredCampaign[] = [];
  for (let i = 1; i <= managed; i += 1) {
    if (i > changed && i <= changed + removed) continue;
    declared.push({ id: id(i), fields: { name: i <= changed ? `r${i}` : `n${i}` }, location: at });
  }
  const plan = computePlan(declared, state, { only: [], prune: options.prune ?? false });
  // Memberships removed: logins taken off the first change (the gate counts logins).
  if (options.agentRemovals !== undefined) {
    const logins = Array.from({ length: options.agentRemovals }, (_, i) => `agent${i}`);
    plan.changes[0]?.operations.push({ kind: "remove_agents", logins });
  }
  return () =>
    checkSafetyGate(plan, state, {
      force: false,
      read: READ,
      rerun: "thulium-campaigns apply --force",
      limits: { ...DEFAULT_SAFETY_LIMITS, ...options.limits },
    });
}

describe("safety limits from the settings", () => {
  it("max_deactivations and max_forgets refuse above the limit, naming it, the count and the line", () => {
    const origin = {
      max_deactivations: "thulium-campaigns.yaml:4",
      max_forgets: "thulium-campaigns.yaml:5",
    };
    expect(run(5, 0, 2, { prune: true, limits: { maxDeactivations: 2, origin } })).not.toThrow();
    expect(run(5, 0, 3, { prune: true, limits: { maxDeactivations: 2, origin } })).toThrow(
      "The plan would deactivate 3 campaigns, more than the safety limit max_deactivations: 2 (set in thulium-campaigns.yaml:4). Nothing was sent. Review the plan; if it is what you meant, rerun with --force: thulium-campaigns apply --force",
    );
    expect(run(5, 0, 1, { limits: { maxForgets: 0, origin } })).toThrow(
      "The plan would forget 1 campaign, more than the safety limit max_forgets: 0 (set in thulium-campaigns.yaml:5).",
    );
    // Forgets are not deactivations: each limit counts its own kind.
    expect(run(5, 0, 3, { limits: { maxDeactivations: 0 } })).not.toThrow();
  });

  it("max_agent_removals refuses when the plan removes more memberships", () => {
    expect(run(5, 1, 0, { limits: { maxAgentRemovals: 3 }, agentRemovals: 3 })).not.toThrow();
    expect(run(5, 1, 0, { limits: { maxAgentRemovals: 3 }, agentRemovals: 4 })).toThrow(
      /would remove 4 agent memberships, more than the safety limit max_agent_removals: 3\./,
    );
  });

  it("max_changed_percent and min_managed replace 30% and 10", () => {
    expect(run(4, 2, 0)).not.toThrow(); // 4 managed: at most 10, the percentage does not apply
    expect(run(4, 2, 0, { limits: { minManaged: 3, maxChangedPercent: 50 } })).not.toThrow();
    expect(run(4, 2, 0, { limits: { minManaged: 3, maxChangedPercent: 25 } })).toThrow(
      UnsafePlanError,
    );
    expect(run(4, 2, 0, { limits: { minManaged: 3, maxChangedPercent: 25 } })).toThrow(
      "more than the safety threshold of 25% (2 to update",
    );
  });
});
