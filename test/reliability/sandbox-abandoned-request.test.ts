/**
 * Found by the faults suite: a PUT whose client gave up during the sandbox's injected
 * delay left the request handler waiting forever for a body that had already arrived
 * (the request closed before anyone listened for its end), so the request was never
 * answered, processed or logged. A real server that has received a whole request
 * processes it whether or not the client still waits: that is exactly the case where a
 * timed-out PUT still lands, which the faults suite must be able to produce.
 */
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { seedSandbox, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { settled } from "./helpers/accepted.js";

let sandbox: TestSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
});

/** Sends a whole PUT, then closes the connection without waiting for the answer. */
function putAndHangUp(target: TestSandbox, id: string, body: unknown): Promise<void> {
  const url = new URL(`${target.url}/outbounds/${id}`);
  const auth = Buffer.from(`${target.user}:${target.password}`).toString("base64");
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "PUT",
      headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/json" },
    });
    req.on("error", () => resolve()); // the hang-up we cause ourselves
    req.end(JSON.stringify(body), () => {
      // Give the bytes a moment to leave, then hang up before the delayed answer.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    req.on("response", () => reject(new Error("answered before the injected delay")));
  });
}

describe("sandbox: a client that hangs up during an injected delay", () => {
  it("the fully received PUT is still processed, answered into the void and logged", async () => {
    sandbox = await startTestSandbox({ faults: { slowRate: 1, slowMs: 300 } });
    seedSandbox(sandbox, ["00001"]);
    await putAndHangUp(sandbox, "00001", { name: "Landed anyway" });
    await settled(sandbox);
    expect(sandbox.requests).toMatchObject([
      { method: "PUT", campaignId: "00001", status: 204, fault: "slow" },
    ]);
    expect(sandbox.store.get("00001")?.name).toBe("Landed anyway");
  });
});
