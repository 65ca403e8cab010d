import { stripVTControlCharacters, styleText } from "node:util";
import { describe, expect, it } from "vitest";
import type { Output } from "../../src/cli/output.js";
import { renderPlanText } from "../../src/cli/render/plan-text.js";
import { computePlan } from "../../src/core/diff.js";
import { emptyState } from "../../src/core/state.js";
import { mixedPlan } from "./plan-fixture.js";

function output(color: boolean): Output {
  return {
    out: () => {},
    err: () => {},
    color,
    interactive: false,
    paint: (style, text) => (color ? styleText(style, text, { validateStream: false }) : text),
  };
}

const PLAIN_PRUNE = `~ 00001 "Kampania X" (campaigns/x.yaml)
    (2 fields changed, 2 no longer managed, 2 sent)
    name: "A" → "Kampania X"
    order: 10 → (no longer managed: Thulium keeps its current value)
    parameters.caller_id: "1" → "123"
    parameters.preview_timeout: 5 → (no longer managed: Thulium keeps its current value if it merges parameters (undocumented))
    request: PUT /outbounds/00001 {"name":"Kampania X","parameters":{"caller_id":"123"}}

+ 00002 "Nowa" (campaigns/y.yaml)
    (not yet managed: every declared field is sent)
    name: "Nowa"
    dialer: "preview"
    request: PUT /outbounds/00002 {"dialer":"preview","name":"Nowa"}

! 00003 "Stara" (campaigns/old.yaml)
    (2 fields sent: the last-applied ones, with active: false)
    active: true → false
    (no longer in the campaign files, and --prune: deactivated in Thulium, then dropped from the state)
    request: PUT /outbounds/00003 {"active":false,"name":"Stara"}

Plan: 2 to update, 0 to forget, 1 to deactivate, 1 unchanged.
`;

describe("renderPlanText", () => {
  it("renders every kind of change, plain when colour is off", () => {
    expect(renderPlanText(mixedPlan(true), output(false))).toBe(PLAIN_PRUNE);
  });

  it("marks a forget with - and sends nothing", () => {
    const text = renderPlanText(mixedPlan(false), output(false));
    expect(text).toContain(
      '- 00003 "Stara" (campaigns/old.yaml)\n    (no longer in the campaign files: dropped from the state; nothing is sent, and Thulium keeps the campaign as it is)\n',
    );
    expect(text).not.toContain("/outbounds/00003");
    expect(text.endsWith("Plan: 2 to update, 1 to forget, 0 to deactivate, 1 unchanged.\n")).toBe(
      true,
    );
  });

  it("colours the markers when colour is on, and the text is otherwise the same", () => {
    const text = renderPlanText(mixedPlan(true), output(true));
    expect(text).toContain(styleText("yellow", "~ 00001", { validateStream: false }));
    expect(text).toContain(styleText("green", "+ 00002", { validateStream: false }));
    expect(text).toContain(styleText("red", "! 00003", { validateStream: false }));
    expect(stripVTControlCharacters(text)).toBe(PLAIN_PRUNE);
  });

  it("says so when there is nothing to do", () => {
    const plan = computePlan([], emptyState(), { only: [], prune: false });
    expect(renderPlanText(plan, output(false))).toBe(
      "No changes. The campaign files match the last-applied state.\n",
    );
  });

  it("a field newly declared on a managed campaign was not managed before, not empty in Thulium", () => {
    const state = emptyState();
    state.campaigns["00001"] = { fields: { name: "A" }, source: "a.yaml" };
    const plan = computePlan(
      [
        {
          id: "00001",
          fields: { name: "A", order: 5 },
          location: { file: "a.yaml", line: 1, column: 1 },
        },
      ],
      state,
      { only: [], prune: false },
    );
    expect(renderPlanText(plan, output(false))).toContain(
      '~ 00001 "A" (a.yaml)\n    (1 field changed, 2 sent)\n    order: (not managed) → 5\n',
    );
  });

  it("escapes control characters in names and file names", () => {
    const plan = computePlan(
      [
        {
          id: "00001",
          fields: { name: "evil\u001b[2J\u009b" },
          location: { file: "a\u001b.yaml", line: 1, column: 1 },
        },
      ],
      emptyState(),
      { only: [], prune: false },
    );
    const text = renderPlanText(plan, output(false));
    expect(text.includes(String.fromCharCode(0x1b))).toBe(false);
    expect(text.includes(String.fromCharCode(0x9b))).toBe(false);
    expect(text).not.toContain("(none)");
    expect(text).toContain('+ 00001 "evil\\u001b[2J\\u009b" (a\\u001b.yaml)');
  });
});
