import { describe, expect, it } from "vitest";
import type { DeclaredCampaign } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import { checkSafetyGate } from "../../src/core/safety-gate.js";
import { emptyState, type State } from "../../src/core/state.js";
import { UnsafePlanError } from "../../src/errors.js";

const id = (n: number) => String(n).padStart(5, "0");
const at = { file: "campaigns/all.yaml", line: 1, column: 1 };

/** A state of `managed` campaigns named "n<i>". */
function stateOf(managed: number): State {
  const state = emptyState();
  for (let i = 1; i <= managed; i += 1)
    state.campaigns[id(i)] = { fields: { name: `n${i}` }, source: at.file };
  return state;
}

/**
 * Declarations for a state of `managed`: the first `changed` renamed, the next `removed`
 * left out, and `added` new campaigns after them.
 */
function declare(managed: number, changed: number, removed = 0, added = 0): DeclaredCampaign[] {
  const list: DeclaredCampaign[] = [];
  for (let i = 1; i <= managed + added; i += 1) {
    if (i > changed && i <= changed + removed) continue;
    list.push({
      id: id(i),
      fields: { name: i <= changed ? `renamed${i}` : `n${i}` },
      location: at,
    });
  }
  return list;
}

function gate(
  managed: number,
  changed: number,
  opts: { removed?: number; added?: number; prune?: boolean; force?: boolean } = {},
) {
  const state = stateOf(managed);
  const plan = computePlan(declare(managed, changed, opts.removed, opts.added), state, {
    only: [],
    prune: opts.prune ?? false,
  });
  return () => checkSafetyGate(plan, state, { force: opts.force ?? false });
}

describe("checkSafetyGate", () => {
  it("allows exactly 30% of the managed campaigns", () => {
    expect(gate(20, 6)).not.toThrow();
  });

  it("refuses more than 30% with a message giving the count, the threshold and --force", () => {
    const run = gate(20, 7);
    expect(run).toThrow(UnsafePlanError);
    expect(run).toThrow(
      "The plan would change 7 of the 20 campaigns in the state (35%), more than the safety threshold of 30%",
    );
    expect(run).toThrow(/--force/);
  });

  it("--force lets it through", () => {
    expect(gate(20, 20, { force: true })).not.toThrow();
  });

  it("does not gate 10 or fewer managed campaigns", () => {
    expect(gate(10, 10)).not.toThrow();
    expect(gate(11, 4)).toThrow(UnsafePlanError); // 36% of 11
    expect(gate(11, 3)).not.toThrow(); // 27% of 11
  });

  it("never gates a first apply (empty state)", () => {
    const plan = computePlan(declare(0, 0, 0, 500), emptyState(), { only: [], prune: false });
    expect(plan.summary.update).toBe(500);
    expect(() => checkSafetyGate(plan, emptyState(), { force: false })).not.toThrow();
  });

  it("does not count campaigns new to the state", () => {
    expect(gate(20, 2, { added: 100 })).not.toThrow();
  });

  it("counts deactivations but not forgets", () => {
    expect(gate(20, 2, { removed: 10 })).not.toThrow(); // 10 forgets send nothing
    expect(gate(20, 2, { removed: 10, prune: true })).toThrow("would change 12 of the 20");
  });
});
