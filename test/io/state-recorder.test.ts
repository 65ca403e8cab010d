import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppliedCampaign } from "../../src/core/state.js";
import { StateError } from "../../src/errors.js";
import { backupFileFor, readState, StateRecorder, writeState } from "../../src/io/state/index.js";

const TARGET = "https://acme.thulium.com/api";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thulium-recorder-"));
  file = path.join(dir, ".thulium", "state.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const idOf = (n: number) => String(n).padStart(5, "0");
const applied = (n: number, version = 1): AppliedCampaign => ({
  fields: {
    name: `Campaign ${n} v${version}`,
    order: n % 100,
    parameters: { caller_id: String(n) },
  },
  source: `campaigns/${idOf(n)}.yaml`,
});

async function openFresh(): Promise<StateRecorder> {
  return StateRecorder.open(file, await readState(file), TARGET);
}

describe("StateRecorder", () => {
  it("writes nothing when nothing is recorded", async () => {
    const recorder = await openFresh();
    await recorder.flush();
    await recorder.forget("00001"); // not in the state: nothing to write, not even the target
    await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
    expect(recorder.current.serial).toBe(0);
  });

  it("after record() resolves, the file durably contains exactly that entry, with the target", async () => {
    const recorder = await openFresh();
    await recorder.record("00001", applied(1));
    const onDisk = await readState(file);
    expect(onDisk.campaigns).toEqual({ "00001": applied(1) });
    expect(onDisk.target).toBe(TARGET);
    expect(onDisk.serial).toBe(1);
    expect(onDisk.lineage).toMatch(/^[0-9a-f-]{36}$/);
    expect(recorder.current).toEqual(onDisk);

    await recorder.record("00002", applied(2));
    const next = await readState(file);
    expect(next.campaigns).toEqual({ "00001": applied(1), "00002": applied(2) });
    expect(next.serial).toBe(2);
    expect(next.lineage).toBe(onDisk.lineage);
    // The previous version is kept as the backup, as with writeState.
    expect(await readState(backupFileFor(file))).toEqual(onDisk);
  });

  it("1,000 records arriving together are written in far fewer writes", async () => {
    const recorder = await openFresh();
    await Promise.all(Array.from({ length: 1000 }, (_, n) => recorder.record(idOf(n), applied(n))));
    const onDisk = await readState(file);
    expect(Object.keys(onDisk.campaigns)).toHaveLength(1000);
    // serial counts whole-file writes: one per batch, not one per campaign.
    expect(onDisk.serial).toBeLessThanOrEqual(2);
  });

  it("under apply-like load (32 workers, each waiting for its record) it batches, and is never ahead", async () => {
    const recorder = await openFresh();
    const passed = new Map<string, AppliedCampaign>();
    // Each value's JSON, made once when it is passed: the reader compares every entry it
    // sees, hundreds of times over.
    const passedJson = new Map<string, string>();
    const total = 1000;
    let next = 0;
    let finished = false;
    const violations: string[] = [];

    // A reader polling the file the whole time: every entry it ever sees must be one
    // already passed to record(), with the value passed. A poll that finds the very bytes
    // it checked last time has nothing new to check (the same text parses to the same
    // state): it goes round again without parsing. It still checks every version the
    // recorder writes (all 63 of 63 in runs here, as before), but parses ~70 times
    // instead of ~1,000: re-checking unchanged versions was most of this test's CPU.
    const watcher = (async () => {
      let reads = 0;
      let checked: string | undefined;
      while (!finished || reads === 0) {
        const text = await readFile(file, "utf8").catch(() => undefined);
        if (text !== undefined && text === checked) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        checked = text;
        const seen = await readState(file);
        reads++;
        for (const [id, entry] of Object.entries(seen.campaigns)) {
          const expected = passedJson.get(id);
          if (expected === undefined) violations.push(`${id} on disk before record()`);
          else if (JSON.stringify(entry) !== expected) violations.push(`${id} differs`);
        }
      }
      return reads;
    })();

    const worker = async () => {
      for (let n = next++; n < total; n = next++) {
        await new Promise((resolve) => setImmediate(resolve)); // "the PUT"
        const entry = applied(n);
        passed.set(idOf(n), entry);
        passedJson.set(idOf(n), JSON.stringify(entry));
        await recorder.record(idOf(n), entry);
        // Durable once resolved: the file already holds it.
        if (n % 97 === 0) {
          const now = await readState(file);
          if (now.campaigns[idOf(n)] === undefined)
            violations.push(`${idOf(n)} missing after record()`);
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    finished = true;
    expect(await watcher).toBeGreaterThan(0);

    expect(violations).toEqual([]);
    const onDisk = await readState(file);
    expect(onDisk.campaigns).toEqual(Object.fromEntries(passed));
    expect(onDisk.serial).toBeGreaterThan(1);
    // Typically 30-70 writes here (the polling reader slows some workers); unbatched: 1,000.
    expect(onDisk.serial).toBeLessThanOrEqual(200);
  });

  it("writes byte-for-byte what writeState writes for the same state", async () => {
    const recorder = await openFresh();
    await Promise.all([30, 10000, 2, 500].map((n) => recorder.record(idOf(n), applied(n))));
    await recorder.forget(idOf(2));
    await recorder.record(idOf(7), applied(7, 2));
    const recorded = await readFile(file, "utf8");

    const other = path.join(dir, "other.json");
    const current = recorder.current;
    await writeState(other, { ...current, serial: current.serial - 1 });
    expect(await readFile(other, "utf8")).toBe(recorded);
  });

  it("forget() drops a campaign; forgetting one not in the state writes nothing", async () => {
    const recorder = await openFresh();
    await Promise.all([recorder.record("00001", applied(1)), recorder.record("00002", applied(2))]);
    await recorder.forget("00001");
    let onDisk = await readState(file);
    expect(Object.keys(onDisk.campaigns)).toEqual(["00002"]);
    const serial = onDisk.serial;

    await recorder.forget("00099");
    await recorder.record("00002", applied(2)); // the same value again: nothing new to say
    onDisk = await readState(file);
    expect(onDisk.serial).toBe(serial);
  });

  it("the last change to a campaign within one batch wins", async () => {
    const recorder = await openFresh();
    const writes = [
      recorder.record("00001", applied(1, 1)),
      recorder.record("00001", applied(1, 2)),
      recorder.record("00002", applied(2)),
      recorder.forget("00002"),
    ];
    await Promise.all(writes);
    expect((await readState(file)).campaigns).toEqual({ "00001": applied(1, 2) });
  });

  it("flush() resolves once everything recorded before it is written", async () => {
    const recorder = await openFresh();
    const pending = Array.from({ length: 50 }, (_, n) => recorder.record(idOf(n), applied(n)));
    await recorder.flush();
    expect(Object.keys((await readState(file)).campaigns)).toHaveLength(50);
    await Promise.all(pending);
  });

  it("copies what it records: later changes by the caller do not leak into current", async () => {
    const recorder = await openFresh();
    const entry = applied(1);
    await recorder.record("00001", entry);
    entry.fields.name = "changed afterwards";
    expect(recorder.current.campaigns["00001"]).toEqual(applied(1));
    expect((await readState(file)).campaigns["00001"]).toEqual(applied(1));
  });

  it("continues an existing state: keeps its lineage and entries, sets the target", async () => {
    const first = await writeState(file, {
      version: 1,
      lineage: null,
      serial: 0,
      target: null,
      campaigns: { "00005": applied(5) },
    });
    const recorder = await StateRecorder.open(file, first, TARGET);
    await recorder.record("00006", applied(6));
    const onDisk = await readState(file);
    expect(onDisk).toEqual({
      version: 1,
      lineage: first.lineage,
      serial: 2,
      target: TARGET,
      campaigns: { "00005": applied(5), "00006": applied(6) },
    });
  });

  it("refuses to open a state recorded for another target", async () => {
    const state = await writeState(file, {
      version: 1,
      lineage: null,
      serial: 0,
      target: "https://other/api",
      campaigns: {},
    });
    await expect(StateRecorder.open(file, state, TARGET)).rejects.toThrow(
      /was applied to https:\/\/other\/api, not https:\/\/acme\.thulium\.com\/api/,
    );
  });

  it("refuses to open when the file changed since it was read", async () => {
    const read = await readState(file);
    await writeState(file, read); // someone else writes meanwhile
    await expect(StateRecorder.open(file, read, TARGET)).rejects.toThrow(StateError);
    await expect(StateRecorder.open(file, read, TARGET)).rejects.toThrow(
      /changed since it was read/,
    );
  });

  it("rejects a malformed record without writing anything", async () => {
    const recorder = await openFresh();
    await expect(recorder.record("42", applied(42))).rejects.toThrow(/five digits/);
    await recorder.flush();
    await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("a failed write fails that record and every later call, naming the file", async () => {
    const recorder = await openFresh();
    await recorder.record("00001", applied(1));
    // Replace the state's folder by a plain file: every later write must fail.
    await rm(path.dirname(file), { recursive: true });
    await writeFile(path.dirname(file), "not a folder");

    const first = recorder.record("00002", applied(2));
    await expect(first).rejects.toThrow(StateError);
    await expect(first).rejects.toThrow(/Could not write state file .*It still holds serial 1/);
    await expect(recorder.record("00003", applied(3))).rejects.toThrow(
      /Could not write state file/,
    );
    await expect(recorder.forget("00001")).rejects.toThrow(/Could not write state file/);
    await expect(recorder.flush()).rejects.toThrow(/Could not write state file/);
    expect(recorder.current.serial).toBe(1);
    expect(Object.keys(recorder.current.campaigns)).toEqual(["00001"]);

    // Nothing it failed to write appears later either.
    await rm(path.dirname(file));
    await mkdir(path.dirname(file));
    await expect(recorder.record("00004", applied(4))).rejects.toThrow(/Could not write/);
    await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
