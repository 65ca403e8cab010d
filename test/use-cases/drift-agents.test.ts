/**
 * drift and membership (issue 13 item 5), in-process with real ports: the client against a
 * sandbox on loopback. Campaigns whose state records agents have their live membership read
 * (bounded by the concurrency), and `missing` (owned) and `unexpected` (exact) reported.
 */

import { afterEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { renderDriftJson } from "../../src/cli/render/drift-json.js";
import { renderDriftMarkdown } from "../../src/cli/render/drift-markdown.js";
import { renderDriftText } from "../../src/cli/render/drift-text.js";
import { hasDrift } from "../../src/core/drift.js";
import type { State } from "../../src/core/state.js";
import { ApiError } from "../../src/errors.js";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { checkDrift } from "../../src/use-cases/drift.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sandbox(options: Parameters<typeof startTestSandbox>[0] = {}): Promise<TestSandbox> {
  const sb = await startTestSandbox(options);
  cleanups.push(() => sb.close());
  for (const n of [1, 2, 3, 4]) sb.store.create({ name: `C${n}` }, `0000${n}`);
  return sb;
}

const client = (sb: TestSandbox) =>
  createThuliumClient({ baseUrl: sb.url, user: sb.user, password: sb.password, retries: 1 });

function state(campaigns: State["campaigns"]): State {
  return {
    version: 1,
    lineage: "11111111-1111-4111-8111-111111111111",
    serial: 1,
    target: "t",
    campaigns,
  };
}

const entry = (id: string, extra: Partial<State["campaigns"][string]> = {}) => ({
  fields: { name: `C${Number(id)}` },
  source: `campaigns/c${id}.yaml`,
  ...extra,
});

const run = (sb: TestSandbox, s: State, only: string[] = [], concurrency = 4) =>
  checkDrift(
    { readState: async () => s, api: client(sb) },
    { target: "t", stateFile: "state.json", only, concurrency },
  );

const agentReads = (sb: TestSandbox) =>
  sb.requests.filter((r) => r.path.endsWith("/agents")).map((r) => r.path);

describe("drift of membership", () => {
  it("reads only campaigns whose state records agents to check, and finds no drift when all are members", async () => {
    const sb = await sandbox();
    sb.store.agents.set("00001", ["anowak", "jkowalski", "tkaminski"], true);
    const result = await run(
      sb,
      state({
        "00001": entry("00001", { agents: ["anowak", "jkowalski"] }),
        "00002": entry("00002"),
        // Owned with nothing recorded: nothing can go missing, nothing to read.
        "00003": entry("00003", { agents: [] }),
      }),
    );
    expect(agentReads(sb)).toEqual(["/api/outbounds/00001/agents"]);
    expect(result.drift.drifted).toEqual([]);
    expect(result.drift.agents_checked).toBe(1);
    expect(hasDrift(result.drift)).toBe(false);
  });

  it("reports a recorded agent removed as in the panel as missing (owned), and panel additions not at all", async () => {
    const sb = await sandbox();
    sb.store.agents.set("00001", ["jkowalski", "tkaminski"], true);
    const result = await run(
      sb,
      state({ "00001": entry("00001", { agents: ["anowak", "jkowalski"] }) }),
    );
    expect(result.drift.drifted).toEqual([
      {
        id: "00001",
        source: "campaigns/c00001.yaml",
        name: "C1",
        fields: [],
        agents: { missing: ["anowak"], unexpected: [] },
      },
    ]);
    expect(hasDrift(result.drift)).toBe(true);
  });

  it("reports members not recorded as unexpected under exact, an empty list included", async () => {
    const sb = await sandbox();
    sb.store.agents.set("00001", ["anowak", "tkaminski"], true);
    sb.store.agents.set("00002", ["kwojcik"], true);
    const result = await run(
      sb,
      state({
        "00001": entry("00001", { agents: ["anowak", "jkowalski"], agents_policy: "exact" }),
        "00002": entry("00002", { agents: [], agents_policy: "exact" }),
      }),
    );
    expect(result.drift.drifted.map((c) => [c.id, c.agents])).toEqual([
      ["00001", { missing: ["jkowalski"], unexpected: ["tkaminski"] }],
      ["00002", { missing: [], unexpected: ["kwojcik"] }],
    ]);
    const json = JSON.parse(renderDriftJson(result)) as {
      drifted: { agents?: unknown }[];
      agents_checked: number;
    };
    expect(json.drifted[0]?.agents).toEqual({ missing: ["jkowalski"], unexpected: ["tkaminski"] });
    expect(json.agents_checked).toBe(2);
  });

  it("puts field and membership drift in one entry, and shows both in text and markdown", async () => {
    const sb = await sandbox();
    sb.store.edit("00001", { name: "Renamed" });
    const result = await run(sb, state({ "00001": entry("00001", { agents: ["anowak"] }) }));
    expect(result.drift.drifted).toHaveLength(1);
    expect(result.drift.drifted[0]?.fields.map((f) => f.path)).toEqual(["name"]);
    expect(result.drift.drifted[0]?.agents).toEqual({ missing: ["anowak"], unexpected: [] });
    const text = renderDriftText(result, plainOutput(), { stateFile: "s", planHint: "plan" });
    expect(text).toContain('    name: "C1" → "Renamed" in Thulium\n');
    expect(text).toContain("    agents no longer members in Thulium (apply added them): anowak\n");
    expect(text).toMatch(/compared the agents of 1 campaign/);
    const markdown = renderDriftMarkdown(result, { stateFile: "s", planHint: "plan" });
    expect(markdown).toContain(
      "| 00001 | C1 | <code>agents</code> | <code>anowak</code> | not a member |",
    );
  });

  it("never reports as missing what a list without logins may hold: unreadable instead", async () => {
    const sb = await sandbox();
    const result = await checkDrift(
      {
        readState: async () =>
          state({ "00001": entry("00001", { agents: ["anowak", "jkowalski"] }) }),
        api: {
          ...client(sb),
          getCampaignAgents: async () => ({ logins: ["jkowalski"], skipped: 1 }),
        },
      },
      { target: "t", stateFile: "state.json", only: [] },
    );
    expect(result.drift.drifted).toEqual([]);
    expect(result.drift.unreadable).toEqual([{ id: "00001", path: "agents" }]);
    const text = renderDriftText(result, plainOutput(), { stateFile: "s", planHint: "plan" });
    expect(text).toContain(
      "Thulium listed agents without a login for 00001, so whether a recorded agent is missing there was not checked.",
    );
  });

  it("skips campaigns missing from Thulium and outside --only", async () => {
    const sb = await sandbox();
    const result = await run(
      sb,
      state({
        "00001": entry("00001", { agents: ["anowak"] }),
        "00002": entry("00002", { agents: ["anowak"] }),
        "00009": entry("00009", { agents: ["anowak"] }),
      }),
      ["00002", "00009"],
    );
    expect(agentReads(sb)).toEqual(["/api/outbounds/00002/agents"]);
    expect(result.drift.missing_in_thulium).toEqual(["00009"]);
  });

  it("bounds the reads in flight by the concurrency", async () => {
    let inFlight = 0;
    let most = 0;
    const sb = await sandbox({ faults: { latencyMs: 30 } });
    for (let n = 5; n <= 12; n++) sb.store.create({}, String(n).padStart(5, "0"));
    const campaigns: State["campaigns"] = {};
    for (let n = 1; n <= 12; n++) {
      const id = String(n).padStart(5, "0");
      campaigns[id] = { fields: {}, source: "c.yaml", agents: ["anowak"] };
    }
    const api = client(sb);
    await checkDrift(
      {
        readState: async () => state(campaigns),
        api: {
          ...api,
          getCampaignAgents: async (id, control) => {
            inFlight += 1;
            most = Math.max(most, inFlight);
            try {
              return await api.getCampaignAgents(id, control);
            } finally {
              inFlight -= 1;
            }
          },
        },
      },
      { target: "t", stateFile: "state.json", only: [], concurrency: 3 },
    );
    expect(most).toBe(3);
    expect(agentReads(sb)).toHaveLength(12);
  });

  it("fails with the read's ApiError rather than report membership it could not read", async () => {
    const sb = await sandbox();
    const failing = await checkDrift(
      {
        readState: async () => state({ "00001": entry("00001", { agents: ["anowak"] }) }),
        api: {
          ...client(sb),
          getCampaignAgents: async () => {
            throw new ApiError("Campaign 00001: Thulium answered HTTP 500.", {
              messages: [],
              fatal: false,
            });
          },
        },
      },
      { target: "t", stateFile: "state.json", only: [] },
    ).catch((e: unknown) => e);
    expect(failing).toBeInstanceOf(ApiError);
  });
});

function plainOutput(): CliContext["output"] {
  return {
    out: () => {},
    err: () => {},
    color: false,
    interactive: false,
    paint: (_style, text) => text,
  };
}
