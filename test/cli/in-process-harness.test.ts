/**
 * The test harness (test/helpers/cli.ts) and what the CLI needs for it to mean the same as
 * a spawned run: one environment policy (nothing from the developer's shell reaches the
 * CLI, spawned or in-process), one clock in the context for every "today"/"now" read, and
 * every line printed through the context (the apply prompt, help wrapped to the context's
 * terminal, not the test process's).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createOutput } from "../../src/cli/output.js";
import { runCli as runCliInProcess } from "../../src/cli/run.js";
import { localDate } from "../../src/core/local-date.js";
import { runBuiltCli, runCli, testContext } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace, type Workspace } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function workspace(campaigns: Parameters<typeof makeWorkspace>[0]): Promise<Workspace> {
  const ws = await makeWorkspace(campaigns);
  cleanups.push(ws.cleanup);
  return ws;
}

describe("one environment policy", () => {
  /** Sets variables in this (the test) process for one test, as a developer's shell would. */
  function developerShell(vars: Record<string, string>): void {
    const saved = Object.keys(vars).map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, vars);
    cleanups.push(async () => {
      for (const [name, value] of saved)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    });
  }

  it.each([
    ["in-process", runCli],
    ["spawned", runBuiltCli],
  ] as const)(
    "THULIUM_* and FORCE_COLOR in the test process never reach a %s CLI",
    async (_how, run) => {
      const ws = await workspace([{ id: "00001", name: "Leak check" }]);
      developerShell({
        THULIUM_URL: "http://127.0.0.1:9/api",
        THULIUM_USER: "developer",
        THULIUM_PASSWORD: "developer-password-from-shell",
        FORCE_COLOR: "1",
      });
      const result = await run(["drift"], { cwd: ws.dir });
      // Had any leaked, drift would have named only the others (or tried 127.0.0.1:9).
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        "drift reads Thulium, so it needs THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD; none of them is set.",
      );
      expect(result.stderr + result.stdout).not.toContain("127.0.0.1:9");
      expect(result.stderr + result.stdout).not.toContain("developer");
      expect(result.stderr + result.stdout).not.toContain("\u001b[");
    },
  );
});

describe("the context's clock", () => {
  it("is what validate calls today", async () => {
    const ws = await workspace([{ id: "00001", name: "Spring", end_date: "2027-03-31" }]);
    const before = await runCli(["validate"], { cwd: ws.dir, now: () => new Date(2027, 2, 31) });
    expect(before.stdout + before.stderr).not.toContain("in the past");
    const after = await runCli(["validate"], { cwd: ws.dir, now: () => new Date(2027, 3, 1) });
    expect(after.stdout + after.stderr).toContain(
      "end_date 2027-03-31 is in the past (today is 2027-04-01)",
    );
  });

  it("stamps a saved plan's created_at", async () => {
    const ws = await workspace([{ id: "00001", name: "Saved" }]);
    const now = new Date("2031-05-06T07:08:09.000Z");
    const result = await runCli(["plan", "--out", "plan.json"], { cwd: ws.dir, now: () => now });
    expect(result.code, result.stderr).toBe(0);
    const saved = JSON.parse(await readFile(path.join(ws.dir, "plan.json"), "utf8"));
    expect(saved.created_at).toBe("2031-05-06T07:08:09.000Z");
  });

  it("formats dates as the local calendar date", () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
    expect(localDate(new Date(2026, 11, 31, 0, 0))).toBe("2026-12-31");
  });
});

describe("everything is printed through the context", () => {
  it("apply's confirmation prompt (stdin a terminal) goes to the context's stdout", async () => {
    const sandbox = await startTestSandbox();
    cleanups.push(() => sandbox.close());
    const ws = await workspace([{ id: "00001", name: "Prompted" }]);
    sandbox.store.create({ name: "Seed" }, "00001");
    const result = await runCli(["apply"], {
      cwd: ws.dir,
      env: sandbox.env(),
      stdinIsTTY: true,
      input: "no\n",
    });
    // The no-stray-output setup fails this test if the prompt reached the test's stdout.
    expect(result.stdout).toContain(
      "Do you want to apply these changes? Only 'yes' will be accepted:",
    );
    expect(result.stderr).toContain("Apply cancelled; nothing was sent.");
    expect(result.code).toBe(1);
    expect(sandbox.puts()).toEqual([]);
  });

  it("--help wraps to the context's terminal width, not the test process's", async () => {
    let text = "";
    const narrow = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          text += String(chunk);
          done();
        },
      }),
      { columns: 60 },
    );
    const { ctx } = testContext(["--help"], { cwd: process.cwd() });
    ctx.output = createOutput({ stdout: narrow, stderr: narrow, env: ctx.env });
    expect(await runCliInProcess(["--help"], ctx)).toBe(0);
    const widest = Math.max(...text.split("\n").map((line) => line.length));
    expect(widest).toBeLessThanOrEqual(60);
  });
});
