/** The pure drift comparison: last-applied fields against the live list. */
import { describe, expect, it } from "vitest";
import type { CampaignFields } from "../../src/core/campaign.js";
import { computeDrift, type Drift, hasDrift } from "../../src/core/drift.js";
import type { LiveCampaign, LiveFields } from "../../src/core/live-campaign.js";
import type { AppliedCampaign } from "../../src/core/state.js";

const APPLIED: CampaignFields = {
  name: "Sprzedaż",
  dialer: "preview",
  active: true,
  start_date: "2027-01-04",
  end_date: "2027-06-30",
  order: 10,
  parity: 50,
  group_id: 15,
  parameters: { caller_id: "+48221234567", preview_timeout: 30 },
};

function managed(...entries: [string, CampaignFields][]): Record<string, AppliedCampaign> {
  return Object.fromEntries(
    entries.map(([id, fields]) => [id, { fields, source: `campaigns/c${id}.yaml` }]),
  );
}

function live(id: string, fields: LiveFields, unreadable: string[] = []): LiveCampaign {
  return { id, fields, unreadable };
}

const EMPTY: Omit<Drift, "checked" | "compared_fields"> = {
  drifted: [],
  missing_in_thulium: [],
  unmanaged: [],
  not_visible: [],
  unreadable: [],
};

describe("computeDrift", () => {
  it("a live campaign equal to its applied fields: no drift, every field compared", () => {
    const drift = computeDrift(managed(["00001", APPLIED]), [live("00001", APPLIED)]);
    expect(drift).toEqual({ ...EMPTY, checked: 1, compared_fields: 10 });
    expect(hasDrift(drift)).toBe(false);
  });

  it.each<[string, LiveFields, { path: string; applied: unknown; live: unknown }[]]>([
    [
      "order changed in the panel",
      { ...APPLIED, order: 99 },
      [{ path: "order", applied: 10, live: 99 }],
    ],
    [
      "deactivated",
      { ...APPLIED, active: false },
      [{ path: "active", applied: true, live: false }],
    ],
    [
      "end date cleared",
      { ...APPLIED, end_date: null },
      [{ path: "end_date", applied: "2027-06-30", live: null }],
    ],
    [
      "group cleared",
      { ...APPLIED, group_id: null },
      [{ path: "group_id", applied: 15, live: null }],
    ],
    [
      "one parameter changed, key by key",
      { ...APPLIED, parameters: { caller_id: "+48000", preview_timeout: 30 } },
      [{ path: "parameters.caller_id", applied: "+48221234567", live: "+48000" }],
    ],
    [
      "a parameter shown as not set",
      { ...APPLIED, parameters: { caller_id: null, preview_timeout: 30 } },
      [{ path: "parameters.caller_id", applied: "+48221234567", live: null }],
    ],
    [
      "several fields, in the schema's order",
      {
        ...APPLIED,
        group_id: 1,
        name: "Inna",
        parameters: { preview_timeout: 5, caller_id: "+48221234567" },
      },
      [
        { path: "name", applied: "Sprzedaż", live: "Inna" },
        { path: "parameters.preview_timeout", applied: 30, live: 5 },
        { path: "group_id", applied: 15, live: 1 },
      ],
    ],
  ])("%s: applied → live", (_name, liveFields, fields) => {
    const drift = computeDrift(managed(["00001", APPLIED]), [live("00001", liveFields)]);
    expect(drift.drifted).toEqual([
      { id: "00001", source: "campaigns/c00001.yaml", name: "Sprzedaż", fields },
    ]);
    expect(hasDrift(drift)).toBe(true);
  });

  it("a field the list does not show never shows as drift: it is listed as not visible", () => {
    const { group_id: _g, parameters: _p, ...shown } = APPLIED;
    const drift = computeDrift(managed(["00001", APPLIED]), [live("00001", shown)]);
    expect(drift).toEqual({
      ...EMPTY,
      checked: 1,
      compared_fields: 7,
      not_visible: ["parameters.caller_id", "parameters.preview_timeout", "group_id"],
    });
    expect(hasDrift(drift)).toBe(false);
  });

  it("a parameter missing from a shown parameters map is not visible", () => {
    const drift = computeDrift(managed(["00001", APPLIED]), [
      live("00001", { ...APPLIED, parameters: { preview_timeout: 30 } }),
    ]);
    expect(drift.drifted).toEqual([]);
    expect(drift.not_visible).toEqual(["parameters.caller_id"]);
    expect(drift.compared_fields).toBe(9);
  });

  it("an unreadable value never shows as drift: it is listed per campaign and field", () => {
    const { order: _o, parameters: _p, ...readable } = APPLIED;
    const drift = computeDrift(managed(["00001", APPLIED]), [
      live("00001", readable, ["order", "parameters"]),
    ]);
    expect(drift).toEqual({
      ...EMPTY,
      checked: 1,
      compared_fields: 7,
      unreadable: [
        { id: "00001", path: "order" },
        { id: "00001", path: "parameters.caller_id" },
        { id: "00001", path: "parameters.preview_timeout" },
      ],
    });
    expect(hasDrift(drift)).toBe(false);
  });

  it("one unreadable parameter: the others are compared", () => {
    const drift = computeDrift(managed(["00001", APPLIED]), [
      live("00001", { ...APPLIED, parameters: { preview_timeout: 31 } }, ["parameters.caller_id"]),
    ]);
    expect(drift.unreadable).toEqual([{ id: "00001", path: "parameters.caller_id" }]);
    expect(drift.drifted[0]?.fields).toEqual([
      { path: "parameters.preview_timeout", applied: 30, live: 31 },
    ]);
  });

  it("fields the state does not hold are not compared, whatever Thulium shows", () => {
    const drift = computeDrift(managed(["00001", { name: "A" }]), [
      live("00001", { ...APPLIED, name: "A" }, ["order"]),
    ]);
    expect(drift).toEqual({ ...EMPTY, checked: 1, compared_fields: 1 });
  });

  it("both sides are normalised as the plan's diff does: empty parameters and key order", () => {
    const applied: CampaignFields = { name: "A", parameters: {} };
    const drift = computeDrift(managed(["00001", applied]), [live("00001", { name: "A" })]);
    expect(drift).toEqual({ ...EMPTY, checked: 1, compared_fields: 1 });
  });

  it("values are compared as typed: 10 and 10 are equal, never coerced further", () => {
    const drift = computeDrift(managed(["00001", { order: 10, active: false }]), [
      live("00001", { order: 10, active: false }),
    ]);
    expect(drift.drifted).toEqual([]);
  });

  it("managed campaigns missing from Thulium, and live ones nobody manages", () => {
    const drift = computeDrift(
      managed(["00003", APPLIED], ["00001", APPLIED], ["00002", APPLIED]),
      [live("00042", { name: "X" }), live("00002", APPLIED), live("00007", {})],
    );
    expect(drift.missing_in_thulium).toEqual(["00001", "00003"]);
    expect(drift.unmanaged).toEqual(["00007", "00042"]);
    expect(drift.checked).toBe(1);
    expect(hasDrift(drift)).toBe(true);
  });

  it("unmanaged campaigns alone are not drift", () => {
    const drift = computeDrift({}, [live("00042", { name: "X" })]);
    expect(drift).toEqual({ ...EMPTY, checked: 0, compared_fields: 0, unmanaged: ["00042"] });
    expect(hasDrift(drift)).toBe(false);
  });

  it("--only restricts managed, missing and unmanaged campaigns alike", () => {
    const drift = computeDrift(
      managed(["00001", APPLIED], ["00002", APPLIED], ["00003", APPLIED]),
      [
        live("00001", { ...APPLIED, order: 1 }),
        live("00002", { ...APPLIED, order: 2 }),
        live("00009", {}),
      ],
      { only: ["00002", "00003", "00009"] },
    );
    expect(drift.drifted.map((c) => c.id)).toEqual(["00002"]);
    expect(drift.missing_in_thulium).toEqual(["00003"]);
    expect(drift.unmanaged).toEqual(["00009"]);
    expect(drift.checked).toBe(1);
  });

  it("drifted campaigns are sorted by id, and a campaign with no name has none", () => {
    const drift = computeDrift(managed(["00002", { order: 1 }], ["00001", { order: 1 }]), [
      live("00001", { order: 2 }),
      live("00002", { order: 3 }),
    ]);
    expect(drift.drifted).toEqual([
      {
        id: "00001",
        source: "campaigns/c00001.yaml",
        fields: [{ path: "order", applied: 1, live: 2 }],
      },
      {
        id: "00002",
        source: "campaigns/c00002.yaml",
        fields: [{ path: "order", applied: 1, live: 3 }],
      },
    ]);
  });

  it("not_visible lists each path once, across campaigns", () => {
    const drift = computeDrift(managed(["00001", { group_id: 1 }], ["00002", { group_id: 2 }]), [
      live("00001", {}),
      live("00002", {}),
    ]);
    expect(drift.not_visible).toEqual(["group_id"]);
    expect(drift.compared_fields).toBe(0);
  });
});
