/**
 * The recorder and a state file someone else replaces while it records: it never writes
 * over (or backs up over) the other file, keeps every change it was given in a file beside
 * it, and says so. A file merely touched, or copied back unchanged, is still its own.
 * Also: the serial's upper bound, and a backup that is not a regular file.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppliedCampaign, State } from "../../src/core/state.js";
import { StateError } from "../../src/errors.js";
import { backupFileFor, readState, StateRecorder, writeState } from "../../src/io/state/index.js";

const TARGET = "https://acme.thulium.com/api";
const OTHER_LINEAGE = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thulium-replaced-"));
  file = path.join(dir, ".thulium", "state.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const applied = (n: number): AppliedCampaign => ({
  fields: { name: `Campaign ${n}`, order: n },
  source: `campaigns/${n}.yaml`,
});

const otherState = (serial: number): string =>
  `${JSON.stringify({
    version: 1,
    lineage: OTHER_LINEAGE,
    serial,
    target: TARGET,
    campaigns: { "00042": { fields: { name: "Not ours" }, source: "campaigns/other.yaml" } },
  })}\n`;

/** Puts `text` where the state file is, as git or a restore would (a new file, renamed). */
async function replaceWith(text: string): Promise<void> {
  const temp = path.join(path.dirname(file), "incoming");
  await writeFile(temp, text);
  await rename(temp, file);
}

async function unrecordedFiles(): Promise<string[]> {
  const names = await readdir(path.dirname(file));
  return names.filter((name) => name.includes(".unrecorded-")).sort();
}

async function rejection(promise: Promise<unknown>): Promise<StateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StateError);
  return error as StateError;
}

describe("StateRecorder and a state file replaced under it", () => {
  it("leaves the other file and the backup alone and saves every change of this run beside them", async () => {
    const recorder = await StateRecorder.open(file, await readState(file), TARGET);
    await recorder.record("00001", applied(1));
    await recorder.record("00002", applied(2));
    const backupBefore = await readFile(backupFileFor(file), "utf8");
    const other = otherState(9);
    await replaceWith(other);

    const error = await rejection(recorder.record("00003", applied(3)));
    // Thulium accepted a change that was in flight when the replacement was found.
    await expect(recorder.forget("00002")).rejects.toBe(error);
    await expect(recorder.flush()).rejects.toBe(error);

    expect(await readFile(file, "utf8")).toBe(other);
    expect(await readFile(backupFileFor(file), "utf8")).toBe(backupBefore);
    const [saved, ...more] = await unrecordedFiles();
    expect(more).toEqual([]);
    const savedFile = path.join(path.dirname(file), saved ?? "");
    expect(error.message).toContain(
      `State file ${file} was replaced by another program while this apply ran (it now holds lineage ${OTHER_LINEAGE}, serial 9; this apply last wrote lineage `,
    );
    expect(error.message).toContain(
      `The 3 changes this apply made in Thulium are saved in ${savedFile}.`,
    );
    expect(error.message).toContain("run apply again");
    const document = JSON.parse(await readFile(savedFile, "utf8"));
    expect(document.campaigns).toEqual({ "00001": applied(1), "00003": applied(3) });
    expect(document.forgotten).toEqual(["00002"]);
    expect(document.target).toBe(TARGET);
    expect(document.state_file).toBe(file);
    expect(recorder.failure).toBe(error);
  });

  it("notices a state file created by someone else before its first write", async () => {
    const recorder = await StateRecorder.open(file, await readState(file), TARGET);
    await mkdir(path.dirname(file), { recursive: true });
    await replaceWith(otherState(4));
    const error = await rejection(recorder.record("00001", applied(1)));
    await expect(recorder.flush()).rejects.toBe(error); // the saved file is written by now
    expect(error.message).toMatch(
      /this apply started from no state file\), so it was left as it is/,
    );
    expect(await readFile(file, "utf8")).toBe(otherState(4));
    expect(await unrecordedFiles()).toHaveLength(1);
  });

  it("notices a state file removed under it, and does not recreate it", async () => {
    const recorder = await StateRecorder.open(file, await readState(file), TARGET);
    await recorder.record("00001", applied(1));
    await rm(file);
    const error = await rejection(recorder.record("00002", applied(2)));
    await expect(recorder.flush()).rejects.toBe(error);
    expect(error.message).toMatch(/\(it was removed; this apply last wrote lineage/);
    await expect(readFile(file)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("carries on when the file was only touched, or copied back with the same content", async () => {
    const recorder = await StateRecorder.open(file, await readState(file), TARGET);
    await recorder.record("00001", applied(1));
    const later = new Date(Date.now() + 5_000);
    await utimes(file, later, later);
    await recorder.record("00002", applied(2));
    await replaceWith(await readFile(file, "utf8"));
    await recorder.record("00003", applied(3));
    await recorder.flush();
    expect(Object.keys((await readState(file)).campaigns)).toEqual(["00001", "00002", "00003"]);
    expect(await unrecordedFiles()).toEqual([]);
  });
});

describe("StateRecorder refuses before anything is sent", () => {
  it("a state whose serial is already the largest safe integer", async () => {
    const state: State = {
      version: 1,
      lineage: OTHER_LINEAGE,
      serial: Number.MAX_SAFE_INTEGER,
      target: TARGET,
      campaigns: {},
    };
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(state));
    const error = await rejection(StateRecorder.open(file, await readState(file), TARGET));
    expect(error.message).toMatch(
      /has serial 9007199254740991, the largest that can be raised exactly, so nothing was written/,
    );
    await expect(writeState(file, state)).rejects.toThrow(/the largest that can be raised/);
    expect(JSON.parse(await readFile(file, "utf8")).serial).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.runIf(process.platform !== "win32")("a backup path that is a FIFO", async () => {
    await mkdir(path.dirname(file), { recursive: true });
    execFileSync("mkfifo", [backupFileFor(file)]);
    const error = await rejection(StateRecorder.open(file, await readState(file), TARGET));
    expect(error.message).toContain(`${backupFileFor(file)} is a FIFO (named pipe)`);
  });
});
