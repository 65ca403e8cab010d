/**
 * The bench's sandbox, in a process of its own (forked by sandbox-fixture.ts), as a real
 * Thulium would be: the server's per-request work never shares an event loop or a heap with
 * the bench (which holds the generated inputs and reads the children's output), so what a
 * measured client waits for is the injected latency and the server's own work, nothing else.
 *
 * Protocol (IPC messages): the parent sends `{seed, latencyMs}` once, with the campaigns to
 * create as an admin would; this answers `{url}` once listening. Then `"counts"` is answered
 * with the PUTs answered since the last `"reset"` (and when the first and last were answered,
 * by the wall clock), and `"close"` stops the server and exits.
 */
import { startSandbox } from "../sandbox/index.js";
import { PASSWORD, type PutCounts, type SandboxSetup, USER } from "./sandbox-fixture.js";

const EMPTY: PutCounts = { ok: 0, total: 0, firstMs: Number.NaN, lastMs: Number.NaN };

const send = (message: unknown) => process.send?.(message);

process.once("message", async (setup: SandboxSetup) => {
  let counts = { ...EMPTY };
  const sandbox = await startSandbox({
    port: 0,
    user: USER,
    password: PASSWORD,
    faults: { latencyMs: setup.latencyMs },
    onRequest: (request) => {
      if (request.method !== "PUT") return;
      // The wall clock, so the parent can compare it with when it spawned the client.
      const now = Date.now();
      counts.total++;
      if (request.status >= 200 && request.status < 300) counts.ok++;
      if (Number.isNaN(counts.firstMs)) counts.firstMs = now;
      counts.lastMs = now;
    },
  });
  for (const { id, fields } of setup.seed) sandbox.store.create(fields, id);
  process.on("message", async (message) => {
    if (message === "counts") send({ counts });
    if (message === "reset") {
      counts = { ...EMPTY };
      send({ reset: true });
    }
    if (message === "close") {
      await sandbox.close();
      process.disconnect();
    }
  });
  send({ url: sandbox.url });
});
