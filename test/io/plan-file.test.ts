import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeclaredCampaign } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import { planToJson } from "../../src/core/plan-shape.js";
import { emptyState } from "../../src/core/state.js";
import { PlanFileError, StalePlanError } from "../../src/errors.js";
import {
  assertPlanCurrent,
  declaredHash,
  readPlanFile,
  type SavedPlan,
  writePlanFile,
} from "../../src/io/plan-file/index.js";

const LINEAGE = "0b6b4f5e-8a43-4c36-9d3b-5f1f3f0f2a11";

function campaign(id: string, name: string, file = "campaigns/a.yaml", line = 1): DeclaredCampaign {
  return {
    id,
    fields: { name, order: 10, parameters: { caller_id: "123" } },
    location: { file, line, column: 1 },
  };
}

function savedPlan(): SavedPlan {
  const state = emptyState();
  state.lineage = LINEAGE;
  state.serial = 4;
  state.campaigns["00001"] = { fields: { name: "Old", order: 10 }, source: "campaigns/a.yaml" };
  state.campaigns["00005"] = { fields: { name: "Gone", active: true }, source: "campaigns/b.yaml" };
  const declared = [campaign("00001", "New"), campaign("00002", "Nowa kampania")];
  const plan = computePlan(declared, state, { only: [], prune: true });
  return {
    ...plan,
    lineage: state.lineage,
    serial: state.serial,
    declared_sha256: declaredHash(declared),
    options: { only: [], prune: true },
    target: "https://acme.thulium.com/api",
    created_at: "2025-03-01T10:00:00.000Z",
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "plan-file-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writePlanFile / readPlanFile", () => {
  it("round-trips a saved plan, creating parent folders and leaving no temp file", async () => {
    const file = path.join(dir, "out", "nested", "plan.json");
    const saved = savedPlan();
    expect(saved.changes.map((c) => c.action)).toEqual(["update", "update", "deactivate"]);
    await writePlanFile(file, saved);
    expect(await readPlanFile(file)).toEqual(saved);
    expect(await readdir(path.dirname(file))).toEqual(["plan.json"]);
  });

  it("writes the cli-contract keys first, with a newline at the end", async () => {
    const file = path.join(dir, "plan.json");
    await writePlanFile(file, savedPlan());
    const text = await readFile(file, "utf8");
    expect(text.endsWith("}\n")).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual([
      "format_version",
      "summary",
      "changes",
      "lineage",
      "serial",
      "target",
      "declared_sha256",
      "options",
      "created_at",
    ]);
  });

  it("replaces an existing file", async () => {
    const file = path.join(dir, "plan.json");
    await writeFile(file, "old");
    await writePlanFile(file, savedPlan());
    expect((await readPlanFile(file)).serial).toBe(4);
  });

  it("leaves no temporary file behind when the write fails", async () => {
    const file = path.join(dir, "plan.json");
    await mkdir(path.join(file, "occupied"), { recursive: true }); // rename onto a non-empty folder fails
    await expect(writePlanFile(file, savedPlan())).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["plan.json"]);
    expect(await readdir(file)).toEqual(["occupied"]);
  });

  it("refuses a missing file", async () => {
    const file = path.join(dir, "missing.json");
    await expect(readPlanFile(file)).rejects.toThrow(
      new PlanFileError(`Cannot read the plan file ${file}: no such file.`),
    );
  });

  it("refuses a file that is not JSON, naming it", async () => {
    const file = path.join(dir, "plan.json");
    await writeFile(file, '{"format_version": 1, "summ');
    await expect(readPlanFile(file)).rejects.toThrow(PlanFileError);
    await expect(readPlanFile(file)).rejects.toThrow(`The plan file ${file} is not valid JSON`);
  });

  it("refuses another format_version", async () => {
    const file = path.join(dir, "plan.json");
    await writeFile(file, JSON.stringify({ ...savedPlan(), format_version: 2 }));
    await expect(readPlanFile(file)).rejects.toThrow(
      `The plan file ${file} has format_version 2; this thulium-campaigns reads format_version 1.`,
    );
  });

  it("refuses the plain --format json output, which lacks what apply needs to check staleness", async () => {
    const {
      lineage: _l,
      serial: _s,
      declared_sha256: _d,
      options: _o,
      target: _t,
      created_at: _c,
      ...plan
    } = savedPlan();
    const file = path.join(dir, "plan.json");
    // What `plan --format json` prints for it (cli/render/plan-json.ts).
    await writeFile(file, JSON.stringify(planToJson(plan)));
    await expect(readPlanFile(file)).rejects.toThrow(
      /is not a valid saved plan: lineage must be a string or null/,
    );
  });

  // biome-ignore lint/suspicious/noExplicitAny: the test tampers with parsed JSON on purpose
  const tampered: [string, (raw: Record<string, any>) => void, string][] = [
    [
      "a request to another path",
      (raw) => (raw.changes[0].request.path = "/outbounds/00099"),
      'changes[0].request.path must be "/outbounds/00001"',
    ],
    ["a numeric id", (raw) => (raw.changes[0].id = 1), "changes[0].id must be a string"],
    [
      "an id that is not five digits",
      (raw) => (raw.changes[0].id = "1"),
      "changes[0].id must be a five-digit campaign id",
    ],
    [
      "an unknown action",
      (raw) => (raw.changes[0].action = "delete"),
      "changes[0].action must be one of update, forget, deactivate",
    ],
    [
      "an unknown body field",
      (raw) => (raw.changes[0].request.body.secret = 1),
      "changes[0].request.body.secret is not a known campaign field",
    ],
    [
      "a body field of the wrong type",
      (raw) => (raw.changes[0].request.body.order = "10"),
      "changes[0].request.body.order must be a whole number",
    ],
    [
      "a wrong parameter type",
      (raw) => (raw.changes[0].request.body.parameters.caller_id = 123),
      "changes[0].request.body.parameters.caller_id must be a string",
    ],
    [
      "a deactivate that activates",
      (raw) => (raw.changes[2].request.body.active = true),
      "changes[2].request.body.active must be false for deactivate",
    ],
    [
      "a deactivate without active",
      (raw) => delete raw.changes[2].request.body.active,
      "changes[2].request.body.active must be false for deactivate",
    ],
    [
      "a summary that does not match",
      (raw) => (raw.summary.update = 5),
      "summary.update is 5 but changes has 2",
    ],
    ["a repeated id", (raw) => (raw.changes[1] = raw.changes[0]), "changes[1].id repeats 00001"],
    ["a bad hash", (raw) => (raw.declared_sha256 = "abc"), "declared_sha256 must be 64 hex digits"],
    ["a negative serial", (raw) => (raw.serial = -1), "serial must not be negative"],
    ["changes not an array", (raw) => (raw.changes = {}), "changes must be an array"],
  ];
  it.each(tampered)("refuses %s, saying where", async (_what, mutate, message) => {
    const file = path.join(dir, "plan.json");
    await writePlanFile(file, savedPlan());
    const raw = JSON.parse(await readFile(file, "utf8"));
    mutate(raw);
    await writeFile(file, JSON.stringify(raw));
    await expect(readPlanFile(file)).rejects.toThrow(
      `The plan file ${file} is not a valid saved plan: ${message}.`,
    );
  });
});

describe("declaredHash", () => {
  const base = [campaign("00001", "A"), campaign("00002", "B", "campaigns/b.yaml")];

  it("ignores declaration order, key order and line numbers", () => {
    const shuffled: DeclaredCampaign[] = [
      { ...campaign("00002", "B", "campaigns/b.yaml", 40) },
      {
        id: "00001",
        fields: { parameters: { caller_id: "123" }, order: 10, name: "A" },
        location: { file: "campaigns/a.yaml", line: 9, column: 3 },
      },
    ];
    expect(declaredHash(shuffled)).toBe(declaredHash(base));
    expect(declaredHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with a value, a source file, or the set of campaigns", () => {
    const hash = declaredHash(base);
    expect(declaredHash([campaign("00001", "A2"), base[1] as DeclaredCampaign])).not.toBe(hash);
    expect(
      declaredHash([campaign("00001", "A", "campaigns/moved.yaml"), base[1] as DeclaredCampaign]),
    ).not.toBe(hash);
    expect(declaredHash([campaign("00001", "A")])).not.toBe(hash);
  });
});

describe("assertPlanCurrent", () => {
  const saved = savedPlan();
  const current = { lineage: LINEAGE, serial: 4, declaredHash: saved.declared_sha256 };

  it("accepts a plan made from the current state and files", () => {
    expect(() => assertPlanCurrent(saved, current)).not.toThrow();
  });

  it("refuses when the state changed since", () => {
    expect(() => assertPlanCurrent(saved, { ...current, serial: 5 })).toThrow(
      new StalePlanError(
        "The plan is stale; run plan again: the state changed since (serial 4 → 5).",
      ),
    );
  });

  it("refuses a plan made against another state file", () => {
    expect(() => assertPlanCurrent(saved, { ...current, lineage: null, serial: 0 })).toThrow(
      `The plan is stale; run plan again: it was made against another state file (lineage ${LINEAGE} → none).`,
    );
  });

  it("refuses a plan made before the state's first write as changed since, not as another file", () => {
    const first = { ...savedPlan(), lineage: null, serial: 0 };
    expect(() => assertPlanCurrent(first, { ...current, serial: 1 })).toThrow(
      new StalePlanError(
        "The plan is stale; run plan again: the state changed since (serial 0 → 1).",
      ),
    );
  });

  it("refuses when the campaign files changed, and gives every reason", () => {
    const other = declaredHash([campaign("00001", "Changed")]);
    expect(() => assertPlanCurrent(saved, { ...current, declaredHash: other })).toThrow(
      "The plan is stale; run plan again: the campaign files changed since.",
    );
    expect(() => assertPlanCurrent(saved, { ...current, serial: 6, declaredHash: other })).toThrow(
      "The plan is stale; run plan again: the state changed since (serial 4 → 6); the campaign files changed since.",
    );
  });
});
