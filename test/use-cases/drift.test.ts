/**
 * The drift use case in-process, with its real ports: the Thulium client against a sandbox
 * on loopback (a proxy in front where an answer must be refused), a state given by a
 * reader function. It returns one result and prints nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { emptyState, type State } from "../../src/core/state.js";
import { ApiError, StateError } from "../../src/errors.js";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { checkDrift } from "../../src/use-cases/drift.js";
import { startCountingProxy } from "../helpers/counting-proxy.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sandbox(): Promise<TestSandbox> {
  const sb = await startTestSandbox({ listShape: "paged" });
  cleanups.push(() => sb.close());
  sb.store.create({ name: "A", order: 10 }, "00001");
  sb.store.create({ name: "B", order: 20, active: false }, "00002");
  return sb;
}

function stateOf(target: string): State {
  return {
    ...emptyState(),
    lineage: "11111111-1111-4111-8111-111111111111",
    serial: 1,
    target,
    campaigns: { "00001": { fields: { name: "A", order: 11 }, source: "campaigns/a.yaml" } },
  };
}

function client(url: string, sb: TestSandbox) {
  return createThuliumClient({ baseUrl: url, user: sb.user, password: sb.password, retries: 1 });
}

describe("checkDrift", () => {
  it("state, then the list, then the statistics: one result, events as each read completes", async () => {
    const sb = await sandbox();
    const seen: string[] = [];
    const result = await checkDrift(
      {
        readState: async () => {
          seen.push("state");
          return stateOf("t");
        },
        api: client(sb.url, sb),
        events: { onListRead: (list) => seen.push(`list of ${list.campaigns.length}`) },
      },
      { target: "t", stateFile: "state.json", only: [] },
    );
    expect(seen).toEqual(["state", "list of 2"]);
    expect(sb.requests.map((r) => r.path)).toEqual(["/api/outbounds", "/api/outbounds/stats"]);
    expect(result.drift.drifted).toEqual([
      {
        id: "00001",
        source: "campaigns/a.yaml",
        name: "A",
        fields: [{ path: "order", applied: 11, live: 10 }],
      },
    ]);
    expect(result.drift.unmanaged).toEqual(["00002"]);
    expect(result.dialling.read && [...result.dialling.active.keys()]).toEqual(["00001"]);
    expect(result.list).toMatchObject({ campaigns: 2, requests: 1, skipped: 0 });
  });

  it("a state of another target is refused before any request", async () => {
    const sb = await sandbox();
    const error = await checkDrift(
      { readState: async () => stateOf("https://other/api"), api: client(sb.url, sb) },
      { target: "t", stateFile: "state.json", only: [] },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateError);
    expect(sb.requests).toEqual([]);
  });

  it("statistics refused: reported through the result and the event, never thrown", async () => {
    const sb = await sandbox();
    const proxy = await startCountingProxy(sb.url, (req) =>
      req.url === "/api/outbounds/stats" ? { status: 403, body: "{}" } : undefined,
    );
    cleanups.push(() => proxy.close());
    const refused: ApiError[] = [];
    const result = await checkDrift(
      {
        readState: async () => stateOf("t"),
        api: client(proxy.url, sb),
        events: { onStatsUnavailable: (error) => refused.push(error) },
      },
      { target: "t", stateFile: "state.json", only: [] },
    );
    expect(result.dialling.read).toBe(false);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.details.status).toBe(403);
    expect(result.drift.drifted).toHaveLength(1);
  });

  it("Ctrl-C: the read in flight is aborted and nothing is returned", async () => {
    const sb = await sandbox();
    const controller = new AbortController();
    controller.abort();
    const error = await checkDrift(
      { readState: async () => stateOf("t"), api: client(sb.url, sb), signal: controller.signal },
      { target: "t", stateFile: "state.json", only: [] },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).details.kind).toBe("aborted");
  });
});
