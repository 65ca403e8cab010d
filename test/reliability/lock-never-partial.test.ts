/**
 * Found by the concurrency suite's stress runs: five applies starting together, about one
 * loser in a hundred said the lock file "is still being written" instead of naming the
 * holder, because the lock was created empty (O_EXCL) and filled in a moment later. The
 * lock is now written whole to a temp file and linked into place, which is just as
 * exclusive, so from the moment the lock file exists it names its holder.
 *
 * Pinned directly: a child process takes and releases the lock in a loop while this
 * process reads the lock file as fast as it can; every read that finds the file must find
 * a complete record.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock } from "../../src/io/state/index.js";
import { parseLockRecord } from "../../src/io/state/lock-holder.js";
import { cliEnv, REPO } from "../helpers/cli.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/**
 * Lock cycles the child runs. With the old create-then-fill lock put back, 100 cycles found
 * an empty lock file in each of five runs (300 took three times as long for the same).
 */
const CYCLES = 100;

describe("the apply lock file", () => {
  it("is complete from the moment it exists (written aside, then linked into place)", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "lock-partial-"));
    const stateFile = path.join(dir, "state.json");
    const script = path.join(dir, "cycle.mjs");
    const lockModule = pathToFileURL(path.join(REPO, "dist", "io", "state", "lock.js")).href;
    await writeFile(
      script,
      `import { acquireLock } from ${JSON.stringify(lockModule)};
for (let i = 0; i < ${CYCLES}; i++) {
  const lock = await acquireLock(${JSON.stringify(stateFile)}, { command: "apply" });
  await lock.release();
}
`,
    );
    // Piped, not inherited: a failing child's stack belongs in the assertion, not the log.
    const child = spawn(process.execPath, [script], {
      env: cliEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let printed = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      printed += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      printed += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let running = true;
    void exited.then(() => {
      running = false;
    });

    let complete = 0;
    const partial: string[] = [];
    while (running) {
      let text: string;
      try {
        text = await readFile(`${stateFile}.lock`, "utf8");
      } catch {
        continue; // not there between cycles
      }
      if (parseLockRecord(text) === undefined) partial.push(JSON.stringify(text));
      else complete += 1;
    }
    expect(await exited, printed).toBe(0);
    expect(partial).toEqual([]);
    expect(complete, "the reads never overlapped a held lock").toBeGreaterThan(0);
  }, 60_000);
});

describe("the lock's temp file", () => {
  it("left by a process killed before linking it, is removed by the next acquirer", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "lock-temp-"));
    const stateFile = path.join(dir, "state.json");
    // A process that has exited (`--version` answers before Node starts its JavaScript).
    const dead = spawnSync(process.execPath, ["--version"], { env: cliEnv() }).pid;
    const deadTemp = `.state.json.lock.${dead}.0123456789ab.tmp`;
    // A live process's temp (here: our parent's) is never touched.
    const liveTemp = `.state.json.lock.${process.ppid}.0123456789ab.tmp`;
    await writeFile(path.join(dir, deadTemp), "{");
    await writeFile(path.join(dir, liveTemp), "{");
    const lock = await acquireLock(stateFile, { command: "apply" });
    await lock.release();
    expect((await readdir(dir)).sort()).toEqual([liveTemp]);
  });
});
