/**
 * `state list | show ID | rm ID` on real state files in temporary folders, through the
 * built CLI. `rm` is checked against a lock really held by another process (this one).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { State } from "../../src/core/state.js";
import { acquireLock, readState, writeState } from "../../src/io/state/index.js";
import { cliText } from "./built-cli.js";

let dir: string;
let stateFile: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "state-command-"));
  stateFile = path.join(dir, ".thulium", "state.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A state as an apply to acme would leave it: two campaigns, serial 1. */
async function seedState(file = stateFile): Promise<State> {
  return writeState(file, {
    version: 1,
    lineage: null,
    serial: 0,
    target: "https://acme.thulium.com/api",
    campaigns: {
      "00002": {
        fields: { name: "Windykacja – etap 1", dialer: "progressive", order: 20 },
        source: "campaigns/windykacja.yaml",
      },
      "00001": {
        fields: {
          name: "Kampania sprzedażowa 2027",
          dialer: "predictive",
          active: true,
          start_date: "2027-01-04",
          parameters: { caller_id: "+48221234567", predictive_max_calls: 2.5 },
        },
        source: "campaigns/sprzedaz.yaml",
      },
    },
  });
}

const cli = (...args: string[]) => cliText(args, dir);

describe("state list", () => {
  it("lists every campaign sorted by id, with name and source, then the file and serial", async () => {
    await seedState();
    expect(await cli("state", "list")).toEqual({
      code: 0,
      stdout:
        "ID     NAME                       SOURCE\n" +
        "00001  Kampania sprzedażowa 2027  campaigns/sprzedaz.yaml\n" +
        "00002  Windykacja – etap 1        campaigns/windykacja.yaml\n" +
        "2 campaigns in .thulium/state.json (serial 1, target https://acme.thulium.com/api).\n",
      stderr: "",
    });
  });

  it("--format json gives the same for scripts", async () => {
    const state = await seedState();
    const { code, stdout } = await cli("state", "list", "--format", "json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      state_file: ".thulium/state.json",
      lineage: state.lineage,
      serial: 1,
      target: "https://acme.thulium.com/api",
      campaigns: [
        { id: "00001", name: "Kampania sprzedażowa 2027", source: "campaigns/sprzedaz.yaml" },
        { id: "00002", name: "Windykacja – etap 1", source: "campaigns/windykacja.yaml" },
      ],
    });
  });

  it("says so when nothing has been applied, and honours --state and --sandbox", async () => {
    expect(await cli("state", "list")).toEqual({
      code: 0,
      stdout: "No campaigns in .thulium/state.json: nothing has been applied with it yet.\n",
      stderr: "",
    });
    await seedState(path.join(dir, "prod.json"));
    expect((await cli("state", "list", "--state", "prod.json")).stdout).toContain(
      "2 campaigns in prod.json",
    );
    await seedState(path.join(dir, ".thulium", "sandbox", "state.json"));
    expect((await cli("state", "list", "--sandbox")).stdout).toContain(
      "2 campaigns in .thulium/sandbox/state.json",
    );
  });

  it("refuses a corrupt state file with the state error, exit 1", async () => {
    await seedState();
    const { writeFile } = await import("node:fs/promises");
    await writeFile(stateFile, "{ not json");
    const { code, stdout, stderr } = await cli("state", "list");
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toMatch(/^Error: .*state\.json/);
    expect(stderr).not.toContain("    at ");
  });
});

describe("state show", () => {
  it("prints the last-applied fields as a campaign declaration", async () => {
    await seedState();
    expect(await cli("state", "show", "00001")).toEqual({
      code: 0,
      stdout:
        "# Last applied from campaigns/sprzedaz.yaml (state file .thulium/state.json)\n" +
        'id: "00001"\n' +
        "name: Kampania sprzedażowa 2027\n" +
        "dialer: predictive\n" +
        "active: true\n" +
        "start_date: 2027-01-04\n" +
        "parameters:\n" +
        '  caller_id: "+48221234567"\n' +
        "  predictive_max_calls: 2.5\n",
      stderr: "",
    });
  });

  it("its YAML is a campaign file: pasted back, the plan has no changes", async () => {
    await seedState();
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(path.join(dir, "campaigns"));
    for (const id of ["00001", "00002"]) {
      const shown = await cli("state", "show", id);
      expect(shown.code).toBe(0);
      await writeFile(path.join(dir, "campaigns", `${id}.yaml`), shown.stdout);
    }
    // The sources differ (campaigns/00001.yaml), but sources are not fields: no change.
    expect(await cli("plan")).toEqual({
      code: 0,
      stdout: "No changes. The campaign files match the last-applied state.\n",
      stderr: "",
    });
  });

  it("--format json gives id, source and the fields exactly as recorded", async () => {
    const state = await seedState();
    const { code, stdout } = await cli("state", "show", "00002", "--format", "json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      id: "00002",
      source: "campaigns/windykacja.yaml",
      fields: state.campaigns["00002"]?.fields,
    });
  });

  it("an unknown id is an error naming the state file, exit 1", async () => {
    await seedState();
    expect(await cli("state", "show", "00009")).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'Error: Campaign "00009" is not in the state file .thulium/state.json. `thulium-campaigns state list` shows the campaigns it holds.\n',
    });
    expect((await cli("state", "show", "1")).stderr).toContain("Campaign ids are five digits");
  });
});

describe("state rm", () => {
  it("removes one campaign atomically, keeps the rest, lineage and a backup; sends nothing", async () => {
    const before = await seedState();
    const previousBytes = await readFile(stateFile, "utf8");
    const { code, stdout, stderr } = await cli("state", "rm", "00002");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(
      'Removed 00002 "Windykacja – etap 1" from .thulium/state.json (serial 1 → 2). Nothing was sent to Thulium, which keeps the campaign as it is.\n' +
        "If campaigns/windykacja.yaml still declares 00002, remove it there too: otherwise the next plan shows it as a first apply and apply sends it again.\n",
    );
    const after = await readState(stateFile);
    expect(after).toEqual({
      ...before,
      serial: 2,
      campaigns: { "00001": before.campaigns["00001"] },
    });
    expect(await readFile(`${stateFile}.backup`, "utf8")).toBe(previousBytes);
    // The lock was released: a second rm takes it again.
    expect((await cli("state", "rm", "00001")).code).toBe(0);
    expect((await readState(stateFile)).campaigns).toEqual({});
  });

  it("an unknown id is refused, exit 1, and the file is left untouched", async () => {
    await seedState();
    const bytes = await readFile(stateFile, "utf8");
    const { code, stderr } = await cli("state", "rm", "00042");
    expect(code).toBe(1);
    expect(stderr).toContain('Campaign "00042" is not in the state file .thulium/state.json.');
    expect(await readFile(stateFile, "utf8")).toBe(bytes);
    expect((await cli("state", "rm", "00042", "--sandbox")).code).toBe(1); // an empty sandbox state
  });

  it("is refused while another process holds the lock, naming it; nothing is written", async () => {
    await seedState();
    const bytes = await readFile(stateFile, "utf8");
    const lock = await acquireLock(stateFile, { command: "apply" });
    try {
      const { code, stdout, stderr } = await cli("state", "rm", "00001");
      expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
      expect(stderr).toContain(`is locked by apply (pid ${process.pid} on host`);
      expect(await readFile(stateFile, "utf8")).toBe(bytes);
    } finally {
      await lock.release();
    }
    expect((await cli("state", "rm", "00001")).code).toBe(0);
  });

  it("after rm, a campaign still declared is planned again as a first apply", async () => {
    await seedState();
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(path.join(dir, "campaigns"));
    await writeFile(
      path.join(dir, "campaigns", "windykacja.yaml"),
      'id: "00002"\nname: Windykacja – etap 1\ndialer: progressive\norder: 20\n',
    );
    await writeFile(
      path.join(dir, "campaigns", "sprzedaz.yaml"),
      'id: "00001"\nname: Kampania sprzedażowa 2027\ndialer: predictive\nactive: true\nstart_date: "2027-01-04"\nparameters:\n  caller_id: "+48221234567"\n  predictive_max_calls: 2.5\n',
    );
    expect((await cli("plan", "--detailed-exitcode")).code).toBe(0);
    expect((await cli("state", "rm", "00002")).code).toBe(0);
    const plan = await cli("plan", "--format", "json", "--detailed-exitcode");
    expect(plan.code).toBe(2);
    expect(JSON.parse(plan.stdout)).toMatchObject({
      summary: { update: 1, unchanged: 1, forget: 0, deactivate: 0 },
      changes: [{ id: "00002", action: "update", fields: [{ before: null }, {}, {}] }],
    });
  });

  it("needs an id", async () => {
    const { code, stderr } = await cli("state", "rm");
    expect(code).toBe(1);
    expect(stderr).toContain("Not enough non-option arguments");
  });
});
