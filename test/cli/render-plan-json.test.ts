import { describe, expect, it } from "vitest";
import { renderPlanJson } from "../../src/cli/render/plan-json.js";
import { computePlan } from "../../src/core/diff.js";
import { emptyState } from "../../src/core/state.js";
import { mixedPlan } from "./plan-fixture.js";

describe("renderPlanJson", () => {
  it("is exactly the cli-contract shape, keys in order, newline at the end", () => {
    const text = renderPlanJson(mixedPlan(true));
    expect(text.endsWith("}\n")).toBe(true);
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(["format_version", "summary", "changes"]);
    expect(json.format_version).toBe(1);
    expect(Object.keys(json.summary)).toEqual(["update", "unchanged", "forget", "deactivate"]);
    expect(json.summary).toEqual({ update: 2, unchanged: 1, forget: 0, deactivate: 1 });
    for (const change of json.changes) {
      expect(Object.keys(change)).toEqual(["id", "action", "source", "fields", "request"]);
    }
    expect(json.changes[0]).toEqual({
      id: "00001",
      action: "update",
      source: "campaigns/x.yaml",
      fields: [
        { path: "name", before: "A", after: "Kampania X" },
        { path: "order", before: 10, after: null, unmanaged: true },
        { path: "parameters.caller_id", before: "1", after: "123" },
        { path: "parameters.preview_timeout", before: 5, after: null, unmanaged: true },
      ],
      request: {
        method: "PUT",
        path: "/outbounds/00001",
        body: { name: "Kampania X", parameters: { caller_id: "123" } },
      },
    });
    expect(json.changes[1].fields[0]).toEqual({ path: "name", before: null, after: "Nowa" });
    expect(json.changes[2]).toEqual({
      id: "00003",
      action: "deactivate",
      source: "campaigns/old.yaml",
      fields: [{ path: "active", before: true, after: false }],
      request: { method: "PUT", path: "/outbounds/00003", body: { active: false, name: "Stara" } },
    });
  });

  it("gives a forget a null request, and keeps ids as strings", () => {
    const json = JSON.parse(renderPlanJson(mixedPlan(false)));
    expect(json.changes[2]).toEqual({
      id: "00003",
      action: "forget",
      source: "campaigns/old.yaml",
      fields: [],
      request: null,
    });
    expect(typeof json.changes[0].id).toBe("string");
  });

  it("is byte-identical for the same plan whatever the declaration's key order", () => {
    const at = { file: "a.yaml", line: 1, column: 1 };
    const one = computePlan(
      [{ id: "00001", fields: { name: "N", order: 1 }, location: at }],
      emptyState(),
      { only: [], prune: false },
    );
    const two = computePlan(
      [{ id: "00001", fields: { order: 1, name: "N" }, location: at }],
      emptyState(),
      { only: [], prune: false },
    );
    expect(renderPlanJson(one)).toBe(renderPlanJson(two));
  });

  it("renders an empty plan", () => {
    const plan = computePlan([], emptyState(), { only: [], prune: false });
    expect(renderPlanJson(plan)).toBe(
      '{\n  "format_version": 1,\n  "summary": {\n    "update": 0,\n    "unchanged": 0,\n    "forget": 0,\n    "deactivate": 0\n  },\n  "changes": []\n}\n',
    );
  });
});
