/** `campaigns[id].agents` (and `agents_policy` for exact) in the state file (issue 13). */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { emptyState, type State } from "../../src/core/state.js";
import { StateError } from "../../src/errors.js";
import { readState, writeState } from "../../src/io/state/index.js";
import { parseState } from "../../src/io/state/parse-state.js";
import { runCli } from "../helpers/cli.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thulium-state-agents-"));
  file = path.join(dir, "state.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LINEAGE = "0f8fad5b-d9cb-469f-a165-70867728950e";
const stateText = (entry: unknown) =>
  JSON.stringify({
    version: 1,
    lineage: LINEAGE,
    serial: 1,
    target: "sandbox",
    campaigns: { "00001": entry },
  });

describe("state agents", () => {
  it("round-trip, sorted keys, agents_policy only for exact", async () => {
    const state: State = {
      ...emptyState(),
      target: "sandbox",
      campaigns: {
        "00001": { fields: { name: "A" }, source: "c/a.yaml", agents: ["anowak", "jkowalski"] },
        "00002": {
          fields: {},
          source: "c/b.yaml",
          agents: [],
          agents_policy: "exact",
        },
      },
    };
    const written = await writeState(file, state);
    expect(await readState(file)).toEqual(written);
    const text = await readFile(file, "utf8");
    expect(text).toContain(
      '"00001": {\n      "agents": [\n        "anowak",\n        "jkowalski"\n      ],\n      "fields"',
    );
    expect(text).toContain('"agents_policy": "exact"');
  });

  it("stay optional: a state without them is valid as before", () => {
    expect(
      parseState(stateText({ fields: { name: "A" }, source: "a.yaml" }), file).campaigns,
    ).toEqual({
      "00001": { fields: { name: "A" }, source: "a.yaml" },
    });
  });

  it("are checked strictly, every problem named", () => {
    const problems = (entry: unknown) => {
      try {
        parseState(stateText(entry), file);
      } catch (error) {
        expect(error).toBeInstanceOf(StateError);
        return (error as Error).message;
      }
      return "";
    };
    expect(problems({ fields: {}, source: "a", agents: "anowak" })).toMatch(
      /campaigns\["00001"\]\.agents must be a list of distinct agent logins, not "anowak"/,
    );
    const listed = problems({ fields: {}, source: "a", agents: ["a", 3, "a", ""] });
    expect(listed).toMatch(/agents\[1\] must be an agent login \(text\), not 3/);
    expect(listed).toMatch(/agents\[2\]: "a" is listed twice/);
    expect(listed).toMatch(/agents\[3\] must be an agent login \(text\), not ""/);
    expect(problems({ fields: {}, source: "a", agents: [], agents_policy: "all" })).toMatch(
      /agents_policy must be "exact" or "owned", not "all"/,
    );
    expect(problems({ fields: {}, source: "a", agents_policy: "exact" })).toMatch(
      /agents_policy is set without "agents"/,
    );
    expect(problems({ fields: {}, source: "a", agents: [], agents_owner: 1 })).toMatch(
      /unexpected key "agents_owner"/,
    );
  });

  it("refuse a duplicate key inside an entry (the strict JSON check covers them)", async () => {
    await writeFile(
      file,
      `{"version":1,"lineage":"${LINEAGE}","serial":1,"target":"sandbox","campaigns":{"00001":{"fields":{},"source":"a","agents":["a"],"agents":["b"]}}}`,
    );
    await expect(readState(file)).rejects.toThrow(/agents/);
  });

  it("are shown by state show, with agents_policy only when exact", async () => {
    await writeState(file, {
      ...emptyState(),
      target: "sandbox",
      campaigns: {
        "00001": {
          fields: { name: "A" },
          source: "c/a.yaml",
          agents: ["anowak"],
          agents_policy: "exact",
        },
      },
    });
    const { code, stdout: out } = await runCli(["state", "show", "00001", "--state", file], {
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(out).toMatch(/id: "00001"\nname: A\nagents:\n {2}- anowak\nagents_policy: exact\n$/);
  });
});
