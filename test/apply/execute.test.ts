/**
 * executePlan in-process: the real Thulium client against a real sandbox on loopback, the
 * real StateRecorder on a temp state file. Requests are counted where the sandbox saw them.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StateError } from "../../src/errors.js";
import { seedSandbox, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import {
  type CampaignDoc,
  declaredFields,
  makeWorkspace,
  sampleCampaign,
  sampleCampaigns,
  type Workspace,
} from "../helpers/workspace.js";
import { type ApplyOnce, applyOnce } from "./harness.js";

let ws: Workspace;
let sandbox: TestSandbox | undefined;

beforeEach(async () => {
  ws = await makeWorkspace();
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  await ws.cleanup();
});

async function sandboxWith(
  campaigns: readonly CampaignDoc[],
  options: Parameters<typeof startTestSandbox>[0] = {},
) {
  sandbox = await startTestSandbox(options);
  seedSandbox(
    sandbox,
    campaigns.map((c) => c.id),
  );
  return sandbox;
}

function run(campaigns: readonly CampaignDoc[], extra: Partial<ApplyOnce> = {}) {
  if (sandbox === undefined) throw new Error("start the sandbox first");
  return applyOnce({
    url: sandbox.url,
    user: sandbox.user,
    password: sandbox.password,
    stateFile: ws.stateFile,
    campaigns,
    ...extra,
  });
}

/** State file text, the error messages and outcomes: nothing may carry the password. */
async function expectNothingLeaked(...values: unknown[]) {
  if (sandbox === undefined) return;
  const state = await readFile(ws.stateFile, "utf8").catch(() => "");
  expectNoSecrets(
    [state, ...values.map((v) => JSON.stringify(v, errorFields))],
    sandbox.password,
    sandbox.user,
  );
}
function errorFields(_key: string, value: unknown) {
  return value instanceof Error ? { ...value, message: value.message } : value;
}

/** The state's campaign ids. */
async function stateIds(): Promise<string[]> {
  return Object.keys((await ws.readState())?.campaigns ?? {}).sort();
}

describe("executePlan against the sandbox", () => {
  it("a first apply PUTs every campaign once with its full declared fields; a second sends nothing", async () => {
    const campaigns = sampleCampaigns(6);
    const sb = await sandboxWith(campaigns);
    const first = await run(campaigns, { concurrency: 2 });

    expect(first.result.failed).toEqual([]);
    expect(
      sb
        .puts()
        .map((r) => r.campaignId)
        .sort(),
    ).toEqual(campaigns.map((c) => c.id));
    expect(sb.puts(204)).toHaveLength(6);
    for (const campaign of campaigns) {
      const put = sb.puts().find((r) => r.campaignId === campaign.id);
      expect(put?.body).toEqual(declaredFields(campaign));
      expect(sb.store.get(campaign.id)).toEqual(campaign);
    }
    const state = await ws.readState();
    expect(Object.keys(state?.campaigns ?? {})).toEqual(campaigns.map((c) => c.id));
    expect(state?.campaigns["00003"]).toEqual({
      fields: declaredFields(campaigns[2] as CampaignDoc),
      source: "campaigns/c00003.yaml",
    });

    sb.clearRequests();
    const second = await run(campaigns);
    expect(second.plan.changes).toEqual([]);
    expect(sb.requests).toEqual([]);
    await expectNothingLeaked(first, second);
  });

  it("changing k campaigns sends exactly k PUTs, each with every declared field", async () => {
    const campaigns = sampleCampaigns(8);
    const sb = await sandboxWith(campaigns);
    await run(campaigns);
    sb.clearRequests();

    const changed = campaigns.map((c) =>
      c.id === "00002"
        ? { ...c, name: "Nowa nazwa" }
        : c.id === "00007"
          ? { ...c, parameters: { caller_id: "48999" } }
          : c,
    );
    const { result } = await run(changed);
    expect(result.succeeded.map((c) => c.id)).toEqual(["00002", "00007"]);
    expect(sb.puts().map((r) => [r.campaignId, r.body])).toEqual(
      expect.arrayContaining([
        ["00002", declaredFields(changed[1] as CampaignDoc)],
        ["00007", declaredFields(changed[6] as CampaignDoc)],
      ]),
    );
    expect(sb.puts()).toHaveLength(2);
    expect((await ws.readState())?.campaigns["00002"]?.fields.name).toBe("Nowa nazwa");
  });

  it("a removed campaign is forgotten without a request; with prune it gets one PUT of its last-applied fields with active: false", async () => {
    const campaigns = sampleCampaigns(4);
    const sb = await sandboxWith(campaigns);
    await run(campaigns);

    sb.clearRequests();
    const forgotten = await run(campaigns.slice(1));
    expect(forgotten.result.succeeded.map((c) => [c.id, c.action])).toEqual([["00001", "forget"]]);
    expect(sb.requests).toEqual([]);
    expect(await stateIds()).toEqual(["00002", "00003", "00004"]);
    expect(sb.store.get("00001")?.active).toBe(true); // Thulium keeps it as it was

    const pruned = await run(campaigns.slice(2), { prune: true });
    expect(pruned.result.succeeded.map((c) => [c.id, c.action])).toEqual([["00002", "deactivate"]]);
    expect(sb.requests.map((r) => [r.method, r.campaignId, r.body, r.status])).toEqual([
      ["PUT", "00002", { ...declaredFields(sampleCampaign(2)), active: false }, 204],
    ]);
    expect(await stateIds()).toEqual(["00003", "00004"]);
    expect(sb.store.get("00002")).toEqual({ ...sampleCampaign(2), active: false });
    await expectNothingLeaked(forgotten, pruned);
  });

  it("a 404 fails only that campaign, with Thulium's message and request_id; the others are recorded", async () => {
    const campaigns = sampleCampaigns(5);
    const sb = await sandboxWith(campaigns);
    sb.store.delete("00003");

    const { result } = await run(campaigns, { concurrency: 2 });
    expect(result.succeeded.map((c) => c.id).sort()).toEqual(["00001", "00002", "00004", "00005"]);
    expect(result.failed).toHaveLength(1);
    const failure = result.failed[0];
    const answered = sb.puts(404);
    expect(answered.map((r) => r.campaignId)).toEqual(["00003"]); // 404 is never retried
    expect(failure?.change.id).toBe("00003");
    expect(failure?.error.details).toMatchObject({
      campaignId: "00003",
      status: 404,
      fatal: false,
      requestId: answered[0]?.requestId,
    });
    expect(failure?.error.details.messages.length).toBeGreaterThan(0);
    expect(result.fatal).toBeUndefined();
    expect(await stateIds()).toEqual(["00001", "00002", "00004", "00005"]);
    await expectNothingLeaked(result);
  });

  it("a 401 stops the run at once: no more requests than the concurrency, nothing recorded", async () => {
    const campaigns = sampleCampaigns(12);
    const sb = await sandboxWith(campaigns, { faults: { latencyMs: 20 } });
    const { result } = await applyOnce({
      url: sb.url,
      user: sb.user,
      password: "wrong-password",
      stateFile: ws.stateFile,
      campaigns,
      concurrency: 3,
    });
    expect(sb.requests.length).toBeGreaterThan(0);
    expect(sb.requests.length).toBeLessThanOrEqual(3);
    expect(sb.requests.every((r) => r.status === 401)).toBe(true);
    expect(result.fatal?.details.status).toBe(401);
    expect(result.succeeded).toEqual([]);
    expect(result.notStarted.length).toBe(12 - sb.requests.length);
    expect(await ws.readState()).toBeUndefined();
    await expectNothingLeaked(result);
  });

  it("503 and 429 answers (seeded, Retry-After 0) are retried until every campaign is applied", async () => {
    const campaigns = sampleCampaigns(10);
    const sb = await sandboxWith(campaigns, {
      faults: { failureRate: 0.3, rateLimitRate: 0.2, retryAfterSeconds: 0, seed: 7 },
    });
    const { result } = await run(campaigns, { concurrency: 1 });
    expect(result.failed).toEqual([]);
    expect(sb.stats.faults.rateLimited).toBeGreaterThan(0);
    expect(sb.puts(503).length).toBeGreaterThan(0);
    expect(sb.puts(429).length).toBeGreaterThan(0);
    // Each campaign was accepted exactly once; every other request was an injected fault.
    expect(sb.puts(204).map((r) => r.campaignId)).toEqual(campaigns.map((c) => c.id));
    for (const campaign of campaigns) expect(sb.store.get(campaign.id)).toEqual(campaign);
    expect(await stateIds()).toEqual(campaigns.map((c) => c.id));
    await expectNothingLeaked(result);
  });

  it("an abort mid-run starts nothing new; requests in flight finish and are recorded", async () => {
    const campaigns = sampleCampaigns(10);
    const sb = await sandboxWith(campaigns, { faults: { latencyMs: 50 } });
    const controller = new AbortController();
    const { result } = await run(campaigns, {
      concurrency: 2,
      signal: controller.signal,
      onOutcome: () => controller.abort(),
    });
    expect(result.interrupted).toBe(true);
    const accepted = sb
      .puts(204)
      .map((r) => r.campaignId)
      .sort();
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(accepted.length).toBeLessThanOrEqual(2); // only those already in flight
    expect(result.succeeded.map((c) => c.id).sort()).toEqual(accepted);
    expect(result.notStarted).toHaveLength(10 - accepted.length);
    expect(await stateIds()).toEqual(accepted);
    await expectNothingLeaked(result);
  });
});

describe.each(["merge", "reset"] as const)("PUT semantics %s", (putSemantics) => {
  it("leaves every sandbox campaign equal to its declaration, after a first apply and a change", async () => {
    const campaigns = sampleCampaigns(5);
    sandbox = await startTestSandbox({ putSemantics, today: () => "2026-01-01" });
    // Campaigns that already exist in Thulium with other values in every field.
    for (const c of campaigns)
      sandbox.store.create(
        {
          name: "Stara",
          dialer: "preview",
          active: false,
          start_date: "2025-01-01",
          end_date: "2025-02-01",
          order: 99,
          parity: 99,
          group_id: 1,
          parameters: { caller_id: "1" },
        },
        c.id,
      );
    const first = await run(campaigns);
    for (const c of campaigns) expect(sandbox.store.get(c.id)).toEqual(c);

    // A change of one field still sends everything: under "reset" the rest would
    // otherwise fall back to Thulium's defaults.
    const changed = campaigns.map((c) => (c.id === "00004" ? { ...c, order: 7 } : c));
    const second = await run(changed);
    expect(sandbox.puts(204).filter((r) => r.campaignId === "00004")).toHaveLength(2);
    for (const c of changed) expect(sandbox.store.get(c.id)).toEqual(c);
    await expectNothingLeaked(first, second);
  });
});

describe("executePlan when the state cannot be written", () => {
  it("stops starting requests and throws the StateError; Thulium got only what was in flight", async () => {
    const campaigns = sampleCampaigns(10);
    // Latency wide enough that breaking the folder lands before the second round of requests.
    const sb = await sandboxWith(campaigns, { faults: { latencyMs: 100 } });
    // The state folder becomes a file once the recorder has opened: every write fails.
    const folder = path.dirname(ws.stateFile);
    await mkdir(folder, { recursive: true });
    let broken = false;
    // Settled into a value at once, so a rejection while the folder is broken is handled.
    const failing = run(campaigns, { concurrency: 2 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Break the folder as soon as the first request reaches the sandbox.
    while (!broken) {
      await new Promise((resolve) => setImmediate(resolve));
      if (sb.requests.length > 0) {
        await rm(folder, { recursive: true, force: true });
        await writeFile(folder, "not a folder");
        broken = true;
      }
    }
    const error = await failing;
    expect(error).toBeInstanceOf(StateError);
    expect((error as Error).message).toMatch(/Could not write state file/);
    expect(sb.puts().length).toBeLessThanOrEqual(4);
    expect(sb.puts().length).toBeLessThan(10);
    await expectNothingLeaked(error);
  });
});
