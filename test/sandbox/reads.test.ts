/**
 * The sandbox's read endpoints: GET /api/outbounds in each list shape, GET
 * /api/outbounds/stats, and the fault knobs applying to GETs as to every API request.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CampaignFields } from "../../src/core/campaign.js";
import {
  type ListShape,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from "../../src/sandbox/index.js";
import { call } from "./helpers.js";

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const FULL: CampaignFields = {
  name: "Kampania sprzedażowa 2027",
  dialer: "predictive",
  active: true,
  start_date: "2027-01-05",
  end_date: "2027-06-30",
  order: 10,
  parity: 50,
  group_id: 15,
  parameters: { caller_id: "+48221234567", predictive_max_calls: 2.5 },
};
const BARE: CampaignFields = { name: "Bare", active: false };

async function sandboxWith(
  shape: ListShape | undefined,
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const sandbox = await startSandbox({
    ...(shape === undefined ? {} : { listShape: shape }),
    today: () => "2027-01-01",
    ...options,
  });
  sandboxes.push(sandbox);
  sandbox.store.create(FULL, "00001");
  sandbox.store.create(BARE, "00002");
  return sandbox;
}

describe("GET /api/outbounds", () => {
  it("plain (the default): a typed array; fields not set are left out", async () => {
    const result = await call(await sandboxWith(undefined), "GET", "/outbounds");
    expect(result.status).toBe(200);
    expect(result.body).toEqual([
      { id: "00001", ...FULL },
      { id: "00002", name: "Bare", active: false, start_date: "2027-01-01", order: 50, parity: 50 },
    ]);
  });

  it("paged: {count, data} with values spelt as a PHP back end would", async () => {
    const result = await call(await sandboxWith("paged"), "GET", "/outbounds");
    expect(result.body).toEqual({
      count: 2,
      data: [
        {
          id: "00001",
          name: "Kampania sprzedażowa 2027",
          dialer: "predictive",
          active: "1",
          start_date: "2027-01-05 00:00:00",
          end_date: "2027-06-30 00:00:00",
          order: "10",
          parity: "50",
          parameters: '{"caller_id":"+48221234567","predictive_max_calls":2.5}',
          group_id: "15",
        },
        {
          id: "00002",
          name: "Bare",
          active: "0",
          start_date: "2027-01-01 00:00:00",
          end_date: null,
          order: "50",
          parity: "50",
          parameters: null,
          group_id: null,
        },
      ],
    });
  });

  it("paged: 100 at a time by limit and offset", async () => {
    const sandbox = await sandboxWith("paged");
    for (let i = 3; i <= 250; i++) sandbox.store.create({}, String(i).padStart(5, "0"));
    const ids = async (query: string) => {
      const body = (await call(sandbox, "GET", `/outbounds${query}`)).body as {
        count: number;
        data: { id: string }[];
      };
      expect(body.count).toBe(250);
      return body.data.map((c) => c.id);
    };
    const first = await ids("");
    expect(first).toHaveLength(100);
    expect([first[0], first[99]]).toEqual(["00001", "00100"]);
    expect(await ids("?limit=100&offset=200")).toHaveLength(50);
    expect((await ids("?limit=100&offset=200"))[0]).toBe("00201");
    expect(await ids("?limit=5&offset=10")).toEqual(["00011", "00012", "00013", "00014", "00015"]);
    expect(await ids("?limit=1000")).toHaveLength(100); // never more than 100
    expect(await ids("?offset=250")).toEqual([]);
    expect(await ids("?limit=abc&offset=-1")).toHaveLength(100); // malformed: the defaults
  });

  it("partial: ids as numbers, no group_id and no parameters", async () => {
    const result = await call(await sandboxWith("partial"), "GET", "/outbounds?limit=1");
    const { group_id: _g, parameters: _p, ...shown } = FULL;
    expect(result.body).toEqual([
      { id: 1, ...shown },
      { id: 2, name: "Bare", active: false, start_date: "2027-01-01", order: 50, parity: 50 },
    ]);
  });

  it("needs authentication in every shape", async () => {
    for (const shape of ["plain", "paged", "partial"] as const) {
      const result = await call(await sandboxWith(shape), "GET", "/outbounds", { auth: null });
      expect(result.status).toBe(401);
    }
  });

  it("PUT semantics are unchanged by the shape: a paged sandbox still stores typed values", async () => {
    const sandbox = await sandboxWith("paged", { putSemantics: "reset" });
    const put = await call(sandbox, "PUT", "/outbounds/00001", { json: { order: 7 } });
    expect(put.status).toBe(204);
    expect(sandbox.store.get("00001")).toEqual({
      id: "00001",
      active: true,
      start_date: "2027-01-01",
      order: 7,
      parity: 50,
    });
  });
});

describe("GET /api/outbounds/stats", () => {
  it("lists active campaigns only, with figures derived from the id", async () => {
    const sandbox = await sandboxWith("paged");
    sandbox.store.create({ active: true }, "00042");
    const result = await call(sandbox, "GET", "/outbounds/stats");
    expect(result.status).toBe(200);
    expect(result.body).toEqual([
      { id: "00001", records_count: 137, completion_percent: 14.87 },
      { id: "00042", records_count: 100 + ((42 * 37) % 4900), completion_percent: 24.54 },
    ]);
  });

  it("answers in the documented shape whatever the list shape", async () => {
    for (const shape of ["plain", "partial"] as const) {
      const result = await call(await sandboxWith(shape), "GET", "/outbounds/stats");
      expect(result.body).toEqual([{ id: "00001", records_count: 137, completion_percent: 14.87 }]);
    }
  });

  it("other methods keep their old answers (stats is no campaign)", async () => {
    const sandbox = await sandboxWith(undefined);
    const put = await call(sandbox, "PUT", "/outbounds/stats", { json: { order: 1 } });
    expect(put.status).toBe(404);
  });
});

describe("faults apply to GETs too", () => {
  it("the list and the stats are answered 500/503 at the failure rate, 429 at the rate limit", async () => {
    const failing = await sandboxWith("paged", { faults: { failureRate: 1, seed: 3 } });
    expect([500, 503]).toContain((await call(failing, "GET", "/outbounds")).status);
    expect([500, 503]).toContain((await call(failing, "GET", "/outbounds/stats")).status);
    const limited = await sandboxWith("plain", { faults: { rateLimitRate: 1 } });
    expect((await call(limited, "GET", "/outbounds")).status).toBe(429);
    expect(limited.stats.faults.rateLimited).toBe(1);
  });

  it("a dropped GET gets no answer", async () => {
    const sandbox = await sandboxWith("plain", { faults: { dropRate: 1 } });
    await expect(call(sandbox, "GET", "/outbounds")).rejects.toThrow();
    expect(sandbox.stats.faults.dropped).toBe(1);
  });
});
