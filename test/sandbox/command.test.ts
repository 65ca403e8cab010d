import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import type { Output } from "../../src/cli/output.js";
import { runCli } from "../../src/cli/run.js";
import { call } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sandbox-cmd-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(env: NodeJS.ProcessEnv = {}) {
  const controller = new AbortController();
  const captured = { out: "", err: "" };
  const output: Output = {
    out: (text) => {
      captured.out += text;
    },
    err: (text) => {
      captured.err += text;
    },
    color: false,
    interactive: false,
    paint: (_style, text) => text,
  };
  const ctx: CliContext = {
    output,
    env,
    cwd: dir,
    stdin: new PassThrough(),
    exitCode: 0,
    signal: controller.signal,
    now: () => new Date(),
  };
  return { ctx, captured, stop: () => controller.abort() };
}

describe("thulium-campaigns sandbox", () => {
  it("prints the listening line, serves the documented API, and saves its data on stop", async () => {
    const { ctx, captured, stop } = context();
    const running = runCli(["sandbox", "--port", "0", "--data", "data.json"], ctx);
    await expect.poll(() => captured.out).toMatch(/\n$/);
    const match = /^Sandbox listening on (http:\/\/127\.0\.0\.1:(\d+)\/api)\n$/.exec(captured.out);
    expect(match).not.toBeNull();
    const url = match?.[1] ?? "";

    // Default credentials are the documentation's api_user/api_pass.
    const created = await call({ url }, "POST", "/outbounds", { json: { name: "Z CLI" } });
    expect(created.body).toEqual({ id: "00001" });
    stop();
    expect(await running).toBe(0);

    const data = JSON.parse(await readFile(path.join(dir, "data.json"), "utf8"));
    expect(data.campaigns[0]).toMatchObject({ id: "00001", name: "Z CLI" });
    expect(captured.err).toContain("Sandbox stopped after 1 requests.");
  });

  it("takes credentials from THULIUM_USER/THULIUM_PASSWORD and never prints the password", async () => {
    const password = "Very-Secret-Pässword-91";
    const { ctx, captured, stop } = context({ THULIUM_USER: "robot", THULIUM_PASSWORD: password });
    const running = runCli(
      ["sandbox", "--put-semantics", "reset", "--latency", "1", "--seed", "3"],
      ctx,
    );
    await expect.poll(() => captured.out).toMatch(/\n$/);
    const url = captured.out.replace("Sandbox listening on ", "").trim();
    const auth = `Basic ${Buffer.from(`robot:${password}`).toString("base64")}`;
    expect((await call({ url }, "GET", "/outbounds", { auth })).status).toBe(200);
    expect((await call({ url }, "GET", "/outbounds")).status).toBe(401);
    stop();
    expect(await running).toBe(0);
    expect(captured.out + captured.err).not.toContain(password);
    expect(captured.err).toContain("PUT semantics: reset");
  });

  it.each([
    [["--failure-rate", "2"], /--failure-rate must be between 0 and 1/],
    [["--latency", "-5"], /--latency must be/],
    [["--port", "70000"], /--port must be a whole number/],
    [["--put-semantics", "replace"], /Invalid values/],
  ])("refuses %j with a usage error and exit 1", async (flags, message) => {
    const { ctx, captured } = context();
    expect(await runCli(["sandbox", ...flags], ctx)).toBe(1);
    expect(captured.err).toMatch(message);
    expect(captured.out).toBe("");
  });

  it("names a port that is already taken", async () => {
    const first = context();
    const running = runCli(["sandbox"], first.ctx);
    await expect.poll(() => first.captured.out).toMatch(/\n$/);
    const port = /:(\d+)\/api/.exec(first.captured.out)?.[1] ?? "";
    const second = context();
    expect(await runCli(["sandbox", "--port", port], second.ctx)).toBe(1);
    expect(second.captured.err).toContain(`Port ${port} is already in use`);
    first.stop();
    await running;
  });
});
