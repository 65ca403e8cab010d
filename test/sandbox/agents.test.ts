/**
 * The sandbox's agents (issue 13 item 7): a seeded roster, membership per campaign, the
 * three documented endpoints, 400 naming an unknown login, 404 for an unknown campaign,
 * the fault knobs, the request log and counts, persistence, and the panel stand-in.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_ROSTER } from "../../src/sandbox/agents.js";
import { type RequestRecord, type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { call, codesOf, messagesOf } from "./helpers.js";

const open: Sandbox[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sandbox) => sandbox.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function sandboxWith(
  options: Parameters<typeof startSandbox>[0] = {},
  ids = ["00001", "00002"],
): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  open.push(sandbox);
  for (const id of ids) if (!sandbox.store.has(id)) sandbox.store.create({ name: id }, id);
  return sandbox;
}

const logins = (result: { body: unknown }) =>
  (result.body as { login: string }[]).map((agent) => agent.login);

describe("sandbox agents: the documented endpoints", () => {
  it("list a campaign's agents in the documented shape, none at first", async () => {
    const sandbox = await sandboxWith();
    expect((await call(sandbox, "GET", "/outbounds/00001/agents")).body).toEqual([]);
    const added = await call(sandbox, "POST", "/outbounds/00001/add_agents", {
      json: { logins: ["jkowalski", "anowak"] },
    });
    expect(added.status).toBe(204);
    expect(added.text).toBe("");
    const listed = await call(sandbox, "GET", "/outbounds/00001/agents");
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { login: "anowak", number: "3101", active: true, agent_id: 11, active_in_outbound: true },
      { login: "jkowalski", number: "3102", active: true, agent_id: 12, active_in_outbound: true },
    ]);
    // Membership is per campaign.
    expect((await call(sandbox, "GET", "/outbounds/00002/agents")).body).toEqual([]);
  });

  it("remove members; adding a member or removing a non-member is a no-op 2xx", async () => {
    const sandbox = await sandboxWith();
    const add = (list: string[]) =>
      call(sandbox, "POST", "/outbounds/00001/add_agents", { json: { logins: list } });
    const remove = (list: string[]) =>
      call(sandbox, "POST", "/outbounds/00001/remove_agents", { json: { logins: list } });
    expect((await add(["anowak", "kwojcik"])).status).toBe(204);
    expect((await add(["anowak"])).status).toBe(204);
    expect((await remove(["kwojcik", "pzielinski"])).status).toBe(204);
    expect((await remove(["pzielinski"])).status).toBe(204);
    expect(logins(await call(sandbox, "GET", "/outbounds/00001/agents"))).toEqual(["anowak"]);
  });

  it("refuse an unknown login with a 400 naming it, changing nothing", async () => {
    const sandbox = await sandboxWith();
    const result = await call(sandbox, "POST", "/outbounds/00001/add_agents", {
      json: { logins: ["anowak", "nobody", "ghost"] },
    });
    expect(result.status).toBe(400);
    expect(messagesOf(result)).toEqual([
      "Unknown agent login: nobody.",
      "Unknown agent login: ghost.",
    ]);
    expect(codesOf(result)).toEqual([1008, 1008]);
    expect((result.body as { request_id: string }).request_id).toBe(
      result.headers.get("x-request-id"),
    );
    expect(logins(await call(sandbox, "GET", "/outbounds/00001/agents"))).toEqual([]);
    const removal = await call(sandbox, "POST", "/outbounds/00001/remove_agents", {
      json: { logins: ["nobody"] },
    });
    expect(removal.status).toBe(400);
    expect(messagesOf(removal)).toEqual(["Unknown agent login: nobody."]);
  });

  it("require logins, as a non-empty list of logins, and no other field", async () => {
    const sandbox = await sandboxWith();
    const post = (json: unknown) => call(sandbox, "POST", "/outbounds/00001/add_agents", { json });
    expect(messagesOf(await post({}))).toEqual(["Field logins is required."]);
    expect(messagesOf(await post({ logins: "anowak" }))).toEqual([
      "Field logins must be a list of agent logins.",
    ]);
    expect(messagesOf(await post({ logins: [] }))).toEqual([
      "Field logins must name at least one agent.",
    ]);
    expect(messagesOf(await post({ logins: ["anowak"], login: "x" }))).toEqual([
      "Unknown field login; the only field is logins.",
    ]);
    expect((await post({ logins: [] })).status).toBe(400);
    const notJson = await call(sandbox, "POST", "/outbounds/00001/add_agents", {
      raw: "{",
      contentType: "application/json",
    });
    expect(notJson.status).toBe(400);
  });

  it("answer 404 for an unknown campaign, 405 for another method", async () => {
    const sandbox = await sandboxWith();
    for (const [method, route] of [
      ["GET", "/outbounds/09999/agents"],
      ["POST", "/outbounds/09999/add_agents"],
      ["POST", "/outbounds/09999/remove_agents"],
    ] as const) {
      const result = await call(
        sandbox,
        method,
        route,
        method === "GET" ? {} : { json: { logins: ["nobody"] } },
      );
      expect(result.status, route).toBe(404);
      expect(messagesOf(result)).toEqual(["Campaign 09999 not found."]);
    }
    const wrong = await call(sandbox, "PUT", "/outbounds/00001/add_agents", { json: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    expect((await call(sandbox, "POST", "/outbounds/00001/agents", { json: {} })).status).toBe(405);
  });

  it("need the API credentials", async () => {
    const sandbox = await sandboxWith();
    const result = await call(sandbox, "GET", "/outbounds/00001/agents", { auth: null });
    expect(result.status).toBe(401);
  });

  it("forget a deleted campaign's members", async () => {
    const sandbox = await sandboxWith();
    sandbox.store.agents.set("00001", ["anowak"], true);
    expect((await call(sandbox, "DELETE", "/outbounds/00001")).status).toBe(204);
    expect(sandbox.store.agents.members("00001")).toEqual([]);
  });

  it("are logged and counted like every other request", async () => {
    const log: RequestRecord[] = [];
    const sandbox = await sandboxWith({ onRequest: (record) => log.push(record) });
    await call(sandbox, "POST", "/outbounds/00001/add_agents", { json: { logins: ["anowak"] } });
    await call(sandbox, "GET", "/outbounds/00001/agents");
    expect(
      log.map(({ method, path: p, campaignId, status, body }) => ({
        method,
        p,
        campaignId,
        status,
        body,
      })),
    ).toEqual([
      {
        method: "POST",
        p: "/api/outbounds/00001/add_agents",
        campaignId: "00001",
        status: 204,
        body: { logins: ["anowak"] },
      },
      {
        method: "GET",
        p: "/api/outbounds/00001/agents",
        campaignId: "00001",
        status: 200,
        body: undefined,
      },
    ]);
    expect(sandbox.stats.byMethod).toEqual({ POST: 1, GET: 1 });
    expect(sandbox.stats.byStatus).toEqual({ "204": 1, "200": 1 });
  });

  it("are subject to the fault knobs: a 503 changes nothing", async () => {
    const sandbox = await sandboxWith({ faults: { failureRate: 1, seed: 1 } });
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push(
        (
          await call(sandbox, "POST", "/outbounds/00001/add_agents", {
            json: { logins: ["anowak"] },
          })
        ).status,
      );
    expect(results.every((status) => status === 500 || status === 503)).toBe(true);
    expect(sandbox.store.agents.members("00001")).toEqual([]);
    expect(sandbox.stats.faults.failed).toBe(4);
    const limited = await sandboxWith({ faults: { rateLimitRate: 1, retryAfterSeconds: 3 } });
    const list = await call(limited, "GET", "/outbounds/00001/agents");
    expect(list.status).toBe(429);
    expect(list.headers.get("retry-after")).toBe("3");
  });
});

describe("sandbox agents: roster and data file", () => {
  it("seed a default roster holding the example campaigns' logins", () => {
    const known = DEFAULT_ROSTER.map((agent) => agent.login);
    for (const login of ["anowak", "jkowalski", "mwisniewska", "pzielinski", "kwojcik"])
      expect(known).toContain(login);
  });

  it("keep the roster and members in the data file, and take a roster set there", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "sandbox-agents-"));
    dirs.push(dir);
    const dataFile = path.join(dir, "data.json");
    await writeFile(
      dataFile,
      JSON.stringify({
        version: 1,
        campaigns: [{ id: "00001", active: true, start_date: "2027-01-01", order: 50, parity: 50 }],
        agents: [{ login: "zofia" }, { login: "adam", number: "200" }],
        members: { "00001": ["zofia"] },
      }),
    );
    const first = await startSandbox({ dataFile });
    const refused = await call(first, "POST", "/outbounds/00001/add_agents", {
      json: { logins: ["anowak"] },
    });
    expect(messagesOf(refused)).toEqual(["Unknown agent login: anowak."]);
    await call(first, "POST", "/outbounds/00001/add_agents", { json: { logins: ["adam"] } });
    await first.close();
    const saved = JSON.parse(await readFile(dataFile, "utf8")) as Record<string, unknown>;
    expect(saved.members).toEqual({ "00001": ["adam", "zofia"] });
    expect(saved.agents).toEqual([
      { login: "adam", number: "200", active: true, agent_id: 12 },
      { login: "zofia", number: "3101", active: true, agent_id: 11 },
    ]);
    const second = await startSandbox({ dataFile });
    open.push(second);
    expect(logins(await call(second, "GET", "/outbounds/00001/agents"))).toEqual(["adam", "zofia"]);
  });

  it("refuse a data file whose agents are not a roster", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "sandbox-agents-"));
    dirs.push(dir);
    const dataFile = path.join(dir, "data.json");
    await writeFile(
      dataFile,
      JSON.stringify({ version: 1, campaigns: [], agents: [{ name: "x" }] }),
    );
    await expect(startSandbox({ dataFile })).rejects.toThrow(
      /data\.json: agents\[0\] has no "login" text/,
    );
    await writeFile(
      dataFile,
      JSON.stringify({ version: 1, campaigns: [], members: { "00001": "x" } }),
    );
    await expect(startSandbox({ dataFile })).rejects.toThrow(/members\["00001"\] is not a list/);
  });
});

describe("sandbox agents: the panel stand-in", () => {
  it("adds and removes a member as an admin would, never faulted", async () => {
    const sandbox = await sandboxWith({ faults: { failureRate: 1 } });
    const result = await call(sandbox, "POST", "/../_sandbox/outbounds/00001/agents", {
      json: { add: ["anowak", "kwojcik"] },
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      added: ["anowak", "kwojcik"],
      removed: [],
      members: ["anowak", "kwojcik"],
    });
    const again = await call(sandbox, "POST", "/../_sandbox/outbounds/00001/agents", {
      json: { add: ["anowak"], remove: ["kwojcik"] },
    });
    expect(again.body).toEqual({ added: [], removed: ["kwojcik"], members: ["anowak"] });
    const unknown = await call(sandbox, "POST", "/../_sandbox/outbounds/00001/agents", {
      json: { add: ["nobody"] },
    });
    expect(unknown.status).toBe(400);
    expect(messagesOf(unknown)[0]).toMatch(
      /^Unknown agent login: nobody\. The roster holds alewandowska, anowak/,
    );
    const missing = await call(sandbox, "POST", "/../_sandbox/outbounds/09999/agents", {
      json: { add: ["anowak"] },
    });
    expect(missing.status).toBe(404);
  });
});
