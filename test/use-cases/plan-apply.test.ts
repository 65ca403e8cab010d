/**
 * The plan and apply use cases without the CLI: campaign files in a temp folder, the real
 * state file, recorder and lock, the real Thulium client against the sandbox on loopback.
 * What they return (and what the sandbox and the state file saw) is asserted; nothing is
 * printed, because the use cases never print.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requestsOf } from "../../src/core/operation.js";
import { ApplyCancelledError, UnsafePlanError, UsageError } from "../../src/errors.js";
import {
  acquireLock,
  normaliseTarget,
  readState,
  resolveStateFile,
  StateRecorder,
} from "../../src/io/state/index.js";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import {
  type ApplyPorts,
  type ApplyRequest,
  type ApplyResult,
  applyCampaigns,
} from "../../src/use-cases/apply.js";
import { makePlan, savedPlanOf } from "../../src/use-cases/plan.js";
import { campaignFiles } from "../../src/use-cases/plan-inputs.js";
import { seedSandbox, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import {
  makeWorkspace,
  sampleCampaign,
  sampleCampaigns,
  type Workspace,
} from "../helpers/workspace.js";

let ws: Workspace;
let sandbox: TestSandbox;

beforeEach(async () => {
  ws = await makeWorkspace(sampleCampaigns(3));
  sandbox = await startTestSandbox();
  seedSandbox(sandbox, ["00001", "00002", "00003", "00004"]);
});
afterEach(async () => {
  await sandbox.close();
  await ws.cleanup();
});

const labels = () => ({ dir: "campaigns/", stateFile: ws.stateFile });
const source = () => campaignFiles(ws.campaignsDir, { cwd: ws.dir, today: "2027-01-01" });

function plan(options: { only?: string[]; prune?: boolean } = {}) {
  return makePlan(
    { campaigns: source(), readState: () => readState(ws.stateFile) },
    {
      labels: labels(),
      options: { only: options.only ?? [], prune: options.prune ?? false },
      refresh: false,
    },
  );
}

interface Run {
  result: ApplyResult;
  events: string[];
}

/** The apply use case with real ports; `events` lists what it reported, in order. */
async function apply(
  request: Partial<ApplyRequest> = {},
  ports: Partial<ApplyPorts> = {},
): Promise<Run> {
  const events: string[] = [];
  const result = await applyCampaigns(
    {
      campaigns: source(),
      state: {
        resolve: resolveStateFile,
        read: readState,
        openRecorder: (file, state, target, options) =>
          StateRecorder.open(file, state, target, options),
      },
      lock: (stateFile) => acquireLock(stateFile, { command: "apply" }),
      connect: async () => ({
        target: normaliseTarget(sandbox.url),
        api: createThuliumClient({
          baseUrl: sandbox.url,
          user: sandbox.user,
          password: sandbox.password,
        }),
        close: async () => {},
      }),
      readLive: () => Promise.reject(new Error("not read without --refresh")),
      preview: {
        target: () => normaliseTarget(sandbox.url),
        readLive: () => Promise.reject(new Error("not read without --refresh")),
      },
      confirm: async () => {
        events.push("confirm");
      },
      signal: new AbortController().signal,
      events: {
        onLoaded: (loaded) => events.push(`loaded ${loaded.campaigns.length}`),
        onPlan: (planned) => events.push(`plan ${planned.changes.length}`),
        onExecute: (_plan, concurrency) => events.push(`execute ×${concurrency}`),
        onOutcome: (outcome) =>
          events.push(`${outcome.change.id} ${outcome.error ? "failed" : "ok"}`),
      },
      ...ports,
    },
    {
      stateFile: ws.stateFile,
      labels: labels(),
      options: { only: [], prune: false },
      refresh: false,
      force: false,
      concurrency: 1,
      canApprove: true,
      forceRerun: "thulium-campaigns apply --force",
      ...request,
    },
  );
  return { result, events };
}

describe("plan use case", () => {
  it("plans the campaign files against the state: one PUT operation per campaign, summary computed", async () => {
    const { plan: planned, loaded, dropsEveryManaged } = await plan();
    expect(loaded.files).toBe(3);
    expect(dropsEveryManaged).toBe(false);
    expect(planned.summary).toEqual({ update: 3, unchanged: 0, forget: 0, deactivate: 0 });
    expect(planned.changes.map((c) => c.operations.map((o) => o.kind))).toEqual([
      ["put"],
      ["put"],
      ["put"],
    ]);
    const [first] = planned.changes;
    expect(first && requestsOf(first)).toEqual([
      expect.objectContaining({ method: "PUT", path: "/outbounds/00001" }),
    ]);
  });

  it("refuses an unknown --only id before reading Thulium", async () => {
    await expect(plan({ only: ["00009"] })).rejects.toThrow(UsageError);
  });

  it("savedPlanOf carries what the plan was computed from", async () => {
    const result = await plan();
    const saved = savedPlanOf(result, { target: null, createdAt: new Date(0) });
    expect(saved).toMatchObject({
      lineage: null,
      serial: 0,
      options: { only: [], prune: false },
      target: null,
      created_at: "1970-01-01T00:00:00.000Z",
    });
    expect(saved.declared_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("apply use case", () => {
  it("loads, plans, confirms, executes and records; a rerun finds nothing to do", async () => {
    const first = await apply();
    expect(first.events).toEqual([
      "loaded 3",
      "plan 3",
      "confirm",
      "execute ×1",
      "00001 ok",
      "00002 ok",
      "00003 ok",
    ]);
    expect(first.result.outcome).toBe("executed");
    expect(sandbox.puts()).toHaveLength(3);
    const state = await ws.readState();
    expect(Object.keys(state?.campaigns ?? {})).toEqual(["00001", "00002", "00003"]);
    expect(state?.target).toBe(normaliseTarget(sandbox.url));

    const second = await apply();
    expect(second.result).toMatchObject({ outcome: "no-changes" });
    expect(second.events).toEqual(["loaded 3", "plan 0"]);
    expect(sandbox.puts()).toHaveLength(3);
  });

  it("without a way to approve: shows the plan and stops, nothing connected, locked or sent", async () => {
    let connected = false;
    const run = await apply(
      { canApprove: false },
      {
        connect: async () => {
          connected = true;
          throw new Error("must not connect");
        },
      },
    );
    expect(run.result).toMatchObject({ outcome: "not-approved" });
    expect(run.events).toEqual(["loaded 3", "plan 3"]);
    expect(connected).toBe(false);
    expect(sandbox.requests).toHaveLength(0);
    expect(await ws.readState()).toBeUndefined();
  });

  it("a 'no' at the confirmation sends nothing and records nothing", async () => {
    const refused = apply(
      {},
      {
        confirm: async () => {
          throw new ApplyCancelledError("Apply cancelled; nothing was sent.");
        },
      },
    );
    await expect(refused).rejects.toThrow(ApplyCancelledError);
    expect(sandbox.requests).toHaveLength(0);
    expect(await ws.readState()).toBeUndefined();
  });

  it("the safety gate stops a plan that drops every managed campaign; --force passes it", async () => {
    await apply();
    for (const id of ["00001", "00002", "00003"]) await ws.removeCampaign(id);
    await ws.writeCampaign(sampleCampaign(4));
    await expect(apply()).rejects.toThrow(UnsafePlanError);
    expect(sandbox.puts()).toHaveLength(3);
    const forced = await apply({ force: true });
    expect(forced.result).toMatchObject({ outcome: "executed" });
    const state = await ws.readState();
    expect(Object.keys(state?.campaigns ?? {})).toEqual(["00004"]);
  });

  it("applies a saved plan only while it is current", async () => {
    const saved = savedPlanOf(await plan(), { target: null, createdAt: new Date() });
    const { writePlanFile } = await import("../../src/io/plan-file/index.js");
    const file = path.join(ws.dir, "plan.json");
    await writePlanFile(file, saved);
    const run = await apply({ planFile: file });
    expect(run.result).toMatchObject({ outcome: "executed" });
    expect(sandbox.puts()).toHaveLength(3);
    await expect(apply({ planFile: file })).rejects.toThrow(/stale/);
  });

  it("a failed campaign is reported in the result; the others are applied and recorded", async () => {
    sandbox.store.delete("00002");
    const run = await apply();
    if (run.result.outcome !== "executed") throw new Error("expected an execution");
    expect(run.result.execution.failed.map((f) => f.change.id)).toEqual(["00002"]);
    expect(run.result.execution.succeeded.map((c) => c.id)).toEqual(["00001", "00003"]);
    const state = await ws.readState();
    expect(Object.keys(state?.campaigns ?? {})).toEqual(["00001", "00003"]);
  });
});
