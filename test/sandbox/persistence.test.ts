import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { call } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sandbox-data-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("sandbox persistence", () => {
  it("keeps campaigns across a restart", async () => {
    const dataFile = path.join(dir, "nested", "data.json");
    const first = await startSandbox({ dataFile });
    await call(first, "POST", "/outbounds", { json: { name: "Kampania sprzedażowa 2015" } });
    await call(first, "PUT", "/outbounds/00001", {
      json: { order: 7, parameters: { caller_id: "1" } },
    });
    await first.close();

    const second = await startSandbox({ dataFile });
    try {
      expect(second.store.get("00001")).toMatchObject({
        name: "Kampania sprzedażowa 2015",
        order: 7,
        parameters: { caller_id: "1" },
      });
      // Ids keep counting from the stored ones.
      expect((await call(second, "POST", "/outbounds", { json: {} })).body).toEqual({
        id: "00002",
      });
    } finally {
      await second.close();
    }
  });

  it("writes a burst of changes as a readable file and leaves no temporary files", async () => {
    const dataFile = path.join(dir, "data.json");
    const sandbox = await startSandbox({ dataFile });
    for (let i = 1; i <= 50; i++)
      sandbox.store.create({ name: `c${i}` }, String(i).padStart(5, "0"));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(sandbox, "PUT", `/outbounds/${String(i + 1).padStart(5, "0")}`, {
          json: { order: i + 1 },
        }),
      ),
    );
    await sandbox.close();
    const data = JSON.parse(await readFile(dataFile, "utf8")) as {
      version: number;
      campaigns: { order: number }[];
    };
    expect(data.version).toBe(1);
    expect(data.campaigns.map((c) => c.order)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await readdir(dir)).toEqual(["data.json"]);
  });

  it("writes the file soon after a change, without waiting for close", async () => {
    const dataFile = path.join(dir, "data.json");
    const sandbox = await startSandbox({ dataFile });
    try {
      await call(sandbox, "POST", "/outbounds", { json: { name: "soon" } });
      await expect
        .poll(async () => (await readFile(dataFile, "utf8").catch(() => "")).includes('"soon"'))
        .toBe(true);
    } finally {
      await sandbox.close();
    }
  });

  it("refuses a corrupt data file with a message naming it, and leaves it untouched", async () => {
    const dataFile = path.join(dir, "data.json");
    await writeFile(dataFile, '{"version":1,"campaigns":[');
    const error = await startSandbox({ dataFile }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(dataFile);
    expect(await readFile(dataFile, "utf8")).toBe('{"version":1,"campaigns":[');
  });

  it("refuses a JSON file that is not sandbox data", async () => {
    const dataFile = path.join(dir, "data.json");
    await writeFile(dataFile, '{"campaigns":{}}');
    await expect(startSandbox({ dataFile })).rejects.toThrow(/not a sandbox data file/);
  });

  it("keeps data in memory only when no file is given", async () => {
    const sandbox = await startSandbox();
    await call(sandbox, "POST", "/outbounds", { json: {} });
    await sandbox.close();
    const again = await startSandbox();
    expect(again.store.size).toBe(0);
    await again.close();
  });
});
