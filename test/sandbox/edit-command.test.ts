/**
 * `thulium-campaigns sandbox edit` (the built CLI, spawned) against a running sandbox and
 * against a stopped sandbox's data file; and `sandbox --list-shape` run in-process.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import type { Output } from "../../src/cli/output.js";
import { runCli as runInProcess } from "../../src/cli/run.js";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox, TEST_PASSWORD, type TestSandbox } from "../helpers/sandbox.js";
import { call, DOCS_AUTH } from "./helpers.js";

let dir: string;
const sandboxes: TestSandbox[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sandbox-edit-cmd-"));
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function running(): Promise<TestSandbox> {
  const sandbox = await startTestSandbox({ today: () => "2027-01-01" });
  sandboxes.push(sandbox);
  sandbox.store.create({ name: "Sprzedaż", order: 10, end_date: "2027-06-30" }, "00001");
  return sandbox;
}

describe("sandbox edit --url (a running sandbox)", () => {
  it("changes the campaign as in the panel, and prints each change", async () => {
    const sandbox = await running();
    const result = await runCli(
      [
        "sandbox",
        "edit",
        "00001",
        "order=99",
        "name=Nowa nazwa",
        "end_date=",
        "--url",
        sandbox.url,
      ],
      { cwd: dir, env: sandbox.env() },
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      `Edited campaign 00001 in the sandbox at ${sandbox.url}, as an admin would in Thulium's panel:\n` +
        '  name: "Sprzedaż" → "Nowa nazwa"\n' +
        '  end_date: "2027-06-30" → (none)\n' +
        "  order: 10 → 99\n",
    );
    expect(sandbox.store.get("00001")).toMatchObject({ name: "Nowa nazwa", order: 99 });
    expect(sandbox.store.get("00001")).not.toHaveProperty("end_date");
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /_sandbox/outbounds/00001/edit",
    ]);
  });

  it("an edit that changes nothing says so", async () => {
    const sandbox = await running();
    const result = await runCli(["sandbox", "edit", "1", "order=10", "--url", sandbox.url], {
      cwd: dir,
      env: sandbox.env(),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Campaign 00001 in the sandbox at");
    expect(result.stdout).toContain("already had these values; nothing changed.");
  });

  it.each<[string, string[], RegExp]>([
    ["an unknown campaign", ["00007", "order=1"], /has no campaign 00007\./],
    [
      "a value of the wrong type",
      ["00001", "order=ten"],
      /The sandbox refused the edit: Field order must be an integer\./,
    ],
    ["removing a required field", ["00001", "order="], /Field order cannot be removed/],
  ])("%s: exit 1, one line, nothing changed", async (_name, args, message) => {
    const sandbox = await running();
    const before = sandbox.store.get("00001");
    const result = await runCli(["sandbox", "edit", ...args, "--url", sandbox.url], {
      cwd: dir,
      env: sandbox.env(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(sandbox.store.get("00001")).toEqual(before);
  });

  it("wrong credentials: explained, the password never printed", async () => {
    const sandbox = await running();
    const result = await runCli(["sandbox", "edit", "00001", "order=2", "--url", sandbox.url], {
      cwd: dir,
      env: sandbox.env("Wrong-Pa55-word"),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the credentials: set THULIUM_USER and THULIUM_PASSWORD/);
    expect(result.stdout + result.stderr).not.toContain("Wrong-Pa55-word");
    expect(result.stdout + result.stderr).not.toContain(TEST_PASSWORD);
  });
});

describe("sandbox edit --data (a stopped sandbox's data file)", () => {
  it("edits the file in place; a sandbox started on it serves the change", async () => {
    const file = path.join(dir, "data.json");
    const first = await startTestSandbox({ dataFile: file, today: () => "2027-01-01" });
    first.store.create({ name: "A", order: 10 }, "00001");
    await first.close();

    const result = await runCli(
      [
        "sandbox",
        "edit",
        "00001",
        "order=99",
        "parameters.caller_id=+48221234567",
        "--data",
        "data.json",
      ],
      { cwd: dir },
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("Edited campaign 00001 in the sandbox data file data.json");
    expect(result.stdout).toContain('  parameters.caller_id: (none) → "+48221234567"\n');

    const second = await startTestSandbox({ dataFile: file });
    sandboxes.push(second);
    const listed = await call(second, "GET", "/outbounds", {
      auth: `Basic ${Buffer.from(`${second.user}:${second.password}`).toString("base64")}`,
    });
    expect(listed.body).toMatchObject([
      { id: "00001", order: 99, parameters: { caller_id: "+48221234567" } },
    ]);
  });

  it("a missing data file is named, and not created", async () => {
    const result = await runCli(["sandbox", "edit", "00001", "order=1", "--data", "nope.json"], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Sandbox data file .*nope\.json does not exist/);
    await expect(readFile(path.join(dir, "nope.json"))).rejects.toThrow();
  });

  it("a corrupt data file is refused and left as it was", async () => {
    await writeFile(path.join(dir, "data.json"), "{oops");
    const result = await runCli(["sandbox", "edit", "00001", "order=1", "--data", "data.json"], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not valid JSON/);
    expect(await readFile(path.join(dir, "data.json"), "utf8")).toBe("{oops");
  });
});

describe("sandbox --list-shape", () => {
  it("serves the chosen shape and says so", async () => {
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
      env: {},
      cwd: dir,
      stdin: new PassThrough(),
      exitCode: 0,
      signal: controller.signal,
      now: () => new Date(),
    };
    const run = runInProcess(["sandbox", "--list-shape", "paged"], ctx);
    await expect.poll(() => captured.out).toMatch(/\n$/);
    const url = captured.out.replace("Sandbox listening on ", "").trim();
    await call({ url }, "POST", "/outbounds", { json: { name: "A" } });
    const listed = await call({ url }, "GET", "/outbounds", { auth: DOCS_AUTH });
    expect(listed.body).toMatchObject({ count: 1, data: [{ id: "00001", active: "1" }] });
    controller.abort();
    expect(await run).toBe(0);
    expect(captured.err).toContain("List shape: paged.");
  });
});
