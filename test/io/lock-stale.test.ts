/**
 * Locks that would never end: a lock naming this very process's pid (left by an earlier
 * process that had the same pid, as every run in a container may), a lock whose pid now
 * names an unrelated process started after the lock was taken, and things at the lock's
 * path that are not lock files at all. Each is judged at once; nothing is waited on.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LockHeldError, StateError } from "../../src/errors.js";
import { acquireLock, lockFileFor } from "../../src/io/state/index.js";
import { processStartMs } from "../../src/io/state/process-start.js";
import { cliEnv } from "../helpers/cli.js";

let dir: string;
let stateFile: string;
let lockFile: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thulium-lock-stale-"));
  stateFile = path.join(dir, ".thulium", "state.json");
  lockFile = lockFileFor(stateFile);
  await mkdir(path.dirname(lockFile), { recursive: true });
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

function lockRecord(pid: number, since: Date, token = "left-behind"): string {
  return JSON.stringify({
    host: os.hostname(),
    pid,
    since: since.toISOString(),
    command: "apply",
    token,
  });
}

/** A live process that started just now (it sleeps until the test ends). */
async function freshProcess(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], {
    env: cliEnv(),
    stdio: "ignore",
  });
  children.push(child);
  await new Promise((resolve) => child.once("spawn", resolve));
  if (child.pid === undefined) throw new Error("could not start a child process");
  return child.pid;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

const linux = process.platform === "linux";

describe("lock staleness", () => {
  it("takes over a lock naming this process's own pid that this process does not hold", async () => {
    await writeFile(lockFile, lockRecord(process.pid, new Date(Date.now() - 60_000)));
    const lock = await acquireLock(stateFile, { command: "apply" });
    expect(JSON.parse(await readFile(lockFile, "utf8")).token).not.toBe("left-behind");
    await lock.release();
  });

  it("still refuses a second lock for the same file in the same process", async () => {
    const first = await acquireLock(stateFile, { command: "apply" });
    await expect(acquireLock(stateFile, { command: "apply" })).rejects.toBeInstanceOf(
      LockHeldError,
    );
    await first.release();
  });

  it.runIf(linux)("reads a process's start time from /proc", () => {
    const started = processStartMs(process.pid);
    expect(started).toBeDefined();
    // This process started before the test ran, and not long before it was loaded.
    expect(started).toBeLessThanOrEqual(Date.now());
    expect(Math.abs((started ?? 0) - performance.timeOrigin)).toBeLessThan(5_000);
  });

  it.runIf(linux)(
    "takes over a lock whose pid now names a process started after the lock was taken",
    async () => {
      const pid = await freshProcess();
      await writeFile(lockFile, lockRecord(pid, new Date(Date.now() - 10 * 60_000)));
      const lock = await acquireLock(stateFile, { command: "apply" });
      expect(lock.info.pid).toBe(process.pid);
      await lock.release();
    },
  );

  it("respects a lock held by a live process that started before it", async () => {
    const pid = await freshProcess();
    await new Promise((resolve) => setTimeout(resolve, 700)); // the lock comes after the start
    await writeFile(lockFile, lockRecord(pid, new Date()));
    const error = await failure(acquireLock(stateFile, { command: "apply" }));
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error.message).toContain(`pid ${pid} on host`);
  });
});

describe("things at the lock's path that are not a lock file", () => {
  const refusals: [string, () => Promise<void>, RegExp][] = [
    [
      "a dangling symbolic link",
      () => symlink("no-such-holder", lockFile),
      /is a symbolic link, not a lock file/,
    ],
    [
      "a symbolic link to itself",
      () => symlink(path.basename(lockFile), lockFile),
      /is a symbolic link, not a lock file/,
    ],
    ["a folder", () => mkdir(lockFile), /is a folder, not a lock file.*rm -r/],
    [
      "a FIFO",
      async () => {
        execFileSync("mkfifo", [lockFile]);
      },
      /is a FIFO \(named pipe\), not a lock file/,
    ],
  ];
  it.runIf(process.platform !== "win32").each(refusals)(
    "%s is refused at once, even with a long timeout",
    async (_name, make, expected) => {
      await make();
      const started = Date.now();
      const error = await failure(acquireLock(stateFile, { command: "apply", timeoutMs: 600_000 }));
      expect(error).toBeInstanceOf(StateError);
      expect(error.message).toMatch(expected);
      expect(error.message).toContain(lockFile);
      expect(Date.now() - started).toBeLessThan(5_000);
    },
  );
});
