import { describe, expect, it } from "vitest";
import { type FaultOptions, startSandbox } from "../../src/sandbox/index.js";
import { call } from "./helpers.js";

/** Status per request for `count` sequential PUTs (0 for a dropped connection). */
async function statuses(faults: FaultOptions, count: number): Promise<number[]> {
  const sandbox = await startSandbox({ faults });
  sandbox.store.create({}, "00001");
  const result: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const status = await call(sandbox, "PUT", "/outbounds/00001", { json: { order: i + 1 } })
        .then((r) => r.status)
        .catch(() => 0);
      result.push(status);
    }
  } finally {
    await sandbox.close();
  }
  return result;
}

describe("sandbox faults", () => {
  const mixed = { failureRate: 0.3, rateLimitRate: 0.1, dropRate: 0.1, retryAfterSeconds: 0 };

  it("are deterministic with a seed", async () => {
    const first = await statuses({ ...mixed, seed: 42 }, 40);
    const second = await statuses({ ...mixed, seed: 42 }, 40);
    expect(first).toEqual(second);
    // The mix really happens: successes, 500/503, 429 and drops all appear.
    expect(new Set(first)).toEqual(new Set([204, 500, 503, 429, 0]));
    const other = await statuses({ ...mixed, seed: 43 }, 40);
    expect(other).not.toEqual(first);
  });

  it("answer 429 with the configured Retry-After, and do not process the request", async () => {
    const sandbox = await startSandbox({ faults: { rateLimitRate: 1, retryAfterSeconds: 7 } });
    try {
      sandbox.store.create({ name: "kept" }, "00001");
      const result = await call(sandbox, "PUT", "/outbounds/00001", { json: { name: "lost" } });
      expect(result.status).toBe(429);
      expect(result.headers.get("retry-after")).toBe("7");
      expect((result.body as { request_id?: string }).request_id).toBeTruthy();
      expect(sandbox.store.get("00001")?.name).toBe("kept");
      expect(sandbox.stats.faults.rateLimited).toBe(1);
    } finally {
      await sandbox.close();
    }
  });

  it("answer 500 or 503 (503 with Retry-After) at the failure rate, without processing", async () => {
    const sandbox = await startSandbox({ faults: { failureRate: 1, seed: 1 } });
    try {
      sandbox.store.create({ name: "kept" }, "00001");
      const seen = new Set<number>();
      for (let i = 0; i < 20; i++) {
        const result = await call(sandbox, "PUT", "/outbounds/00001", { json: { name: "lost" } });
        seen.add(result.status);
        expect(result.headers.get("retry-after")).toBe(result.status === 503 ? "1" : null);
      }
      expect(seen).toEqual(new Set([500, 503]));
      expect(sandbox.store.get("00001")?.name).toBe("kept");
      expect(sandbox.stats.faults.failed).toBe(20);
    } finally {
      await sandbox.close();
    }
  });

  it("drop connections without an answer", async () => {
    const sandbox = await startSandbox({ faults: { dropRate: 1 } });
    try {
      await expect(fetch(`${sandbox.url}/outbounds`)).rejects.toThrow(/fetch failed/);
      expect(sandbox.stats.faults.dropped).toBe(1);
      expect(sandbox.stats.byStatus).toEqual({ 0: 1 });
    } finally {
      await sandbox.close();
    }
  });

  it("delay responses by the latency (and slow ones by more)", async () => {
    const sandbox = await startSandbox({ faults: { latencyMs: 100, slowRate: 1, slowMs: 100 } });
    try {
      const started = performance.now();
      expect((await call(sandbox, "GET", "/outbounds")).status).toBe(200);
      // A lower bound only: a slow machine can take longer, never shorter.
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      expect(sandbox.stats.faults.slowed).toBe(1);
    } finally {
      await sandbox.close();
    }
  });

  it("close cuts requests still waiting on an injected delay, without processing them", async () => {
    const sandbox = await startSandbox({ faults: { latencyMs: 60_000 } });
    sandbox.store.create({ name: "kept" }, "00001");
    const pending = call(sandbox, "PUT", "/outbounds/00001", { json: { name: "lost" } }).catch(
      (e: unknown) => e,
    );
    await expect.poll(() => sandbox.stats.requests).toBe(1);
    await sandbox.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(sandbox.store.get("00001")?.name).toBe("kept");
  });

  it("reject rates outside 0–1", async () => {
    await expect(startSandbox({ faults: { failureRate: 1.5 } })).rejects.toThrow(
      /failureRate must be between 0 and 1/,
    );
    await expect(startSandbox({ faults: { latencyMs: -1 } })).rejects.toThrow(/latencyMs/);
  });
});

describe("sandbox under concurrency", () => {
  it("serves 300 concurrent delayed PUTs, each once, without listener warnings", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    const sandbox = await startSandbox({ faults: { latencyMs: 20 } });
    try {
      const ids = Array.from({ length: 300 }, (_, i) => String(i + 1).padStart(5, "0"));
      for (const id of ids) sandbox.store.create({}, id);
      const statuses = await Promise.all(
        ids.map((id, i) =>
          call(sandbox, "PUT", `/outbounds/${id}`, { json: { order: i + 1 } }).then(
            (r) => r.status,
          ),
        ),
      );
      expect(statuses).toEqual(ids.map(() => 204));
      expect(sandbox.stats.requests).toBe(300);
      expect(ids.map((id) => sandbox.store.get(id)?.order)).toEqual(ids.map((_, i) => i + 1));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      await sandbox.close();
    }
  });
});
