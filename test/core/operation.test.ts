/**
 * One change model (issue 11, item 2): a change is its operations, and its requests, state
 * records, counts and JSON view are derived from them. `add_agents`/`remove_agents` are
 * declared for issue 13; the JSON shape for them follows cli-contract.md and is additive.
 */
import { describe, expect, it } from "vitest";
import {
  agentsOf,
  operationCounts,
  ownedAgentsAfter,
  putRequestOf,
  recordAfter,
  recordWithoutRequests,
  requestFor,
  requestsOf,
} from "../../src/core/operation.js";
import type { PlannedChange } from "../../src/core/plan.js";
import { CHANGE_ACTIONS, SUMMARY_KEYS, summarise } from "../../src/core/plan.js";
import { changeToJson, planToJson } from "../../src/core/plan-shape.js";

const put = { kind: "put" as const, body: { name: "A", order: 1 } };
const add = { kind: "add_agents" as const, logins: ["anowak", "bkowal"] };
const remove = { kind: "remove_agents" as const, logins: ["jkowalski"] };

function change(overrides: Partial<PlannedChange> = {}): PlannedChange {
  return {
    id: "00001",
    action: "update",
    source: "campaigns/a.yaml",
    fields: [],
    operations: [put],
    ...overrides,
  };
}

describe("requests are derived from operations", () => {
  it("a put is the campaign's PUT; agents calls are POSTs of sorted logins", () => {
    expect(requestFor("00001", put)).toEqual({
      method: "PUT",
      path: "/outbounds/00001",
      body: put.body,
    });
    expect(requestsOf(change({ operations: [put, add, remove] }))).toEqual([
      { method: "PUT", path: "/outbounds/00001", body: put.body },
      { method: "POST", path: "/outbounds/00001/add_agents", body: { logins: add.logins } },
      { method: "POST", path: "/outbounds/00001/remove_agents", body: { logins: remove.logins } },
    ]);
  });

  it("`request` is the PUT or null, also when only agents change", () => {
    expect(putRequestOf(change())?.method).toBe("PUT");
    expect(putRequestOf(change({ operations: [add] }))).toBeNull();
    expect(putRequestOf(change({ action: "forget", operations: [] }))).toBeNull();
  });
});

describe("the JSON view (cli-contract.md)", () => {
  it("a PUT-only change has `request` and neither `requests` nor `agents`", () => {
    const json = changeToJson(change(), { display: false });
    expect(Object.keys(json)).toEqual(["id", "action", "source", "fields", "request"]);
  });

  it("a change that adds or removes agents also lists `requests` in order and `agents`", () => {
    const json = changeToJson(change({ operations: [put, add, remove] }), { display: false });
    expect(json.request).toEqual({ method: "PUT", path: "/outbounds/00001", body: put.body });
    expect(json.requests).toEqual(requestsOf(change({ operations: [put, add, remove] })));
    expect(json.agents).toEqual({ add: ["anowak", "bkowal"], remove: ["jkowalski"] });
    expect(agentsOf(change())).toBeUndefined();
  });

  it("the summary is computed from the changes, its keys in the contract's order", () => {
    const changes = [
      change(),
      change({ id: "00002", action: "forget", operations: [] }),
      change({ id: "00003", action: "deactivate" }),
      change({ id: "00004" }),
    ];
    const summary = summarise(changes, 7);
    expect(summary).toEqual({ update: 2, unchanged: 7, forget: 1, deactivate: 1 });
    const json = planToJson({ format_version: 1, summary, changes });
    expect(Object.keys(json.summary as object)).toEqual([...SUMMARY_KEYS]);
    expect(SUMMARY_KEYS.filter((key) => key !== "unchanged")).toEqual(
      expect.arrayContaining([...CHANGE_ACTIONS]),
    );
  });

  it("counts operations by kind (agents: logins)", () => {
    expect(operationCounts([change({ operations: [put, add, remove] }), change()])).toEqual({
      put: 2,
      add_agents: 2,
      remove_agents: 1,
    });
  });
});

describe("state records are derived from operations", () => {
  it("an update's PUT records its body as the fields, keeping the rest of the entry", () => {
    const before = { fields: { name: "Old" }, source: "campaigns/old.yaml" };
    expect(recordAfter(change(), put, before)).toEqual({
      kind: "record",
      entry: { fields: put.body, source: "campaigns/a.yaml" },
    });
    const withMore = { ...before, kept: ["x"] } as typeof before;
    expect(recordAfter(change(), put, withMore)).toMatchObject({ entry: { kept: ["x"] } });
  });

  it("a deactivation's PUT and a forget take the campaign out of the state", () => {
    expect(recordAfter(change({ action: "deactivate" }), put, undefined)).toEqual({
      kind: "forget",
    });
    expect(recordWithoutRequests(change({ action: "forget", operations: [] }), undefined)).toEqual({
      kind: "forget",
    });
    expect(recordWithoutRequests(change(), undefined)).toBeUndefined();
  });

  it("an agents operation records the owned logins, keeping the fields and the exact policy", () => {
    const before = {
      fields: { name: "Old" },
      source: "campaigns/a.yaml",
      agents: ["anowak"],
      agents_policy: "exact" as const,
    };
    expect(recordAfter(change(), add, before)).toEqual({
      kind: "record",
      entry: { ...before, agents: ["anowak", "bkowal"] },
    });
    // A PUT keeps the entry's agents.
    expect(recordAfter(change(), put, before)).toMatchObject({
      entry: { agents: ["anowak"], agents_policy: "exact" },
    });
  });

  it("a membership-only change records without a request: dropped agents leave the entry", () => {
    const before = { fields: { name: "A" }, source: "campaigns/a.yaml", agents: ["anowak"] };
    const dropped = change({ operations: [], membership: { managed: false } });
    expect(recordWithoutRequests(dropped, before)).toEqual({
      kind: "record",
      entry: { fields: { name: "A" }, source: "campaigns/a.yaml" },
    });
    const adopted = change({
      operations: [],
      membership: { managed: true, policy: "exact", adopt: ["bkowal"], release: ["anowak"] },
    });
    expect(recordWithoutRequests(adopted, before)).toEqual({
      kind: "record",
      entry: { ...before, agents: ["bkowal"], agents_policy: "exact" },
    });
  });

  it("the owned logins after an agents operation: added joined, removed dropped, sorted", () => {
    expect(ownedAgentsAfter(add, ["zzz", "anowak"])).toEqual(["anowak", "bkowal", "zzz"]);
    expect(ownedAgentsAfter(remove, ["jkowalski", "anowak"])).toEqual(["anowak"]);
  });
});
