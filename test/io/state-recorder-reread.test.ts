/**
 * StateRecorder.open checks the state file apply read is still the one it planned from.
 * For a state read with readStateToRecord (what apply reads), an unchanged file is not
 * parsed again (issue 15: that parse sat in front of the first request); these cases pin
 * that everything the check decides stays as it was: a changed serial or lineage is refused,
 * a damaged file is refused with its own message, identical bytes in a new file are the
 * file now there (the next write replaces it, not the old one), and a state read without
 * readStateToRecord is checked as before.
 */
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { State } from "../../src/core/state.js";
import { StateError } from "../../src/errors.js";
import {
  readState,
  readStateToRecord,
  StateRecorder,
  writeState,
} from "../../src/io/state/index.js";

const TARGET = "https://acme.thulium.com/api";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thulium-reread-"));
  file = path.join(dir, "state.json");
  const state: State = {
    version: 1,
    lineage: null,
    serial: 0,
    target: TARGET,
    campaigns: { "00001": { fields: { name: "A" }, source: "a.yaml" } },
  };
  await writeState(file, state);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Puts `text` where the state file is as a new file (as git or a restore would). */
async function replaceWith(text: string): Promise<void> {
  await writeFile(`${file}.incoming`, text);
  await rename(`${file}.incoming`, file);
}

const open = (state: State) => StateRecorder.open(file, state, TARGET);

it("opens on an unchanged file, and records on it", async () => {
  const state = await readStateToRecord(file);
  const recorder = await open(state);
  await recorder.record("00002", { fields: { name: "B" }, source: "b.yaml" });
  await recorder.flush();
  const written = await readState(file);
  expect(Object.keys(written.campaigns)).toEqual(["00001", "00002"]);
  expect(written.serial).toBe(state.serial + 1);
});

it("refuses a file whose serial changed since it was read", async () => {
  const state = await readStateToRecord(file);
  const text = await readFile(file, "utf8");
  await replaceWith(text.replace(`"serial": ${state.serial}`, `"serial": ${state.serial + 1}`));
  await expect(open(state)).rejects.toThrow(/changed since it was read/);
});

it("refuses a file damaged since it was read, with the reader's own message", async () => {
  const state = await readStateToRecord(file);
  await replaceWith("{ not json");
  const error = await open(state).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StateError);
  expect((error as Error).message).toMatch(/is not valid JSON/);
});

it("takes identical bytes in a new file as the file there now: the next write replaces it", async () => {
  const state = await readStateToRecord(file);
  await replaceWith(await readFile(file, "utf8"));
  const recorder = await open(state);
  await recorder.record("00002", { fields: { name: "B" }, source: "b.yaml" });
  await recorder.flush();
  expect(Object.keys((await readState(file)).campaigns)).toEqual(["00001", "00002"]);
});

it("checks a state read by readState the same way (parsed again)", async () => {
  const state = await readState(file);
  await expect(open(state).then((recorder) => recorder.flush())).resolves.toBeUndefined();
  const text = await readFile(file, "utf8");
  await replaceWith(text.replace(`"serial": ${state.serial}`, `"serial": ${state.serial + 1}`));
  await expect(open(state)).rejects.toThrow(/changed since it was read/);
});
