/**
 * Membership in the plan (issue 13, items 1–2): owned and exact, with and without a live
 * read, dropping `agents`, membership-only changes (no PUT), the gate on agent removals.
 */
import { describe, expect, it } from "vitest";
import type { AgentsPolicy, DeclaredCampaign } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import { agentsOf, putOf } from "../../src/core/operation.js";
import type { PlanOptions } from "../../src/core/plan.js";
import { checkSafetyGate } from "../../src/core/safety-gate.js";
import { emptyState, type State } from "../../src/core/state.js";
import { UnsafePlanError } from "../../src/errors.js";

const ALL: PlanOptions = { only: [], prune: false };
const FIELDS = { name: "Sprzedaż", order: 10 };

function declared(logins?: string[], policy: AgentsPolicy = "owned"): DeclaredCampaign {
  return {
    id: "00001",
    fields: FIELDS,
    ...(logins === undefined ? {} : { agents: { logins, policy } }),
    location: { file: "campaigns/a.yaml", line: 1, column: 1 },
  };
}

function stateWith(agents?: string[], exact = false): State {
  const state = { ...emptyState(), lineage: "11111111-1111-4111-8111-111111111111", serial: 1 };
  state.campaigns["00001"] = {
    fields: FIELDS,
    source: "campaigns/a.yaml",
    ...(agents === undefined ? {} : { agents }),
    ...(exact ? { agents_policy: "exact" as const } : {}),
  };
  return state;
}

const live = (...logins: string[]) => new Map([["00001", { logins, skipped: 0 }]]);

describe("computePlan: agents", () => {
  it("a first apply sends the PUT, then one add_agents with the sorted logins", () => {
    const plan = computePlan([declared(["jkowalski", "anowak"])], emptyState(), ALL);
    expect(plan.changes[0]?.operations.map((o) => o.kind)).toEqual(["put", "add_agents"]);
    expect(agentsOf(plan.changes[0] ?? { id: "", operations: [] })).toEqual({
      add: ["anowak", "jkowalski"],
      remove: [],
    });
  });

  it("owned without a read: adds what the state does not record, removes recorded logins no longer declared, no PUT", () => {
    const plan = computePlan(
      [declared(["anowak", "mwisniewska"])],
      stateWith(["anowak", "jkowalski"]),
      ALL,
    );
    const change = plan.changes[0];
    expect(change && putOf(change)).toBeUndefined();
    expect(change?.operations).toEqual([
      { kind: "add_agents", logins: ["mwisniewska"] },
      { kind: "remove_agents", logins: ["jkowalski"] },
    ]);
    expect(plan.summary.update).toBe(1);
  });

  it("an unchanged membership is no change", () => {
    expect(computePlan([declared(["anowak"])], stateWith(["anowak"]), ALL).changes).toEqual([]);
  });

  it("owned with a read: a panel member is left alone, a missing owned login is added back, a gone one released", () => {
    const state = stateWith(["anowak", "jkowalski", "pzielinski"]);
    // anowak missing (removed in the panel), kwojcik added in the panel, pzielinski gone and undeclared.
    const plan = computePlan(
      [declared(["anowak", "jkowalski"])],
      state,
      ALL,
      undefined,
      live("jkowalski", "kwojcik"),
    );
    expect(plan.changes[0]?.operations).toEqual([{ kind: "add_agents", logins: ["anowak"] }]);
    expect(plan.changes[0]?.membership).toEqual({
      managed: true,
      policy: "owned",
      adopt: [],
      release: ["pzielinski"],
    });
  });

  it("exact with a read: removes every undeclared member and adopts declared members", () => {
    const plan = computePlan(
      [declared(["anowak", "jkowalski"], "exact")],
      stateWith(["anowak"]),
      ALL,
      undefined,
      live("anowak", "jkowalski", "kwojcik"),
    );
    expect(plan.changes[0]?.operations).toEqual([{ kind: "remove_agents", logins: ["kwojcik"] }]);
    expect(plan.changes[0]?.membership).toMatchObject({ policy: "exact", adopt: ["jkowalski"] });
    expect(plan.exact_unread).toBeUndefined();
  });

  it("exact without a read: the plan names the campaign as decided at apply time", () => {
    const plan = computePlan([declared(["anowak"], "exact")], stateWith(["anowak"], true), ALL);
    expect(plan.changes).toEqual([]);
    expect(plan.exact_unread).toEqual(["00001"]);
  });

  it("dropping the agents key is a state-only change: no request, the state forgets them", () => {
    const plan = computePlan([declared()], stateWith(["anowak"]), ALL);
    expect(plan.changes[0]).toMatchObject({
      action: "update",
      operations: [],
      membership: { managed: false },
    });
  });

  it("--prune deactivation leaves membership alone: only its PUT", () => {
    const plan = computePlan([], stateWith(["anowak"]), { only: [], prune: true });
    expect(plan.changes[0]?.operations.map((o) => o.kind)).toEqual(["put"]);
  });
});

describe("safety gate: agent removals", () => {
  const read = { dir: "campaigns", files: 1 };
  function manyState(perCampaign: number, campaigns: number): State {
    const state = { ...emptyState(), lineage: "11111111-1111-4111-8111-111111111111", serial: 1 };
    for (let n = 1; n <= campaigns; n++) {
      const id = String(n).padStart(5, "0");
      const agents = Array.from({ length: perCampaign }, (_, i) => `agent${i}`);
      state.campaigns[id] = { fields: FIELDS, source: `c${id}.yaml`, agents };
    }
    return state;
  }
  function removing(count: number) {
    const plan = computePlan([], emptyState(), ALL);
    plan.changes.push({
      id: "00001",
      action: "update",
      source: "c00001.yaml",
      fields: [],
      operations: [
        { kind: "remove_agents", logins: Array.from({ length: count }, (_, i) => `agent${i}`) },
      ],
    });
    return plan;
  }

  it("removing more than 30% of the managed memberships needs --force", () => {
    const state = manyState(10, 2); // 20 memberships
    expect(() => checkSafetyGate(removing(6), state, { force: false, read })).not.toThrow();
    expect(() => checkSafetyGate(removing(7), state, { force: false, read })).toThrow(
      UnsafePlanError,
    );
    expect(() => checkSafetyGate(removing(7), state, { force: false, read })).toThrow(
      /remove 7 agent memberships, of 20 the state records as managed \(35%\)/,
    );
    expect(() => checkSafetyGate(removing(7), state, { force: true, read })).not.toThrow();
  });

  it("with few memberships recorded, up to 3 removals pass and more are refused", () => {
    const state = manyState(0, 1);
    expect(() => checkSafetyGate(removing(3), state, { force: false, read })).not.toThrow();
    expect(() => checkSafetyGate(removing(4), state, { force: false, read })).toThrow(
      /none recorded/,
    );
  });
});
