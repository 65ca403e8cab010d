/**
 * `import --with-agents` (issue 13 item 6) and drift on what it recorded, run in-process (the
 * CLI's own runner) against the --sandbox data in a temp workspace: the members are written
 * as `agents:` and recorded as the tool's own; right after, validate passes and drift is
 * clean; an agent removed as in the panel then shows as missing.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "import-agents-"));
  const campaign = (id: string, name: string) => ({
    id,
    name,
    dialer: "preview",
    active: true,
    start_date: "2027-01-01",
    order: 10,
    parity: 50,
  });
  await mkdir(path.join(dir, ".thulium", "sandbox"), { recursive: true });
  await writeFile(
    path.join(dir, ".thulium", "sandbox", "data.json"),
    JSON.stringify({
      version: 1,
      campaigns: [campaign("00001", "Sprzedaż"), campaign("00002", "Windykacja")],
      members: { "00001": ["kwojcik", "anowak"] },
    }),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** In-process, with the sandbox user and password (never printed: checked elsewhere). */
function run(...args: string[]) {
  return runCli(args, {
    cwd: dir,
    env: { THULIUM_USER: "api_tester", THULIUM_PASSWORD: "S3cr3t-Pa55!" },
  });
}

const readState = async () =>
  JSON.parse(await readFile(path.join(dir, ".thulium", "sandbox", "state.json"), "utf8")) as {
    campaigns: Record<string, { agents?: string[]; agents_policy?: string }>;
  };

describe("import --with-agents", () => {
  it("writes and records each campaign's members; validate passes and drift is clean", async () => {
    const imported = await run("import", "--all", "--with-agents", "--sandbox");
    expect(imported.code, imported.stderr).toBe(0);
    const file = await readFile(path.join(dir, "campaigns", "sprzedaz.yaml"), "utf8");
    expect(file).toMatch(/\nagents:\n {2}- anowak\n {2}- kwojcik\n$/);
    expect(await readFile(path.join(dir, "campaigns", "windykacja.yaml"), "utf8")).toMatch(
      /\nagents: \[\]\n$/,
    );
    const state = await readState();
    expect(state.campaigns["00001"]).toMatchObject({ agents: ["anowak", "kwojcik"] });
    expect(state.campaigns["00001"]).not.toHaveProperty("agents_policy");
    expect(state.campaigns["00002"]).toMatchObject({ agents: [] });

    expect((await run("validate")).code).toBe(0);
    const clean = await run("drift", "--sandbox", "--detailed-exitcode", "--format", "json");
    expect(clean.code, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ drifted: [], agents_checked: 1 });

    // A supervisor takes anowak out of 00001 in the panel: drift reports it, exit 2.
    const edited = await run(
      "sandbox",
      "edit",
      "00001",
      "--remove-agent",
      "anowak",
      "--data",
      ".thulium/sandbox/data.json",
    );
    expect(edited.code, edited.stderr).toBe(0);
    const drift = await run("drift", "--sandbox", "--detailed-exitcode");
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(
      "    agents no longer members in Thulium (apply added them): anowak\n",
    );
  });

  it("leaves agents out without the flag: membership stays unmanaged", async () => {
    const imported = await run("import", "00001", "--sandbox");
    expect(imported.code, imported.stderr).toBe(0);
    const file = await readFile(path.join(dir, "campaigns", "sprzedaz.yaml"), "utf8");
    expect(file).not.toContain("agents");
    expect((await readState()).campaigns["00001"]).not.toHaveProperty("agents");
  });
});
