/**
 * Every writer of a local file goes through the one atomic writer in io/fs, with its
 * bounded folder creation: where a folder refuses new entries with ENOENT (/proc, some FUSE
 * mounts) each writer fails at once with its own message, instead of spinning forever at
 * full CPU inside Node 20's recursive mkdir (which three of them used).
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computePlan } from "../../src/core/diff.js";
import { emptyState } from "../../src/core/state.js";
import { declaredHash, type SavedPlan, writePlanFile } from "../../src/io/plan-file/index.js";
import { acquireLock, writeState } from "../../src/io/state/index.js";
import { writeAtomic } from "../../src/sandbox/persist.js";

/** A folder that cannot exist: /proc refuses new entries with ENOENT. */
const UNMAKEABLE = "/proc/self/thulium-no-such-folder/inner";
const onLinux = process.platform === "linux";

function savedPlan(): SavedPlan {
  const plan = computePlan([], emptyState(), { only: [], prune: false });
  return {
    ...plan,
    lineage: null,
    serial: 0,
    declared_sha256: declaredHash([]),
    options: { only: [], prune: false },
    created_at: "2026-01-01T00:00:00.000Z",
  };
}

describe.runIf(onLinux)("writers in a folder that refuses new entries", () => {
  it("plan --out fails at once, naming the file", async () => {
    await expect(writePlanFile(path.join(UNMAKEABLE, "plan.json"), savedPlan())).rejects.toThrow(
      /^Cannot save the plan to \/proc\/self\/thulium-no-such-folder\/inner\/plan\.json: it cannot be created there/,
    );
  }, 5_000);

  it("the state file fails at once, naming the file", async () => {
    await expect(writeState(path.join(UNMAKEABLE, "state.json"), emptyState())).rejects.toThrow(
      /^Cannot write state file \/proc\/self\/thulium-no-such-folder\/inner\/state\.json: it cannot be created there/,
    );
  }, 5_000);

  it("the lock fails at once, naming its folder", async () => {
    await expect(
      acquireLock(path.join(UNMAKEABLE, "state.json"), { command: "apply" }),
    ).rejects.toThrow(
      /^Cannot create the folder \/proc\/self\/thulium-no-such-folder\/inner for the lock file/,
    );
  }, 5_000);

  it("the sandbox data file fails at once, naming the file", async () => {
    await expect(writeAtomic(path.join(UNMAKEABLE, "data.json"), "{}")).rejects.toThrow(
      /^Cannot write the sandbox data file \/proc\/self\/thulium-no-such-folder\/inner\/data\.json: it cannot be created there/,
    );
  }, 5_000);
});

describe("the sandbox data file shares the state file's temp-file hygiene", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "thulium-atomic-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a temp file a dead writer left beside the data file is swept by the next write", async () => {
    // pid 2^22+1 is above Linux's pid_max limit, so no live process has it.
    const dead = `.data.json.${2 ** 22 + 1}.0123456789ab.tmp`;
    await writeFile(path.join(dir, dead), "half");
    await writeAtomic(path.join(dir, "data.json"), '{"version":1,"campaigns":[]}\n');
    expect((await readdir(dir)).sort()).toEqual(["data.json"]);
  });
});
