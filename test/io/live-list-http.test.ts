/**
 * The list reader over real HTTP: against the sandbox in each list shape (plain, paged,
 * partial), and against a scripted loopback server for the shapes and failures the sandbox
 * does not produce. Nothing in the client is mocked.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CampaignFields } from "../../src/core/campaign.js";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { readLiveList } from "../../src/io/thulium/live-list.js";
import { readOutboundStats } from "../../src/io/thulium/outbound-stats.js";
import type { ListShape } from "../../src/sandbox/index.js";
import { startTestSandbox, TEST_PASSWORD, type TestSandbox } from "../helpers/sandbox.js";
import { failure } from "./api-failure.js";
import { type Responder, reply, type ScriptedServer, scriptedServer } from "./scripted-server.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function sandboxWith(shape: ListShape, count: number, faults = {}): Promise<TestSandbox> {
  const sandbox = await startTestSandbox({ listShape: shape, faults, today: () => "2027-01-01" });
  closers.push(() => sandbox.close());
  for (let i = 1; i <= count; i++) sandbox.store.create(fieldsOf(i), String(i).padStart(5, "0"));
  return sandbox;
}

/** Campaign i's fields: every field set, some varying, so each spelling is exercised. */
function fieldsOf(i: number): CampaignFields {
  return {
    name: `Kampania ${i} – sprzedaż`,
    dialer: i % 2 === 0 ? "preview" : "predictive",
    active: i % 3 !== 0,
    start_date: "2027-01-05",
    ...(i % 4 === 0 ? {} : { end_date: "2027-06-30" }),
    order: i,
    parity: 50,
    ...(i % 5 === 0 ? {} : { group_id: i % 7 }),
    parameters: { caller_id: "+48221234567", ...(i % 2 === 0 ? { preview_timeout: 30 } : {}) },
  };
}

function clientOf(url: string, extra: { retries?: number } = {}) {
  return createThuliumClient({
    baseUrl: url,
    user: "api_tester",
    password: TEST_PASSWORD,
    retryBaseMs: 1,
    maxBackoffMs: 5,
    ...extra,
  });
}

async function serve(...responders: Responder[]): Promise<ScriptedServer> {
  const server = await scriptedServer(...responders);
  closers.push(() => server.close());
  return server;
}

describe("against the sandbox, in each list shape", () => {
  it("plain: one request, every field as stored", async () => {
    const sandbox = await sandboxWith("plain", 150);
    const list = await readLiveList(clientOf(sandbox.url));
    expect(list.requests).toBe(1);
    expect(list.where).toBe("body");
    expect(list.campaigns).toHaveLength(150);
    expect(list.campaigns[3]).toEqual({ id: "00004", fields: fieldsOf(4), unreadable: [] });
    expect(list.fieldsShown).toEqual([
      "name",
      "dialer",
      "active",
      "start_date",
      "end_date",
      "order",
      "parity",
      "parameters",
      "group_id",
    ]);
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/outbounds"]);
  });

  it("paged: 250 campaigns read in three requests, PHP spellings normalised", async () => {
    const sandbox = await sandboxWith("paged", 250);
    const list = await readLiveList(clientOf(sandbox.url));
    expect(sandbox.requests.map((r) => r.path)).toEqual([
      "/api/outbounds",
      "/api/outbounds?limit=100&offset=100",
      "/api/outbounds?limit=100&offset=200",
    ]);
    expect(list).toMatchObject({ requests: 3, where: "data", count: 250, skipped: 0 });
    expect(list.campaigns.map((c) => c.id)).toEqual(
      Array.from({ length: 250 }, (_, i) => String(i + 1).padStart(5, "0")),
    );
    // Not set is visible as null where the plain list would leave the key out.
    expect(list.campaigns[3]).toEqual({
      id: "00004",
      fields: { ...fieldsOf(4), end_date: null },
      unreadable: [],
    });
    expect(list.campaigns[4]?.fields.group_id).toBeNull();
    expect(list.campaigns[6]?.fields).toEqual({ ...fieldsOf(7), group_id: 0 });
  });

  it("paged with exactly one page: no further request", async () => {
    const sandbox = await sandboxWith("paged", 100);
    const list = await readLiveList(clientOf(sandbox.url));
    expect(list).toMatchObject({ requests: 1, count: 100 });
    expect(list.campaigns).toHaveLength(100);
  });

  it("partial: numeric ids padded, group_id and parameters not visible (never unreadable)", async () => {
    const sandbox = await sandboxWith("partial", 12);
    const list = await readLiveList(clientOf(sandbox.url));
    const { group_id: _g, parameters: _p, ...shown } = fieldsOf(12);
    expect(list.campaigns[11]).toEqual({ id: "00012", fields: shown, unreadable: [] });
    expect(list.fieldsShown).not.toContain("group_id");
    expect(list.fieldsShown).not.toContain("parameters");
  });

  it("an empty sandbox is an empty list, in every shape", async () => {
    for (const shape of ["plain", "paged", "partial"] as const) {
      const sandbox = await sandboxWith(shape, 0);
      expect((await readLiveList(clientOf(sandbox.url))).campaigns).toEqual([]);
    }
  });

  it("GETs ride out the sandbox's faults with the client's retries", async () => {
    const sandbox = await sandboxWith("paged", 230, {
      failureRate: 0.3,
      rateLimitRate: 0.1,
      retryAfterSeconds: 0,
      seed: 11,
    });
    const list = await readLiveList(clientOf(sandbox.url, { retries: 10 }));
    expect(list.campaigns).toHaveLength(230);
    expect(sandbox.stats.faults.failed + sandbox.stats.faults.rateLimited).toBeGreaterThan(0);
  });

  it("outbounds/stats: active campaigns with their figures", async () => {
    const sandbox = await sandboxWith("paged", 6);
    expect(await readOutboundStats(clientOf(sandbox.url))).toEqual([
      { id: "00001", recordsCount: 137, completionPercent: 14.87 },
      { id: "00002", recordsCount: 174, completionPercent: 29.74 },
      { id: "00004", recordsCount: 248, completionPercent: 59.48 },
      { id: "00005", recordsCount: 285, completionPercent: 74.35 },
    ]);
  });
});

describe("against a scripted server", () => {
  it.each([
    ["items", { items: [{ id: 1 }] }],
    ["results", { results: [{ id: 1 }] }],
    ["outbounds", { outbounds: [{ id: 1 }] }],
    ["campaigns", { campaigns: [{ id: 1 }] }],
  ])("finds the list under %s", async (where, body) => {
    const server = await serve(reply(200, body));
    const list = await readLiveList(clientOf(server.url));
    expect(list).toMatchObject({ where, requests: 1, campaigns: [{ id: "00001" }] });
  });

  it("pages by `total` as well, and stops at an empty page", async () => {
    const server = await serve(
      reply(200, { total: 500, items: [{ id: 1 }, { id: 2 }] }),
      reply(200, { total: 500, items: [{ id: 3 }] }),
      reply(200, { total: 500, items: [] }),
    );
    await expect(readLiveList(clientOf(server.url))).rejects.toThrow(
      /says there are 500 campaigns, but only 3 distinct ones came back in 3 requests/,
    );
    expect(server.received.map((r) => r.url)).toEqual([
      "/api/outbounds",
      "/api/outbounds?limit=100&offset=2",
      "/api/outbounds?limit=100&offset=3",
    ]);
  });

  it("never loops more than ceil(count/100)+1 further times, even if pages never end", async () => {
    // A server ignoring limit/offset answers the same first page forever.
    const page = { count: 250, data: Array.from({ length: 100 }, (_, i) => ({ id: i + 1 })) };
    const server = await serve(reply(200, page));
    const error = await failure(readLiveList(clientOf(server.url)));
    expect(server.received.length).toBeLessThanOrEqual(1 + Math.ceil(250 / 100) + 1);
    expect(error.details.kind).toBe("protocol");
    expect(error.message).toContain("only 100 distinct ones came back");
    expect(error.message).toContain("doctor --show-shape");
  });

  it("stops when `count` items are read, even if a page was short", async () => {
    const server = await serve(
      reply(200, { count: 3, data: [{ id: 1 }] }),
      reply(200, { count: 3, data: [{ id: 2 }, { id: 3 }] }),
    );
    const list = await readLiveList(clientOf(server.url));
    expect(list.campaigns.map((c) => c.id)).toEqual(["00001", "00002", "00003"]);
    expect(server.received).toHaveLength(2);
  });

  it("skips and counts items with no usable id; counts a repeated id once", async () => {
    const server = await serve(
      reply(200, [{ id: 1, name: "first" }, { name: "no id" }, { id: "00001" }, { id: "2" }, "x"]),
    );
    const list = await readLiveList(clientOf(server.url));
    expect(list).toMatchObject({ skipped: 2, duplicates: 1 });
    expect(list.campaigns.map((c) => c.id)).toEqual(["00001", "00002"]);
    expect(list.campaigns[0]?.fields.name).toBe("first");
  });

  it("overlapping pages that leave the list short of `count` fail rather than hide a campaign", async () => {
    const server = await serve(
      reply(200, { count: 4, data: [{ id: 1 }, { name: "no id" }] }),
      reply(200, { count: 4, data: [{ id: "00001" }, { id: "2" }] }),
    );
    const error = await failure(readLiveList(clientOf(server.url)));
    expect(error.message).toContain(
      "says there are 4 campaigns, but only 3 distinct ones came back",
    );
  });

  it("reports unreadable values per campaign and field, and ignores unknown keys", async () => {
    const server = await serve(
      reply(200, [
        { id: "00001", order: "ten", active: "1", created: "2020-01-01", parameters: "{oops" },
      ]),
    );
    const list = await readLiveList(clientOf(server.url));
    expect(list.campaigns).toEqual([
      { id: "00001", fields: { active: true }, unreadable: ["order", "parameters"] },
    ]);
    expect(list.fieldsShown).toEqual(["active", "order", "parameters"]);
  });

  it.each([
    ["{}", '{"foo": 1}', 'a JSON object with the key "foo" (number)'],
    ["an HTML page", "<!DOCTYPE html><title>Login</title>", "an HTML page, not JSON"],
    ["a JSON string", '"campaigns"', "a JSON string"],
    ["an empty 200", "", "an empty answer"],
  ])("no recognisable list (%s): one paragraph naming what was seen", async (_n, body, seen) => {
    const server = await serve(reply(200, body));
    const error = await failure(readLiveList(clientOf(server.url)));
    expect(error.details).toMatchObject({ kind: "protocol", fatal: false });
    expect(error.message).toContain(
      `holds no list of campaigns this tool recognises: it is ${seen}`,
    );
    expect(error.message).toContain("thulium-campaigns doctor --show-shape");
    expect(error.message).not.toContain("\n");
    expect(server.received).toHaveLength(1);
  });

  it("a later page without a list names its offset", async () => {
    const server = await serve(
      reply(200, { count: 150, data: [{ id: 1 }] }),
      reply(200, { ok: 1 }),
    );
    const error = await failure(readLiveList(clientOf(server.url)));
    expect(error.message).toContain("GET outbounds (the page at offset 1)");
  });

  it("HTTP failures keep the client's wording: 403 names the permission", async () => {
    const server = await serve(reply(403, { errors: [{ message: "Forbidden" }] }));
    const error = await failure(readLiveList(clientOf(server.url)));
    expect(error.details.status).toBe(403);
    expect(error.message).toMatch(/^Listing campaigns: the API user lacks permission for GET/);
  });

  it("sends Basic auth and Accept: application/json on every page", async () => {
    const server = await serve(
      reply(200, { count: 101, data: [{ id: 1 }] }),
      reply(200, { data: Array.from({ length: 100 }, (_, i) => ({ id: i + 2 })) }),
    );
    await readLiveList(clientOf(server.url));
    for (const request of server.received) {
      expect(request.method).toBe("GET");
      expect(request.headers.accept).toBe("application/json");
      expect(request.headers.authorization).toBe(
        `Basic ${Buffer.from(`api_tester:${TEST_PASSWORD}`).toString("base64")}`,
      );
    }
  });

  it("outbounds/stats tolerates numeric ids and digit strings; skips entries without an id", async () => {
    const server = await serve(
      reply(200, [
        { id: 2, records_count: "10", completion_percent: "50.5" },
        { records_count: 1 },
        { id: "00001", records_count: 1324, completion_percent: 14.87 },
        { id: "00003", completion_percent: "n/a" },
      ]),
    );
    expect(await readOutboundStats(clientOf(server.url))).toEqual([
      { id: "00001", recordsCount: 1324, completionPercent: 14.87 },
      { id: "00002", recordsCount: 10, completionPercent: 50.5 },
      { id: "00003" },
    ]);
    expect(server.received[0]?.url).toBe("/api/outbounds/stats");
  });

  it("outbounds/stats that is no list fails naming what it saw", async () => {
    const server = await serve(reply(200, { error: "nope" }));
    const error = await failure(readOutboundStats(clientOf(server.url)));
    expect(error.message).toBe(
      'Reading campaign statistics: the answer to GET outbounds/stats is not the documented list: it is a JSON object with the key "error" (string).',
    );
  });
});
