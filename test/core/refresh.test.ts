/** `--refresh` in the pure plan: live values the PUT overwrites, and updates they cause. */
import { describe, expect, it } from "vitest";
import type { CampaignFields, DeclaredCampaign } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import type { LiveCampaign, LiveFields } from "../../src/core/live-campaign.js";
import type { PlanOptions } from "../../src/core/plan.js";
import { planToJson } from "../../src/core/plan-shape.js";
import { liveFingerprint } from "../../src/core/refresh.js";
import { emptyState, type State } from "../../src/core/state.js";
import { requestView } from "./request-view.js";

const ALL: PlanOptions = { only: [], prune: false };

const BASE: CampaignFields = {
  name: "Sprzedaż",
  dialer: "preview",
  active: true,
  start_date: "2027-01-04",
  end_date: "2027-06-30",
  order: 20,
  parity: 50,
  group_id: 15,
  parameters: { caller_id: "+48221234567", preview_timeout: 30 },
};

function declared(id: string, fields: CampaignFields): DeclaredCampaign {
  return { id, fields, location: { file: `campaigns/${id}.yaml`, line: 1, column: 1 } };
}

function stateOf(campaigns: Record<string, CampaignFields>): State {
  const state = { ...emptyState(), lineage: "11111111-1111-4111-8111-111111111111", serial: 3 };
  for (const [id, fields] of Object.entries(campaigns))
    state.campaigns[id] = { fields, source: `campaigns/${id}.yaml` };
  return state;
}

function live(id: string, fields: LiveFields, unreadable: string[] = []): LiveCampaign {
  return { id, fields, unreadable };
}

describe("computePlan with Thulium's list (--refresh)", () => {
  it("a field changed in Thulium since the last apply makes an unchanged campaign an update", () => {
    const plan = computePlan([declared("00001", BASE)], stateOf({ "00001": BASE }), ALL, [
      live("00001", { ...BASE, order: 99 }),
    ]);
    expect(plan.summary).toEqual({ update: 1, unchanged: 0, forget: 0, deactivate: 0 });
    expect(plan.changes.map(requestView)).toEqual([
      {
        id: "00001",
        action: "update",
        source: "campaigns/00001.yaml",
        name: "Sprzedaż",
        fields: [{ path: "order", before: 20, after: 20, live: 99 }],
        request: { method: "PUT", path: "/outbounds/00001", body: BASE },
      },
    ]);
    expect(plan.refresh).toEqual({
      campaigns: 1,
      compared_fields: 10,
      not_visible: [],
      not_visible_fields: 0,
      unreadable: [],
      missing_in_thulium: [],
    });
  });

  it("Thulium equal to the declaration: no change, and the comparison is counted", () => {
    const plan = computePlan([declared("00001", BASE)], stateOf({ "00001": BASE }), ALL, [
      live("00001", BASE),
    ]);
    expect(plan.changes).toEqual([]);
    expect(plan.summary.unchanged).toBe(1);
    expect(plan.refresh?.compared_fields).toBe(10);
  });

  it("a declared change: the field carries the live value it overwrites, in field order", () => {
    const plan = computePlan(
      [declared("00001", { ...BASE, name: "Nowa", order: 30 })],
      stateOf({ "00001": BASE }),
      ALL,
      [live("00001", { ...BASE, order: 99, parity: 7 })],
    );
    expect(plan.changes[0]?.fields).toEqual([
      { path: "name", before: "Sprzedaż", after: "Nowa", live: "Sprzedaż" },
      { path: "order", before: 20, after: 30, live: 99 },
      { path: "parity", before: 50, after: 50, live: 7 },
    ]);
  });

  it("a live value already equal to the declared one carries no live key", () => {
    const plan = computePlan(
      [declared("00001", { ...BASE, order: 30 })],
      stateOf({ "00001": BASE }),
      ALL,
      [live("00001", { ...BASE, order: 30 })],
    );
    expect(plan.changes[0]?.fields).toEqual([{ path: "order", before: 20, after: 30 }]);
  });

  it("a first apply shows what it overwrites", () => {
    const plan = computePlan([declared("00001", { name: "A", order: 20 })], emptyState(), ALL, [
      live("00001", { name: "A", order: 5, parity: 50 }),
    ]);
    expect(plan.changes[0]).toMatchObject({
      firstApply: true,
      fields: [
        { path: "name", before: null, after: "A" },
        { path: "order", before: null, after: 20, live: 5 },
      ],
    });
  });

  it("parameters are compared key by key; a value shown as not set is overwritten too", () => {
    const plan = computePlan([declared("00001", BASE)], stateOf({ "00001": BASE }), ALL, [
      live("00001", {
        ...BASE,
        end_date: null,
        parameters: { caller_id: null, preview_timeout: 30 },
      }),
    ]);
    expect(plan.changes[0]?.fields).toEqual([
      { path: "end_date", before: "2027-06-30", after: "2027-06-30", live: null },
      { path: "parameters.caller_id", before: "+48221234567", after: "+48221234567", live: null },
    ]);
  });

  it("a field the list does not show, or cannot read, is never an update: it is counted", () => {
    const { group_id: _g, parameters: _p, order: _o, ...shown } = BASE;
    const plan = computePlan([declared("00001", BASE)], stateOf({ "00001": BASE }), ALL, [
      live("00001", shown, ["order"]),
    ]);
    expect(plan.changes).toEqual([]);
    expect(plan.refresh).toEqual({
      campaigns: 1,
      compared_fields: 6,
      not_visible: ["parameters.caller_id", "parameters.preview_timeout", "group_id"],
      not_visible_fields: 3,
      unreadable: [{ id: "00001", path: "order" }],
      missing_in_thulium: [],
    });
  });

  it("a declared campaign missing from the list keeps its plan and is named", () => {
    const plan = computePlan(
      [declared("00001", BASE), declared("00002", BASE)],
      stateOf({ "00001": BASE, "00002": { ...BASE, order: 1 } }),
      ALL,
      [live("00001", BASE)],
    );
    expect(plan.changes.map((c) => c.id)).toEqual(["00002"]);
    expect(plan.changes[0]?.fields).toEqual([{ path: "order", before: 1, after: 20 }]);
    expect(plan.refresh?.missing_in_thulium).toEqual(["00002"]);
  });

  it("--only: campaigns outside it are neither compared nor changed", () => {
    const plan = computePlan(
      [declared("00001", BASE), declared("00002", BASE)],
      stateOf({ "00001": BASE, "00002": BASE }),
      { only: ["00002"], prune: false },
      [live("00001", { ...BASE, order: 1 }), live("00002", BASE)],
    );
    expect(plan.changes).toEqual([]);
    expect(plan.refresh?.campaigns).toBe(1);
  });

  it("--prune: a deactivation shows the live values its PUT overwrites", () => {
    const plan = computePlan([], stateOf({ "00001": BASE }), { only: [], prune: true }, [
      live("00001", { ...BASE, order: 99 }),
    ]);
    expect(plan.changes[0]).toMatchObject({
      action: "deactivate",
      fields: [
        { path: "active", before: true, after: false, live: true },
        { path: "order", before: 20, after: 20, live: 99 },
      ],
    });
  });

  it("a forget sends nothing, so nothing of it is compared", () => {
    const plan = computePlan([], stateOf({ "00001": BASE }), ALL, [live("00001", { order: 1 })]);
    expect(plan.changes[0]).toMatchObject({ action: "forget", fields: [] });
    expect(plan.refresh?.campaigns).toBe(0);
  });

  it("without the list, nothing changes: no live keys, no refresh block", () => {
    const plan = computePlan(
      [declared("00001", BASE)],
      stateOf({ "00001": { ...BASE, order: 1 } }),
      ALL,
    );
    const json = planToJson(plan);
    expect(json).not.toHaveProperty("refresh");
    expect(JSON.stringify(json)).not.toContain('"live"');
  });

  it("JSON: live beside before and after, and the refresh block last", () => {
    const plan = computePlan([declared("00001", BASE)], stateOf({ "00001": BASE }), ALL, [
      live("00001", { ...BASE, order: 99 }),
    ]);
    const json = planToJson(plan) as { changes: { fields: unknown[] }[]; refresh: unknown };
    expect(Object.keys(json)).toEqual(["format_version", "summary", "changes", "refresh"]);
    expect(json.changes[0]?.fields).toEqual([{ path: "order", before: 20, after: 20, live: 99 }]);
  });
});

describe("liveFingerprint", () => {
  it("changes with a live value of a covered campaign, not with others or key order", () => {
    const a = liveFingerprint(
      ["00001"],
      [live("00001", { order: 1, name: "A" }), live("00002", {})],
    );
    expect(liveFingerprint(["00001"], [live("00001", { name: "A", order: 1 })])).toBe(a);
    expect(liveFingerprint(["00001"], [live("00001", { name: "A", order: 2 })])).not.toBe(a);
    expect(liveFingerprint(["00001"], [])).not.toBe(a);
    expect(
      liveFingerprint(["00001"], [live("00001", { name: "A", order: 1 }, ["parity"])]),
    ).not.toBe(a);
  });
});
