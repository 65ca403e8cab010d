/**
 * The client's agent calls (issue 13): getCampaignAgents, addAgents, removeAgents, against
 * the sandbox and a scripted server on 127.0.0.1 (real sockets, nothing mocked).
 */
import { afterEach, describe, expect, it } from "vitest";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { failure } from "./api-failure.js";
import { drop, reply, type ScriptedServer, scriptedServer } from "./scripted-server.js";

const PASSWORD = "S3cr3t-Pa55!";
const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((thing) => thing.close()));
});

async function sandbox(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const started = await startSandbox({ user: "api_user", password: PASSWORD, ...options });
  closing.push(started);
  started.store.create({ name: "A" }, "00001");
  return started;
}

async function scripted(...responders: Parameters<typeof scriptedServer>): Promise<ScriptedServer> {
  const server = await scriptedServer(...responders);
  closing.push(server);
  return server;
}

const client = (url: string) =>
  createThuliumClient({
    baseUrl: url,
    user: "api_user",
    password: PASSWORD,
    retryBaseMs: 1,
    retries: 3,
  });

describe("agents against the sandbox", () => {
  it("adds and removes members with sorted logins, and reads them back", async () => {
    const target = await sandbox();
    const api = client(target.url);
    await api.addAgents("00001", ["jkowalski", "anowak", "jkowalski"]);
    expect(await api.getCampaignAgents("00001")).toEqual({
      logins: ["anowak", "jkowalski"],
      skipped: 0,
    });
    await api.removeAgents("00001", ["jkowalski"]);
    expect(await api.getCampaignAgents("00001")).toEqual({ logins: ["anowak"], skipped: 0 });
  });

  it("sends exactly one request per call, with the logins sorted and each once", async () => {
    const server = await scripted(reply(204));
    await client(server.url).addAgents("00042", ["mwisniewska", "anowak", "anowak"]);
    await client(server.url).removeAgents("00042", ["kwojcik"]);
    expect(server.received.map((r) => [r.method, r.url, r.body])).toEqual([
      ["POST", "/api/outbounds/00042/add_agents", '{"logins":["anowak","mwisniewska"]}'],
      ["POST", "/api/outbounds/00042/remove_agents", '{"logins":["kwojcik"]}'],
    ]);
    expect(server.received[0]?.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("turns a 400 for an unknown login into an ApiError with Thulium's message and request id", async () => {
    const target = await sandbox();
    const error = await failure(client(target.url).addAgents("00001", ["nobody"]));
    expect(error.details).toMatchObject({
      campaignId: "00001",
      status: 400,
      messages: ["Unknown agent login: nobody."],
      attempts: 1,
      fatal: false,
    });
    expect(error.details.requestId).toMatch(/^[0-9a-f]{13}$/);
    expect(error.message).toMatch(/^Campaign 00001: Thulium rejected the request as invalid/);
    expect(target.stats.requests).toBe(1);
  });

  it("says no such campaign for a 404", async () => {
    const target = await sandbox();
    const error = await failure(client(target.url).getCampaignAgents("09999"));
    expect(error.details.status).toBe(404);
    expect(error.message).toMatch(/no such campaign in Thulium/);
  });

  it("retries add_agents and remove_agents like a PUT: after 503 and a dropped connection", async () => {
    const server = await scripted(reply(503, { errors: [] }), drop, reply(204));
    await client(server.url).removeAgents("00001", ["anowak"]);
    expect(server.received).toHaveLength(3);
    expect(new Set(server.received.map((r) => r.body))).toEqual(new Set(['{"logins":["anowak"]}']));
  });

  it("reaches the sandbox's faults and still sets membership once", async () => {
    const target = await sandbox({ faults: { failureRate: 0.5, seed: 3, retryAfterSeconds: 0 } });
    const api = client(target.url);
    await api.addAgents("00001", ["anowak", "kwojcik"]);
    expect(target.store.agents.members("00001")).toEqual(["anowak", "kwojcik"]);
  });

  it("fails on a 2xx HTML page instead of taking it for success", async () => {
    const server = await scripted(
      reply(200, "<!DOCTYPE html><title>Login</title>", { "Content-Type": "text/html" }),
    );
    const error = await failure(client(server.url).addAgents("00001", ["anowak"]));
    expect(error.details).toMatchObject({ kind: "protocol", fatal: true });
    expect(error.message).toMatch(/HTML page .*not recorded as applied/);
  });

  it("never sends an empty change", async () => {
    const server = await scripted(reply(204));
    await expect(client(server.url).addAgents("00001", [])).rejects.toThrow(/no login/);
    expect(server.received).toHaveLength(0);
  });
});

describe("reading a campaign's agents tolerantly", () => {
  const read = async (body: string | object) => {
    const server = await scripted(reply(200, body));
    return client(server.url).getCampaignAgents("00001");
  };

  it("reads the documented shape, ignoring the other keys", async () => {
    expect(
      await read([
        {
          login: "jkowalski",
          number: "3113",
          active: true,
          active_in_outbound: true,
          agent_id: 12,
        },
        { login: "anowak", number: "3114", active: false, active_in_outbound: false, agent_id: 13 },
      ]),
    ).toEqual({ logins: ["anowak", "jkowalski"], skipped: 0 });
  });

  it("finds the list under a wrapper key, and takes bare logins", async () => {
    expect(await read({ data: [{ login: "b" }, "a"] })).toEqual({ logins: ["a", "b"], skipped: 0 });
    expect(await read({ agents: [{ login: "c" }], count: 1 })).toEqual({
      logins: ["c"],
      skipped: 0,
    });
  });

  it("counts items without a usable login, never guessing one", async () => {
    expect(await read([{ login: "a" }, { agent_id: 7 }, { login: "" }, null, 5])).toEqual({
      logins: ["a"],
      skipped: 4,
    });
  });

  it("refuses an answer with no list, naming what it saw without values", async () => {
    const error = await failure(read({ status: "ok", rows: 3 }));
    expect(error.details).toMatchObject({ kind: "protocol", campaignId: "00001" });
    expect(error.message).toBe(
      'Reading the agents of campaign 00001: the answer to GET outbounds/00001/agents holds no list of agents this tool recognises: it is a JSON object with the keys "status" (string), "rows" (number). The agents are looked for in the answer itself when it is a JSON array, else under the first of the keys data, items, results, agents holding an array.',
    );
  });

  it("refuses a partial list", async () => {
    const error = await failure(read({ data: [{ login: "a" }], total: 3 }));
    expect(error.message).toMatch(/says there are 3 agents but lists 1; a partial list/);
  });
});
