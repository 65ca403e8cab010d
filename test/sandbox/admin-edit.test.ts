/**
 * The sandbox's stand-in for Thulium's panel: POST /_sandbox/outbounds/:id/edit changes
 * exactly what it names, whatever the PUT semantics, never faulted, checked for types
 * (not ranges), authenticated like the API.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/index.js";
import { type CallOptions, call, messagesOf } from "./helpers.js";

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

async function sandboxWith(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ today: () => "2027-01-01", ...options });
  sandboxes.push(sandbox);
  sandbox.store.create(
    {
      name: "Sprzedaż",
      dialer: "preview",
      end_date: "2027-06-30",
      order: 10,
      group_id: 3,
      parameters: { caller_id: "+48221234567", preview_timeout: 30 },
    },
    "00001",
  );
  return sandbox;
}

/** The admin route lives outside /api: call it by origin. */
function edit(sandbox: Sandbox, id: string, json: unknown, options: CallOptions = {}) {
  return call({ url: new URL(sandbox.url).origin }, "POST", `/_sandbox/outbounds/${id}/edit`, {
    json,
    ...options,
  });
}

describe("POST /_sandbox/outbounds/:id/edit", () => {
  it("changes the named fields, keeps the others, and says what changed", async () => {
    const sandbox = await sandboxWith();
    const result = await edit(sandbox, "00001", { order: 99, name: "Nowa nazwa" });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      campaign: { id: "00001", name: "Nowa nazwa", order: 99, dialer: "preview", group_id: 3 },
      changed: [
        { path: "name", before: "Sprzedaż", after: "Nowa nazwa" },
        { path: "order", before: 10, after: 99 },
      ],
    });
    expect(sandbox.store.get("00001")?.order).toBe(99);
  });

  it("ignores the PUT semantics: under reset, an edit still changes only what it names", async () => {
    const sandbox = await sandboxWith({ putSemantics: "reset" });
    await edit(sandbox, "00001", { order: 99 });
    expect(sandbox.store.get("00001")).toMatchObject({ name: "Sprzedaż", dialer: "preview" });
  });

  it("null removes an optional field or one parameter; parameters merge key by key", async () => {
    const sandbox = await sandboxWith();
    const result = await edit(sandbox, "00001", {
      end_date: null,
      group_id: null,
      parameters: { caller_id: null, preview_timeout: 45, predictive_min_calls: 1 },
    });
    expect(result.status).toBe(200);
    expect(sandbox.store.get("00001")).toEqual({
      id: "00001",
      name: "Sprzedaż",
      dialer: "preview",
      active: true,
      start_date: "2027-01-01",
      order: 10,
      parity: 50,
      parameters: { preview_timeout: 45, predictive_min_calls: 1 },
    });
    expect((result.body as { changed: unknown[] }).changed).toEqual([
      { path: "end_date", before: "2027-06-30", after: null },
      { path: "parameters.caller_id", before: "+48221234567", after: null },
      { path: "parameters.predictive_min_calls", before: null, after: 1 },
      { path: "parameters.preview_timeout", before: 30, after: 45 },
      { path: "group_id", before: 3, after: null },
    ]);
  });

  it("removing the last parameter removes the map", async () => {
    const sandbox = await sandboxWith();
    await edit(sandbox, "00001", { parameters: { caller_id: null, preview_timeout: null } });
    expect(sandbox.store.get("00001")).not.toHaveProperty("parameters");
  });

  it("accepts values the API would refuse by range (the panel may hold them), not by type", async () => {
    const sandbox = await sandboxWith();
    expect((await edit(sandbox, "00001", { order: 0, parity: 500 })).status).toBe(200);
    expect(sandbox.store.get("00001")).toMatchObject({ order: 0, parity: 500 });
    const wrong = await edit(sandbox, "00001", { order: "ten", active: "yes" });
    expect(wrong.status).toBe(400);
    expect(messagesOf(wrong)).toEqual([
      "Field order must be an integer.",
      "Field active must be a boolean.",
    ]);
  });

  it.each([
    [
      { ordr: 1 },
      "Unknown field ordr; the fields are name, dialer, active, start_date, end_date, order, parity, parameters, group_id.",
    ],
    [{ order: null }, "Field order cannot be removed: every campaign has one; give a new value."],
    [
      { parameters: { ring: 1 } },
      "Unknown parameter ring; supported: caller_id, preview_timeout, predictive_max_calls, predictive_min_calls.",
    ],
    [{ parameters: "x" }, "Field parameters must be an object."],
    [{}, "Name at least one field to change."],
  ])("refuses %j with 400, changing nothing", async (body, message) => {
    const sandbox = await sandboxWith();
    const before = sandbox.store.get("00001");
    const result = await edit(sandbox, "00001", body);
    expect(result.status).toBe(400);
    expect(messagesOf(result)).toEqual([message]);
    expect(sandbox.store.get("00001")).toEqual(before);
  });

  it("404 for an unknown campaign, 401 without credentials, 405 for GET", async () => {
    const sandbox = await sandboxWith();
    expect(messagesOf(await edit(sandbox, "00007", { order: 1 }))).toEqual([
      "Campaign 00007 not found.",
    ]);
    expect((await edit(sandbox, "00001", { order: 1 }, { auth: null })).status).toBe(401);
    const get = await call(
      { url: new URL(sandbox.url).origin },
      "GET",
      "/_sandbox/outbounds/00001/edit",
    );
    expect(get.status).toBe(405);
    expect(sandbox.store.get("00001")?.order).toBe(10);
  });

  it("is never faulted, and rolls no dice: the API's seeded faults stay the same", async () => {
    const faults = { failureRate: 0.5, seed: 5, retryAfterSeconds: 0 };
    const statuses = async (withEdits: boolean) => {
      const sandbox = await sandboxWith({ faults });
      const seen: number[] = [];
      for (let i = 0; i < 12; i++) {
        if (withEdits) expect((await edit(sandbox, "00001", { order: i + 1 })).status).toBe(200);
        seen.push((await call(sandbox, "GET", "/outbounds")).status);
      }
      return seen;
    };
    const plain = await statuses(false);
    expect(new Set(plain).size).toBeGreaterThan(1);
    expect(await statuses(true)).toEqual(plain);
  });

  it("persists to the data file like any change", async () => {
    const { mkdtemp, readFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = await mkdtemp(path.join(tmpdir(), "sandbox-edit-"));
    try {
      const dataFile = path.join(dir, "data.json");
      const sandbox = await sandboxWith({ dataFile });
      await edit(sandbox, "00001", { order: 42 });
      await sandbox.close();
      expect(await readFile(dataFile, "utf8")).toContain('"order":42');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
