import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { call, messagesOf } from "./helpers.js";

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ today: () => "2030-05-06" });
});
afterEach(async () => {
  await sandbox.close();
});

describe("sandbox authentication", () => {
  it("answers 401 with Thulium's error body when credentials are missing or wrong", async () => {
    for (const auth of [
      null,
      `Basic ${Buffer.from("api_user:wrong").toString("base64")}`,
      "Bearer x",
    ]) {
      const result = await call(sandbox, "GET", "/outbounds", { auth });
      expect(result.status).toBe(401);
      expect(result.headers.get("www-authenticate")).toMatch(/^Basic /);
      const body = result.body as {
        request_id: string;
        errors: { message: string; code: number }[];
      };
      expect(body.request_id).toBe(result.headers.get("x-request-id"));
      expect(body.errors[0]?.message).toBe("Wrong user or password.");
    }
  });

  it("takes its credentials from the options", async () => {
    const custom = await startSandbox({ user: "robot", password: "zażółć" });
    try {
      const good = `Basic ${Buffer.from("robot:zażółć", "utf8").toString("base64")}`;
      expect((await call(custom, "GET", "/outbounds", { auth: good })).status).toBe(200);
      expect((await call(custom, "GET", "/outbounds")).status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});

describe("sandbox endpoints", () => {
  it("POST creates campaigns with the next five-digit id and the documented defaults", async () => {
    const first = await call(sandbox, "POST", "/outbounds", {
      json: { name: "Kampania sprzedażowa 2015" },
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: "00001" });
    expect(first.headers.get("location")).toBe("/api/outbounds/00001");
    const second = await call(sandbox, "POST", "/outbounds", { json: {} });
    expect(second.body).toEqual({ id: "00002" });
    expect(sandbox.store.get("00001")).toEqual({
      id: "00001",
      name: "Kampania sprzedażowa 2015",
      active: true,
      start_date: "2030-05-06",
      order: 50,
      parity: 50,
    });
  });

  it("POST continues after the highest existing id and never reuses a deleted one", async () => {
    sandbox.store.create({ name: "x" }, "09098");
    expect((await call(sandbox, "POST", "/outbounds", { json: {} })).body).toEqual({ id: "09099" });
    await call(sandbox, "DELETE", "/outbounds/09099");
    expect((await call(sandbox, "POST", "/outbounds", { json: {} })).body).toEqual({ id: "09100" });
  });

  it("GET lists every campaign as a full object with its id, in id order", async () => {
    sandbox.store.create({ name: "B", dialer: "preview", parameters: { caller_id: "1" } }, "00007");
    sandbox.store.create({ name: "A", group_id: 15 }, "00003");
    const result = await call(sandbox, "GET", "/outbounds");
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(result.body).toEqual([
      {
        id: "00003",
        name: "A",
        active: true,
        start_date: "2030-05-06",
        order: 50,
        parity: 50,
        group_id: 15,
      },
      {
        id: "00007",
        name: "B",
        dialer: "preview",
        active: true,
        start_date: "2030-05-06",
        order: 50,
        parity: 50,
        parameters: { caller_id: "1" },
      },
    ]);
  });

  it("PUT answers 204 with no body and a request id, and stores the change", async () => {
    sandbox.store.create({ name: "Old" }, "00001");
    const result = await call(sandbox, "PUT", "/outbounds/00001", {
      json: { name: "New", order: 7 },
    });
    expect(result.status).toBe(204);
    expect(result.text).toBe("");
    expect(result.headers.get("x-request-id")).toMatch(/^[0-9a-f]{13}$/);
    expect(sandbox.store.get("00001")).toMatchObject({ name: "New", order: 7 });
  });

  it("PUT to an unknown id is 404, and 09098 is not 9098", async () => {
    sandbox.store.create({ name: "x" }, "09098");
    const result = await call(sandbox, "PUT", "/outbounds/9098", { json: { name: "y" } });
    expect(result.status).toBe(404);
    expect(messagesOf(result)).toEqual(["Campaign 9098 not found."]);
    expect((result.body as { request_id: string }).request_id).toBe(
      result.headers.get("x-request-id"),
    );
    expect(sandbox.store.get("09098")?.name).toBe("x");
  });

  it("DELETE removes a campaign (204), then 404", async () => {
    sandbox.store.create({ name: "x" }, "00001");
    expect((await call(sandbox, "DELETE", "/outbounds/00001")).status).toBe(204);
    expect(sandbox.store.get("00001")).toBeUndefined();
    expect((await call(sandbox, "DELETE", "/outbounds/00001")).status).toBe(404);
  });

  it("has no GET outbounds/:id (405 naming the allowed methods) and 404s unknown URIs", async () => {
    sandbox.store.create({ name: "x" }, "00001");
    const get = await call(sandbox, "GET", "/outbounds/00001");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("PUT, DELETE");
    expect((await call(sandbox, "PATCH", "/outbounds")).status).toBe(405);
    const unknown = await call(sandbox, "GET", "/campaigns");
    expect(unknown.status).toBe(404);
    expect(messagesOf(unknown)).toEqual(["Unknown URI /api/campaigns."]);
  });

  it("gives every response a distinct request id and counts requests", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const result = await call(sandbox, "GET", "/outbounds");
      ids.add(result.headers.get("x-request-id") ?? "");
    }
    expect(ids.size).toBe(5);
    expect(sandbox.stats.requests).toBe(5);
    expect(sandbox.stats.byMethod).toEqual({ GET: 5 });
    expect(sandbox.stats.byStatus).toEqual({ 200: 5 });
  });

  it("tells onRequest about each request with its campaign id, status and body", async () => {
    const records: unknown[] = [];
    const observed = await startSandbox({ onRequest: (record) => records.push(record) });
    try {
      observed.store.create({}, "00001");
      await call(observed, "PUT", "/outbounds/00001", { json: { active: false } });
      expect(records).toEqual([
        expect.objectContaining({
          method: "PUT",
          path: "/api/outbounds/00001",
          campaignId: "00001",
          status: 204,
          body: { active: false },
        }),
      ]);
    } finally {
      await observed.close();
    }
  });
});
