/**
 * Plan views with agents (issue 13, item 2): text and markdown say `agents: + anowak,
 * − jkowalski`; JSON has `agents: {add, remove}`, `requests` in order and `request` as the
 * PUT (null for a membership-only change); dropped agents and exact-unread are said.
 */
import { describe, expect, it } from "vitest";
import { createOutput } from "../../src/cli/output.js";
import { renderPlanJson } from "../../src/cli/render/plan-json.js";
import { renderPlanMarkdown } from "../../src/cli/render/plan-markdown.js";
import { renderPlanText } from "../../src/cli/render/plan-text.js";
import type { DeclaredCampaign } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import { emptyState, type State } from "../../src/core/state.js";

const output = createOutput({ colorFlag: false });
const FIELDS = { name: "Sprzedaż", order: 10 };
const at = { file: "campaigns/a.yaml", line: 1, column: 1 };

function state(): State {
  const s = { ...emptyState(), lineage: "11111111-1111-4111-8111-111111111111", serial: 1 };
  s.campaigns["00001"] = { fields: FIELDS, source: at.file, agents: ["jkowalski"] };
  s.campaigns["00002"] = { fields: FIELDS, source: at.file, agents: ["anowak"] };
  return s;
}
const declared: DeclaredCampaign[] = [
  { id: "00001", fields: FIELDS, agents: { logins: ["anowak"], policy: "owned" }, location: at },
  { id: "00002", fields: FIELDS, location: at },
  { id: "00003", fields: FIELDS, agents: { logins: [], policy: "exact" }, location: at },
];

describe("plan views with agents", () => {
  const plan = computePlan(declared, state(), { only: [], prune: false });

  it("text: the agents line, both requests, the dropped-agents note, the exact note", () => {
    const text = renderPlanText(plan, output);
    expect(text).toContain("    agents: + anowak, \u2212 jkowalski\n");
    expect(text).toContain('request: POST /outbounds/00001/add_agents {"logins":["anowak"]}');
    expect(text).toContain('request: POST /outbounds/00001/remove_agents {"logins":["jkowalski"]}');
    expect(text).not.toContain("PUT /outbounds/00001");
    expect(text).toContain("members stay in Thulium and the state forgets them");
    expect(text).toContain("agents_policy: exact for 00003: membership was not read");
  });

  it("markdown: the agents line", () => {
    expect(renderPlanMarkdown(plan)).toContain("agents: + anowak, \u2212 jkowalski");
  });

  it("json: agents, requests in order, request null without a PUT", () => {
    const json = JSON.parse(renderPlanJson(plan));
    expect(json.changes[0]).toMatchObject({
      id: "00001",
      request: null,
      agents: { add: ["anowak"], remove: ["jkowalski"] },
      requests: [
        { method: "POST", path: "/outbounds/00001/add_agents", body: { logins: ["anowak"] } },
        { method: "POST", path: "/outbounds/00001/remove_agents", body: { logins: ["jkowalski"] } },
      ],
    });
    expect(json.changes[1]).toEqual({
      id: "00002",
      action: "update",
      source: "campaigns/a.yaml",
      fields: [],
      request: null,
    });
  });
});
