/**
 * `sandbox edit ID --add-agent L --remove-agent L` (issue 13 item 7): membership changed as
 * in the panel, in a running sandbox (--url) or a stopped one's data file (--data). Run
 * in-process (the CLI's own runner), against a real sandbox on loopback.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

let dir: string;
const sandboxes: TestSandbox[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sandbox-edit-agents-"));
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { cwd: dir, env });
}

async function running(): Promise<TestSandbox> {
  const sandbox = await startTestSandbox();
  sandboxes.push(sandbox);
  sandbox.store.create({ name: "Sprzedaż", order: 10 }, "00001");
  sandbox.store.agents.set("00001", ["anowak", "jkowalski"], true);
  return sandbox;
}

describe("sandbox edit --add-agent / --remove-agent", () => {
  it("changes a running sandbox's membership as in the panel, with a field edit too", async () => {
    const sandbox = await running();
    const result = await run(
      [
        "sandbox",
        "edit",
        "1",
        "order=99",
        "--add-agent",
        "tkaminski",
        "--remove-agent",
        "anowak",
        "--url",
        sandbox.url,
      ],
      sandbox.env(),
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      `Edited campaign 00001 in the sandbox at ${sandbox.url}, as an admin would in Thulium's panel:\n` +
        "  order: 10 → 99\n" +
        "  agents: + tkaminski, − anowak\n",
    );
    expect(sandbox.store.agents.members("00001")).toEqual(["jkowalski", "tkaminski"]);
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /_sandbox/outbounds/00001/edit",
      "POST /_sandbox/outbounds/00001/agents",
    ]);
  });

  it("says when nothing changed", async () => {
    const sandbox = await running();
    const result = await run(
      ["sandbox", "edit", "00001", "--add-agent", "anowak", "--url", sandbox.url],
      sandbox.env(),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `Campaign 00001 in the sandbox at ${sandbox.url} already had these values; nothing changed.\n`,
    );
  });

  it("refuses an unknown login, naming it and the roster, changing nothing", async () => {
    const sandbox = await running();
    const result = await run(
      ["sandbox", "edit", "00001", "--add-agent", "nobody", "--url", sandbox.url],
      sandbox.env(),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: The sandbox refused the edit: Unknown agent login: nobody\. The roster holds alewandowska, anowak, /,
    );
    expect(sandbox.store.agents.members("00001")).toEqual(["anowak", "jkowalski"]);
  });

  it("edits a stopped sandbox's data file, keeping its roster, members and fields", async () => {
    const file = path.join(dir, "data.json");
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        campaigns: [
          { id: "00001", name: "A", active: true, start_date: "2027-01-01", order: 5, parity: 50 },
          { id: "00002", active: true, start_date: "2027-01-01", order: 5, parity: 50 },
        ],
        agents: [{ login: "zofia" }, { login: "adam" }],
        members: { "00001": ["zofia"], "00002": ["adam"] },
      }),
    );
    const result = await run([
      "sandbox",
      "edit",
      "00001",
      "--add-agent",
      "adam",
      "--remove-agent",
      "zofia",
      "--data",
      "data.json",
    ]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/\n {2}agents: \+ adam, − zofia\n$/);
    const saved = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    expect(saved.members).toEqual({ "00001": ["adam"], "00002": ["adam"] });
    expect((saved.agents as { login: string }[]).map((a) => a.login)).toEqual(["adam", "zofia"]);
    expect((saved.campaigns as { name?: string }[])[0]?.name).toBe("A");
  });

  it("asks what to change when given neither a field nor an agent", async () => {
    const result = await run(["sandbox", "edit", "00001", "--data", "data.json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Error: Say what to change: FIELD=VALUE (e.g. order=99), --add-agent LOGIN or --remove-agent LOGIN.\n",
    );
  });
});
