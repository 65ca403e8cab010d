/**
 * StateRecorder with a lag (as apply opens it): record() may resolve before its entry is
 * durable, within a bound, but the file is still never ahead of what was recorded, flush()
 * makes everything durable, and a failed write still stops every later call.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppliedCampaign } from "../../src/core/state.js";
import { StateError } from "../../src/errors.js";
import { readState, StateRecorder } from "../../src/io/state/index.js";

const TARGET = "https://acme.thulium.com/api";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thulium-recorder-lag-"));
  file = path.join(dir, ".thulium", "state.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const idOf = (n: number) => String(n).padStart(5, "0");
const applied = (n: number): AppliedCampaign => ({
  fields: { name: `Campaign ${n}`, order: (n % 100) + 1 },
  source: `campaigns/${idOf(n)}.yaml`,
});

async function openWithLag(entries: number, ms = 60_000): Promise<StateRecorder> {
  return StateRecorder.open(file, await readState(file), TARGET, { lag: { entries, ms } });
}

describe("StateRecorder with a lag", () => {
  it("acknowledges records within the bound before writing them; flush() writes them all", async () => {
    // A long nap: nothing is written until the bound is passed or someone flushes.
    const recorder = await openWithLag(100);
    for (let n = 0; n < 50; n++) await recorder.record(idOf(n), applied(n));
    await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
    await recorder.flush();
    const onDisk = await readState(file);
    expect(Object.keys(onDisk.campaigns)).toHaveLength(50);
    expect(onDisk.serial).toBe(1); // one write for all fifty
    expect(recorder.current).toEqual(onDisk);
  });

  it("past the bound, record() waits for the write that contains it", async () => {
    const recorder = await openWithLag(10);
    const acknowledged: string[] = [];
    for (let n = 0; n < 11; n++) {
      await recorder.record(idOf(n), applied(n));
      acknowledged.push(idOf(n));
    }
    // The eleventh record was over the bound: it resolved only once durable, with the ten.
    const onDisk = await readState(file);
    expect(Object.keys(onDisk.campaigns)).toEqual(acknowledged);
  });

  it("writes on its own after `ms`, and the file only ever holds recorded entries", async () => {
    const recorder = await openWithLag(1000, 5);
    const recorded = new Set<string>();
    for (let n = 0; n < 200; n++) {
      recorded.add(idOf(n));
      await recorder.record(idOf(n), applied(n));
      if (n % 20 === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        const onDisk = await readState(file).catch(() => undefined);
        for (const id of Object.keys(onDisk?.campaigns ?? {})) expect(recorded.has(id)).toBe(true);
      }
    }
    await recorder.flush();
    expect(Object.keys((await readState(file)).campaigns)).toHaveLength(200);
  });

  it("a failed write is reported by every later call and by flush()", async () => {
    const recorder = await openWithLag(100);
    await recorder.record("00001", applied(1));
    await recorder.flush();
    await rm(path.dirname(file), { recursive: true });
    await writeFile(path.dirname(file), "not a folder");

    await recorder.record("00002", applied(2)); // acknowledged within the bound
    await expect(recorder.flush()).rejects.toThrow(StateError);
    await expect(recorder.record("00003", applied(3))).rejects.toThrow(/Could not write state/);
    await expect(recorder.flush()).rejects.toThrow(/It still holds serial 1/);

    await rm(path.dirname(file));
    await mkdir(path.dirname(file));
    await expect(recorder.record("00004", applied(4))).rejects.toThrow(/Could not write/);
    await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
