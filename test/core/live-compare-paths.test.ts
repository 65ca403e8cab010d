/**
 * Paths as drift and --refresh read them (core/live-compare.ts), without a regular
 * expression or an array per call: the field is what comes before the first dot, the
 * parameter everything after it; known fields sort in the schema's order, unknown last.
 */
import { expect, it } from "vitest";
import { FIELD_ORDER } from "../../src/core/campaign.js";
import type { LiveCampaign } from "../../src/core/live-campaign.js";
import { liveValueAt, orderPaths } from "../../src/core/live-compare.js";

const live = {
  id: "00001",
  fields: { name: "A", parameters: { caller_id: "48221234567", "x.y": 1, "": 2 } },
  unreadable: ["dialer", "parameters.preview_timeout"],
} as unknown as LiveCampaign;

it("reads a field, a parameter, and a parameter whose name holds a dot or nothing", () => {
  expect(liveValueAt(live, "name")).toEqual({ kind: "value", value: "A" });
  expect(liveValueAt(live, "parameters.caller_id")).toEqual({
    kind: "value",
    value: "48221234567",
  });
  expect(liveValueAt(live, "parameters.x.y")).toEqual({ kind: "value", value: 1 });
  expect(liveValueAt(live, "parameters.")).toEqual({ kind: "value", value: 2 });
  expect(liveValueAt(live, "parameters.missing")).toEqual({ kind: "not-visible" });
  expect(liveValueAt(live, "order")).toEqual({ kind: "not-visible" });
  expect(liveValueAt(live, "dialer")).toEqual({ kind: "unreadable" });
  expect(liveValueAt(live, "parameters.preview_timeout")).toEqual({ kind: "unreadable" });
});

it("orders paths by the schema's field order, parameters by name, unknown fields last", () => {
  const shuffled = [
    "zeta",
    "parameters.b",
    ...[...FIELD_ORDER].reverse().filter((field) => field !== "parameters"),
    "alpha.beta",
    "parameters.a",
  ];
  const ordered = orderPaths(shuffled);
  const order: readonly string[] = FIELD_ORDER;
  const known = order.filter((field) => field !== "parameters");
  const parametersAt = order.indexOf("parameters");
  const expected = [...known];
  expected.splice(
    known.filter((field) => order.indexOf(field) < parametersAt).length,
    0,
    "parameters.a",
    "parameters.b",
  );
  expect(ordered).toEqual([...expected, "alpha.beta", "zeta"]);
});
