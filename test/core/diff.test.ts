import { describe, expect, it } from "vitest";
import type { CampaignFields, DeclaredCampaign } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import { putRequestOf } from "../../src/core/operation.js";
import type { FieldChange, PlannedChange, PlanOptions } from "../../src/core/plan.js";
import { emptyState, type State } from "../../src/core/state.js";
import { requestView } from "./request-view.js";

const requestOf = (change: PlannedChange | undefined) =>
  change === undefined ? undefined : putRequestOf(change);

const ALL: PlanOptions = { only: [], prune: false };

function declared(
  id: string,
  fields: CampaignFields,
  file = `campaigns/${id}.yaml`,
): DeclaredCampaign {
  return { id, fields, location: { file, line: 1, column: 1 } };
}

function stateOf(campaigns: Record<string, CampaignFields>, source = "campaigns/old.yaml"): State {
  const state = { ...emptyState(), lineage: "11111111-1111-4111-8111-111111111111", serial: 3 };
  for (const [id, fields] of Object.entries(campaigns)) state.campaigns[id] = { fields, source };
  return state;
}

const BASE: CampaignFields = {
  name: "Kampania sprzedażowa 2015",
  dialer: "preview",
  active: true,
  start_date: "2025-01-01",
  end_date: "2025-12-31",
  order: 50,
  parity: 50,
  group_id: 15,
  parameters: { caller_id: "123456789", preview_timeout: 30 },
};

describe("computePlan: one field of each type changes", () => {
  const cases: { field: string; after: CampaignFields; change: FieldChange }[] = [
    {
      field: "name (string)",
      after: { ...BASE, name: "Nowa" },
      change: { path: "name", before: BASE.name, after: "Nowa" },
    },
    {
      field: "dialer (enum)",
      after: { ...BASE, dialer: "predictive" },
      change: { path: "dialer", before: "preview", after: "predictive" },
    },
    {
      field: "active (boolean)",
      after: { ...BASE, active: false },
      change: { path: "active", before: true, after: false },
    },
    {
      field: "start_date (date)",
      after: { ...BASE, start_date: "2025-02-01" },
      change: { path: "start_date", before: "2025-01-01", after: "2025-02-01" },
    },
    {
      field: "end_date (date)",
      after: { ...BASE, end_date: "2026-01-31" },
      change: { path: "end_date", before: "2025-12-31", after: "2026-01-31" },
    },
    {
      field: "order (integer)",
      after: { ...BASE, order: 10 },
      change: { path: "order", before: 50, after: 10 },
    },
    {
      field: "parity (integer)",
      after: { ...BASE, parity: 1 },
      change: { path: "parity", before: 50, after: 1 },
    },
    {
      field: "group_id (integer)",
      after: { ...BASE, group_id: 16 },
      change: { path: "group_id", before: 15, after: 16 },
    },
    {
      field: "parameters key changed",
      after: { ...BASE, parameters: { caller_id: "987", preview_timeout: 30 } },
      change: { path: "parameters.caller_id", before: "123456789", after: "987" },
    },
    {
      field: "parameters key added",
      after: { ...BASE, parameters: { ...BASE.parameters, predictive_max_calls: 3 } },
      change: { path: "parameters.predictive_max_calls", before: null, after: 3 },
    },
    {
      field: "parameters key removed",
      after: { ...BASE, parameters: { caller_id: "123456789" } },
      change: { path: "parameters.preview_timeout", before: 30, after: null, unmanaged: true },
    },
    {
      field: "field no longer declared",
      after: (({ order: _order, ...rest }) => rest)(BASE),
      change: { path: "order", before: 50, after: null, unmanaged: true },
    },
  ];

  it.each(cases)("$field", ({ after, change }) => {
    const plan = computePlan([declared("00001", after)], stateOf({ "00001": BASE }), ALL);
    expect(plan.summary).toEqual({ update: 1, unchanged: 0, forget: 0, deactivate: 0 });
    expect(plan.changes).toHaveLength(1);
    const [planned] = plan.changes;
    expect(planned?.action).toBe("update");
    expect(planned?.fields).toEqual([change]);
    expect(planned?.firstApply).toBeUndefined();
    // The request carries the whole declaration, not only the changed field.
    expect(planned && putRequestOf(planned)).toEqual({
      method: "PUT",
      path: "/outbounds/00001",
      body: after,
    });
  });
});

describe("computePlan: parameters as a whole", () => {
  it("parameters newly declared: every key is a change from null", () => {
    const { parameters: _p, ...without } = BASE;
    const plan = computePlan([declared("00001", BASE)], stateOf({ "00001": without }), ALL);
    expect(plan.changes[0]?.fields).toEqual([
      { path: "parameters.caller_id", before: null, after: "123456789" },
      { path: "parameters.preview_timeout", before: null, after: 30 },
    ]);
  });

  it("parameters no longer declared: every key is no longer managed and nothing is sent for them", () => {
    const { parameters: _p, ...without } = BASE;
    const plan = computePlan([declared("00001", without)], stateOf({ "00001": BASE }), ALL);
    expect(plan.changes[0]?.fields).toEqual([
      { path: "parameters.caller_id", before: "123456789", after: null, unmanaged: true },
      { path: "parameters.preview_timeout", before: 30, after: null, unmanaged: true },
    ]);
    expect(requestOf(plan.changes[0])?.body).not.toHaveProperty("parameters");
  });

  it("an empty parameters map is the same as none", () => {
    const { parameters: _p, ...without } = BASE;
    const plan = computePlan(
      [declared("00001", { ...without, parameters: {} })],
      stateOf({ "00001": without }),
      ALL,
    );
    expect(plan.changes).toEqual([]);
    expect(plan.summary.unchanged).toBe(1);
  });
});

describe("computePlan: the same value is never a change", () => {
  it("nothing changed: no changes, only counted", () => {
    const plan = computePlan(
      [declared("00001", BASE), declared("00002", { name: "B" })],
      stateOf({ "00001": BASE, "00002": { name: "B" } }),
      ALL,
    );
    expect(plan).toEqual({
      format_version: 1,
      summary: { update: 0, unchanged: 2, forget: 0, deactivate: 0 },
      changes: [],
    });
  });

  it("key order, also inside parameters, is irrelevant", () => {
    const reordered: CampaignFields = {
      parameters: { preview_timeout: 30, caller_id: "123456789" },
      group_id: 15,
      parity: 50,
      order: 50,
      end_date: "2025-12-31",
      start_date: "2025-01-01",
      active: true,
      dialer: "preview",
      name: "Kampania sprzedażowa 2015",
    };
    const plan = computePlan([declared("00001", reordered)], stateOf({ "00001": BASE }), ALL);
    expect(plan.changes).toEqual([]);
  });

  it("undefined members are ignored", () => {
    const withUndefined = { ...BASE, end_date: undefined } as unknown as CampaignFields;
    const { end_date: _e, ...without } = BASE;
    const plan = computePlan(
      [declared("00001", withUndefined)],
      stateOf({ "00001": without }),
      ALL,
    );
    expect(plan.changes).toEqual([]);
  });

  it('numbers stay numbers: "50" is not 50', () => {
    const stringly = { ...BASE, order: "50" } as unknown as CampaignFields;
    const plan = computePlan([declared("00001", stringly)], stateOf({ "00001": BASE }), ALL);
    expect(plan.changes[0]?.fields).toEqual([{ path: "order", before: 50, after: "50" }]);
  });
});

describe("computePlan: campaigns new to the state", () => {
  it("is an update whose before values are null, marked as a first apply", () => {
    const plan = computePlan([declared("00007", { name: "Nowa", order: 5 })], emptyState(), ALL);
    expect(plan.changes.map(requestView)).toEqual([
      {
        id: "00007",
        action: "update",
        source: "campaigns/00007.yaml",
        name: "Nowa",
        firstApply: true,
        fields: [
          { path: "name", before: null, after: "Nowa" },
          { path: "order", before: null, after: 5 },
        ],
        request: { method: "PUT", path: "/outbounds/00007", body: { name: "Nowa", order: 5 } },
      },
    ]);
  });

  it("a campaign declaring no field is still applied once, so that it is recorded", () => {
    const plan = computePlan([declared("00007", {})], emptyState(), ALL);
    expect(plan.summary.update).toBe(1);
    expect(requestOf(plan.changes[0])?.body).toEqual({});
  });

  it("the request body is canonical: keys sorted, also inside parameters", () => {
    const plan = computePlan(
      [
        declared("00007", {
          order: 5,
          name: "N",
          parameters: { preview_timeout: 3, caller_id: "1" },
        }),
      ],
      emptyState(),
      ALL,
    );
    const body = requestOf(plan.changes[0])?.body;
    expect(JSON.stringify(body)).toBe(
      '{"name":"N","order":5,"parameters":{"caller_id":"1","preview_timeout":3}}',
    );
  });
});

describe("computePlan: campaigns no longer declared", () => {
  const state = stateOf(
    { "00003": { name: "Stara", active: true, order: 7 } },
    "campaigns/old.yaml",
  );

  it("without --prune: forget, no request, source and name from the state", () => {
    const plan = computePlan([], state, ALL);
    expect(plan.summary).toEqual({ update: 0, unchanged: 0, forget: 1, deactivate: 0 });
    expect(plan.changes.map(requestView)).toEqual([
      {
        id: "00003",
        action: "forget",
        source: "campaigns/old.yaml",
        name: "Stara",
        fields: [],
        request: null,
      },
    ]);
  });

  it("with --prune: deactivate with a PUT of the last-applied fields and active: false", () => {
    const plan = computePlan([], state, { only: [], prune: true });
    expect(plan.summary).toEqual({ update: 0, unchanged: 0, forget: 0, deactivate: 1 });
    expect(plan.changes.map(requestView)).toEqual([
      {
        id: "00003",
        action: "deactivate",
        source: "campaigns/old.yaml",
        name: "Stara",
        fields: [{ path: "active", before: true, after: false }],
        request: {
          method: "PUT",
          path: "/outbounds/00003",
          body: { active: false, name: "Stara", order: 7 },
        },
      },
    ]);
  });

  it("with --prune, a campaign last applied inactive is still deactivated but shows no false → false line", () => {
    const plan = computePlan([], stateOf({ "00003": { active: false } }), {
      only: [],
      prune: true,
    });
    expect(plan.changes[0]?.action).toBe("deactivate");
    expect(plan.changes[0]?.fields).toEqual([]);
    expect(requestOf(plan.changes[0])?.body).toEqual({ active: false });
  });

  it("with --prune, a campaign that never declared active shows before null", () => {
    const plan = computePlan([], stateOf({ "00003": { name: "X" } }), { only: [], prune: true });
    expect(plan.changes[0]?.fields).toEqual([{ path: "active", before: null, after: false }]);
  });
});

describe("computePlan: --only and ordering", () => {
  const state = stateOf({ "00001": { name: "A" }, "00002": { name: "B" }, "00009": { name: "Z" } });
  const files = [
    declared("00002", { name: "B2" }),
    declared("00001", { name: "A" }),
    declared("00004", { name: "D" }),
  ];

  it("changes are sorted by id and summary counts every kind", () => {
    const plan = computePlan(files, state, ALL);
    expect(plan.changes.map((c) => [c.id, c.action])).toEqual([
      ["00002", "update"],
      ["00004", "update"],
      ["00009", "forget"],
    ]);
    expect(plan.summary).toEqual({ update: 2, unchanged: 1, forget: 1, deactivate: 0 });
  });

  it("--only restricts declared and state-only campaigns alike, and what is counted", () => {
    const plan = computePlan(files, state, { only: ["00002", "00009"], prune: true });
    expect(plan.changes.map((c) => [c.id, c.action])).toEqual([
      ["00002", "update"],
      ["00009", "deactivate"],
    ]);
    expect(plan.summary).toEqual({ update: 1, unchanged: 0, forget: 0, deactivate: 1 });
  });

  it("--only with an unchanged campaign: nothing to do", () => {
    const plan = computePlan(files, state, { only: ["00001"], prune: false });
    expect(plan.changes).toEqual([]);
    expect(plan.summary).toEqual({ update: 0, unchanged: 1, forget: 0, deactivate: 0 });
  });

  it("the declared name wins over the recorded one; the recorded one is kept when none is declared", () => {
    const plan = computePlan(
      [declared("00001", { order: 3 }), declared("00002", { name: "B2" })],
      state,
      ALL,
    );
    expect(plan.changes.find((c) => c.id === "00001")?.name).toBe("A");
    expect(plan.changes.find((c) => c.id === "00002")?.name).toBe("B2");
  });

  it("refuses two declarations of one id (validation rules that out, so it is a bug)", () => {
    expect(() =>
      computePlan([declared("00001", {}), declared("00001", {})], emptyState(), ALL),
    ).toThrow(/declared twice/);
  });
});
