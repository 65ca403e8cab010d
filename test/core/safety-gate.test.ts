import { describe, expect, it } from "vitest";
import type { DeclaredCampaign } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import { checkSafetyGate, dropsEveryManaged } from "../../src/core/safety-gate.js";
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
  return () => checkSafetyGate(plan, state, { force: opts.force ?? false, read: READ });
}

/** What the campaign folder held, as the gate's messages name it. */
const READ = { dir: "campaigns/", files: 3 };

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
    expect(() => checkSafetyGate(plan, emptyState(), { force: false, read: READ })).not.toThrow();
  });

  it("does not count campaigns new to the state", () => {
    expect(gate(20, 2, { added: 100 })).not.toThrow();
  });

  it("counts forgets like updates and deactivations (issue 10, item 1)", () => {
    // A forget sends nothing, but a wrong --dir forgetting many campaigns loses their record.
    expect(gate(20, 2, { removed: 10 })).toThrow("would change 12 of the 20");
    expect(gate(20, 2, { removed: 10 })).toThrow("(2 to update, 10 to forget, 0 to deactivate)");
    expect(gate(20, 2, { removed: 10, prune: true })).toThrow("would change 12 of the 20");
    expect(gate(20, 2, { removed: 4 })).not.toThrow(); // 6 of 20 = 30%
    expect(gate(20, 0, { removed: 7 })).toThrow(UnsafePlanError);
  });

  it("refuses a plan that drops every managed campaign, however few, naming the folder read", () => {
    for (const managed of [1, 3, 40]) {
      const run = gate(managed, 0, { removed: managed });
      expect(run).toThrow(UnsafePlanError);
      expect(run).toThrow(
        `The plan would drop every campaign in the state (${managed} of ${managed}: ${managed} to forget, 0 to deactivate): the campaign files in campaigns/ (3 files) declare none of them.`,
      );
    }
    expect(gate(3, 0, { removed: 3, prune: true })).toThrow("3 of 3: 0 to forget, 3 to deactivate");
    expect(gate(3, 0, { removed: 3, force: true })).not.toThrow();
    expect(gate(3, 0, { removed: 2 })).not.toThrow(); // one is still declared
    // Pointing --dir at other campaigns drops the managed ones too: new ones do not save them.
    expect(gate(2, 0, { removed: 2, added: 5 })).toThrow("would drop every campaign");
  });

  it("names the command to rerun with --force when given one", () => {
    const state = stateOf(2);
    const plan = computePlan([], state, { only: [], prune: false });
    const rerun = "thulium-campaigns apply --dir empty --force";
    expect(() =>
      checkSafetyGate(plan, state, { force: false, read: { dir: "empty/", files: 0 }, rerun }),
    ).toThrow(`the campaign files in empty/ (0 files) declare none of them`);
    expect(() =>
      checkSafetyGate(plan, state, { force: false, read: { dir: "empty/", files: 0 }, rerun }),
    ).toThrow(`rerun with --force: ${rerun}`);
  });
});

describe("dropsEveryManaged", () => {
  it("is true only when every campaign in a non-empty state is forgotten or deactivated", () => {
    const state = stateOf(2);
    expect(dropsEveryManaged(computePlan([], state, { only: [], prune: false }), state)).toBe(true);
    expect(dropsEveryManaged(computePlan([], state, { only: [], prune: true }), state)).toBe(true);
    expect(
      dropsEveryManaged(computePlan(declare(2, 0, 1), state, { only: [], prune: false }), state),
    ).toBe(false);
    const empty = emptyState();
    expect(dropsEveryManaged(computePlan([], empty, { only: [], prune: false }), empty)).toBe(
      false,
    );
  });
});
