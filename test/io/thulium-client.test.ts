import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { failure } from "./api-failure.js";

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ today: () => "2030-01-01" });
});
afterEach(async () => {
  await sandbox.close();
});

const client = (overrides: { password?: string } = {}) =>
  createThuliumClient({
    baseUrl: sandbox.url,
    user: "api_user",
    password: overrides.password ?? "api_pass",
    retryBaseMs: 1,
  });

describe("Thulium client against the sandbox", () => {
  it("updates a campaign, keeping the zero-padded id and UTF-8 text", async () => {
    sandbox.store.create({ name: "Stara" }, "09098");
    const body = {
      name: "Kampania sprzedażowa 2015",
      active: true,
      parameters: { caller_id: "1234" },
    };
    await client().updateCampaign("09098", body);
    expect(sandbox.store.get("09098")).toMatchObject(body);
    expect(sandbox.stats.requests).toBe(1);
  });

  it("lists campaigns with ids and names", async () => {
    sandbox.store.create({ name: "Pierwsza" }, "00001");
    sandbox.store.create({}, "00002");
    expect(await client().listCampaigns()).toEqual([
      { id: "00001", name: "Pierwsza" },
      { id: "00002" },
    ]);
  });

  it("creates a campaign and returns the id Thulium assigned", async () => {
    sandbox.store.create({}, "00041");
    expect(await client().createCampaign({ name: "Nowa" })).toBe("00042");
    expect(sandbox.store.get("00042")?.name).toBe("Nowa");
  });

  it("turns a 400 into an ApiError with Thulium's messages and request id, without retrying", async () => {
    sandbox.store.create({}, "00001");
    const error = await failure(client().updateCampaign("00001", { order: 0, parity: 500 }));
    expect(error.details).toMatchObject({
      campaignId: "00001",
      status: 400,
      fatal: false,
      kind: "http",
      attempts: 1,
      messages: [
        "Field order must be between 1 and 99999.",
        "Field parity must be between 1 and 100.",
      ],
    });
    expect(error.details.requestId).toMatch(/^[0-9a-f]{13}$/);
    expect(error.message).toContain("Campaign 00001");
    expect(sandbox.stats.requests).toBe(1);
  });

  it("turns a 404 into a non-fatal ApiError for that campaign", async () => {
    const error = await failure(client().updateCampaign("00404", { name: "x" }));
    expect(error.details).toMatchObject({ campaignId: "00404", status: 404, fatal: false });
    expect(error.details.messages).toEqual(["Campaign 00404 not found."]);
    expect(error.message).toMatch(/no such campaign/);
    expect(sandbox.stats.requests).toBe(1);
  });

  it("treats 401 as fatal, does not retry it, and keeps the password out of the error", async () => {
    sandbox.store.create({}, "00001");
    const password = "wrong-Pässword-7";
    const error = await failure(client({ password }).updateCampaign("00001", { name: "x" }));
    expect(error.details).toMatchObject({ status: 401, fatal: true, attempts: 1 });
    expect(error.message).toMatch(/THULIUM_USER and THULIUM_PASSWORD/);
    expect(`${String(error)} ${JSON.stringify(error)} ${error.message}`).not.toContain(password);
    expect(sandbox.stats.requests).toBe(1);
  });

  it("converges through the sandbox's 500/503/429 faults by retrying", async () => {
    await sandbox.close();
    sandbox = await startSandbox({
      faults: { failureRate: 0.3, rateLimitRate: 0.2, retryAfterSeconds: 0, seed: 5 },
    });
    for (let i = 1; i <= 20; i++) sandbox.store.create({}, String(i).padStart(5, "0"));
    const api = createThuliumClient({
      baseUrl: sandbox.url,
      user: "api_user",
      password: "api_pass",
      retries: 10,
      retryBaseMs: 1,
    });
    for (let i = 1; i <= 20; i++)
      await api.updateCampaign(String(i).padStart(5, "0"), { order: i });
    for (let i = 1; i <= 20; i++)
      expect(sandbox.store.get(String(i).padStart(5, "0"))?.order).toBe(i);
    const faults = sandbox.stats.faults.failed + sandbox.stats.faults.rateLimited;
    expect(faults).toBeGreaterThan(0);
    expect(sandbox.stats.requests).toBe(20 + faults);
  });
});
