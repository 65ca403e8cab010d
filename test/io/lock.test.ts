import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LockHeldError } from "../../src/errors.js";
import { acquireLock, lockFileFor, withLock } from "../../src/io/state/index.js";
import { cliEnv } from "../helpers/cli.js";
import { type CompiledModules, compileForChild } from "./helpers/compile-for-child.js";

let dir: string;
let stateFile: string;
let lockFile: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thulium-lock-"));
  stateFile = path.join(dir, ".thulium", "state.json");
  lockFile = lockFileFor(stateFile);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * The pid of a process that has certainly exited. `node --version` answers before Node
 * starts its JavaScript: a process for a few milliseconds of CPU, not `-e 0`'s tenth of a second.
 */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["--version"], { env: cliEnv(), stdio: "ignore" });
  await new Promise((resolve) => child.on("exit", resolve));
  if (child.pid === undefined) throw new Error("could not start node --version");
  return child.pid;
}

function lockRecord(fields: { host?: string; pid: number; token?: string }): string {
  return JSON.stringify({
    host: fields.host ?? os.hostname(),
    pid: fields.pid,
    since: "2024-05-01T10:00:00.000Z",
    command: "apply",
    token: fields.token ?? "someone-else",
  });
}

async function heldError(promise: Promise<unknown>): Promise<LockHeldError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LockHeldError);
  return error as LockHeldError;
}

describe("acquireLock", () => {
  it("creates <state>.lock holding host, pid, since and command, and release() removes it", async () => {
    const lock = await acquireLock(stateFile, { command: "apply" });
    expect(lock.file).toBe(`${stateFile}.lock`);
    expect(lock.info).toMatchObject({ host: os.hostname(), pid: process.pid, command: "apply" });
    expect(new Date(lock.info.since).toISOString()).toBe(lock.info.since);
    expect(JSON.parse(await readFile(lockFile, "utf8"))).toMatchObject(lock.info);

    await lock.release();
    await expect(stat(lockFile)).rejects.toMatchObject({ code: "ENOENT" });
    await lock.release(); // twice is harmless
  });

  it("a second acquire fails at once, naming the holder and how to remove a stale lock", async () => {
    const first = await acquireLock(stateFile, { command: "apply" });
    const error = await heldError(acquireLock(stateFile, { command: "apply" }));
    expect(error.message).toContain(`pid ${process.pid} on host ${os.hostname()}`);
    expect(error.message).toContain(`since ${first.info.since}`);
    expect(error.message).toContain(stateFile);
    expect(error.message).toContain(`rm "${lockFile}"`);
    expect(error.message).toContain("--lock-timeout");
    expect(error.message).not.toContain("waited");
    // The holder's lock is untouched.
    expect(JSON.parse(await readFile(lockFile, "utf8"))).toMatchObject(first.info);
    await first.release();
    await (await acquireLock(stateFile, { command: "apply" })).release();
  });

  it("release() leaves a lock that is no longer ours", async () => {
    const lock = await acquireLock(stateFile, { command: "apply" });
    const foreign = lockRecord({ pid: process.pid, token: "not-ours" });
    await writeFile(lockFile, foreign);
    await lock.release();
    expect(await readFile(lockFile, "utf8")).toBe(foreign);
  });

  it("takes over a lock left by a dead process on this host", async () => {
    await acquireLock(stateFile, { command: "apply" }); // make the folder
    await writeFile(lockFile, lockRecord({ pid: await deadPid() }));
    const lock = await acquireLock(stateFile, { command: "apply" });
    expect(lock.info.pid).toBe(process.pid);
    expect(JSON.parse(await readFile(lockFile, "utf8"))).toMatchObject(lock.info);
    await lock.release();
  });

  it("respects a lock from another host, whose process it cannot check", async () => {
    const first = await acquireLock(stateFile, { command: "apply" });
    await first.release();
    await writeFile(lockFile, lockRecord({ host: "ci-runner-elsewhere", pid: await deadPid() }));
    const error = await heldError(acquireLock(stateFile, { command: "apply" }));
    expect(error.message).toMatch(/on host ci-runner-elsewhere.*another host/);
  });

  it("treats an unreadable lock file as held while fresh, and as stale once old", async () => {
    const first = await acquireLock(stateFile, { command: "apply" });
    await first.release();
    await writeFile(lockFile, ""); // as if its creator had not written yet, or crashed

    const error = await heldError(acquireLock(stateFile, { command: "apply" }));
    expect(error.message).toContain("still being written");
    expect(error.message).toContain(`rm "${lockFile}"`);

    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockFile, aMinuteAgo, aMinuteAgo);
    const lock = await acquireLock(stateFile, { command: "apply" });
    expect(lock.info.pid).toBe(process.pid);
    await lock.release();
  });

  it("clears a takeover mutex abandoned by a crashed contender", async () => {
    const first = await acquireLock(stateFile, { command: "apply" });
    await first.release();
    await writeFile(lockFile, lockRecord({ pid: await deadPid() }));
    await writeFile(`${lockFile}.takeover`, "");
    const old = new Date(Date.now() - 60_000);
    await utimes(`${lockFile}.takeover`, old, old);
    const lock = await acquireLock(stateFile, { command: "apply" });
    expect(lock.info.pid).toBe(process.pid);
    await lock.release();
  });

  it("with a timeout, waits for the holder to release and then takes the lock", async () => {
    const first = await acquireLock(stateFile, { command: "apply" });
    let settled = false;
    const second = acquireLock(stateFile, { command: "plan", timeoutMs: 20_000 }).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false); // still waiting while the lock is held
    await first.release();
    const lock = await second;
    expect(JSON.parse(await readFile(lockFile, "utf8"))).toMatchObject({ command: "plan" });
    await lock.release();
  });

  it("with a timeout that runs out, fails with the holder named", async () => {
    const first = await acquireLock(stateFile, { command: "apply" });
    const error = await heldError(acquireLock(stateFile, { command: "apply", timeoutMs: 250 }));
    expect(error.message).toMatch(/is locked \(waited \d+ ms\) by apply/);
    await first.release();
  });

  it("stops waiting when its signal aborts (Ctrl-C), long before the timeout", async () => {
    const first = await acquireLock(stateFile, { command: "apply" });
    const controller = new AbortController();
    const waiting = heldError(
      acquireLock(stateFile, { command: "apply", timeoutMs: 600_000, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 100);
    const error = await waiting; // a ten-minute timeout would time the test out if ignored
    expect(error.message).toMatch(/by apply/);
    await first.release();
  });

  it("withLock releases the lock however the work ends", async () => {
    expect(await withLock(stateFile, { command: "apply" }, async (lock) => lock.info.command)).toBe(
      "apply",
    );
    await expect(stat(lockFile)).rejects.toMatchObject({ code: "ENOENT" });
    await expect(
      withLock(stateFile, { command: "apply" }, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(stat(lockFile)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("five processes contending for one lock", () => {
  let compiled: CompiledModules;
  beforeAll(async () => {
    compiled = await compileForChild(["src/io/state/lock.ts"]);
  });
  afterAll(async () => {
    await compiled.cleanup();
  });

  /** A child that acquires ("acquire") and releases ("release") on command, answering one line each. */
  function contender(file: string) {
    const script = `
      import readline from "node:readline";
      const { acquireLock } = await import(${JSON.stringify(compiled.urlOf("src/io/state/lock.ts"))});
      let lock;
      for await (const line of readline.createInterface({ input: process.stdin })) {
        if (line === "acquire") {
          try {
            lock = await acquireLock(${JSON.stringify(file)}, { command: "apply" });
            console.log("won");
          } catch (error) {
            console.log(error.name === "LockHeldError" ? "held " + JSON.stringify(error.message) : "error " + error.message);
          }
        } else if (line === "release") {
          await lock.release();
          console.log("released");
        }
      }
    `;
    const child: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      ["--input-type=module", "-e", script],
      {
        cwd: compiled.dir,
        env: cliEnv(),
      },
    );
    const replies: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const waiter = waiting.shift();
        if (waiter) waiter(line);
        else replies.push(line);
      }
    });
    const next = () =>
      replies.length > 0
        ? Promise.resolve(replies.shift() as string)
        : new Promise<string>((resolve) => waiting.push(resolve));
    return {
      pid: child.pid,
      ask: (command: string) => {
        child.stdin.write(`${command}\n`);
        return next();
      },
      stop: () =>
        new Promise<void>((resolve) => {
          child.on("exit", () => resolve());
          child.stdin.end();
        }),
    };
  }

  it("exactly one wins each round, with or without a stale lock to take over", async () => {
    const children = Array.from({ length: 5 }, () => contender(stateFile));
    try {
      for (let round = 0; round < 8; round++) {
        const stale = round % 2 === 1;
        if (stale) await writeFile(lockFile, lockRecord({ pid: await deadPid() }));

        // All five are told at once; their acquires race in five processes.
        const answers = await Promise.all(children.map((child) => child.ask("acquire")));
        const winners = answers.flatMap((answer, index) => (answer === "won" ? [index] : []));
        expect(winners, `round ${round}: ${answers.join(" | ")}`).toHaveLength(1);
        const winner = children[winners[0] as number];
        for (const answer of answers.filter((a) => a !== "won")) {
          expect(answer).toMatch(/^held /);
          // Those that lost name the winner, or saw its lock file still being written.
          expect(answer).toMatch(new RegExp(`pid ${winner?.pid} on host|still being written`));
        }
        expect(JSON.parse(await readFile(lockFile, "utf8")).pid).toBe(winner?.pid);
        expect(await winner?.ask("release")).toBe("released");
        await expect(stat(lockFile)).rejects.toMatchObject({ code: "ENOENT" });
      }
    } finally {
      await Promise.all(children.map((child) => child.stop()));
    }
  });
});
