import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emptyState, type State } from "../../src/core/state.js";
import { StateError, UsageError } from "../../src/errors.js";
import { canonicalJson } from "../../src/io/state/canonical-json.js";
import {
  assertTarget,
  backupFileFor,
  normaliseTarget,
  readState,
  writeState,
} from "../../src/io/state/index.js";
import { cliEnv } from "../helpers/cli.js";
import { type CompiledModules, compileForChild } from "./helpers/compile-for-child.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thulium-state-"));
  file = path.join(dir, ".thulium", "state.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function stateWith(campaigns: State["campaigns"], target: string | null = null): State {
  return { ...emptyState(), target, campaigns };
}

describe("readState / writeState", () => {
  it("reads a missing file as the empty state and creates nothing", async () => {
    expect(await readState(file)).toEqual(emptyState());
    await expect(stat(path.dirname(file))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("round-trips, makes a lineage at the first write and bumps the serial each time", async () => {
    const first = await writeState(
      file,
      stateWith(
        { "00001": { fields: { name: "A", active: true }, source: "c/a.yaml" } },
        "https://x/api",
      ),
    );
    expect(first.serial).toBe(1);
    expect(first.lineage).toMatch(UUID);
    expect(await readState(file)).toEqual(first);

    const second = await writeState(file, {
      ...first,
      campaigns: { ...first.campaigns, "00002": { fields: { order: 5 }, source: "c/b.yaml" } },
    });
    expect(second.serial).toBe(2);
    expect(second.lineage).toBe(first.lineage);
    expect(await readState(file)).toEqual(second);
  });

  it("writes sorted keys at every level, 2-space indent and a trailing newline", async () => {
    // "10000" is an integer-like key, which JavaScript enumerates before "00001" whatever
    // the insertion order: the writer must still sort it after.
    const written = await writeState(file, {
      ...emptyState(),
      lineage: "5b0f6c1e-0000-4000-8000-000000000001",
      target: "https://acme.thulium.com/api",
      campaigns: {
        "10000": {
          source: "b.yaml",
          fields: { parameters: { preview_timeout: 5, caller_id: "1" }, name: "B" },
        },
        "00001": { source: "a.yaml", fields: { name: "A", dialer: "preview", active: false } },
      },
    });
    expect(written.serial).toBe(1);
    expect(await readFile(file, "utf8")).toBe(
      `{
  "campaigns": {
    "00001": {
      "fields": {
        "active": false,
        "dialer": "preview",
        "name": "A"
      },
      "source": "a.yaml"
    },
    "10000": {
      "fields": {
        "name": "B",
        "parameters": {
          "caller_id": "1",
          "preview_timeout": 5
        }
      },
      "source": "b.yaml"
    }
  },
  "lineage": "5b0f6c1e-0000-4000-8000-000000000001",
  "serial": 1,
  "target": "https://acme.thulium.com/api",
  "version": 1
}
`,
    );
  });

  it("keeps the previous version as state.json.backup", async () => {
    const backup = backupFileFor(file);
    expect(backup).toBe(`${file}.backup`);
    const first = await writeState(file, stateWith({}));
    await expect(stat(backup)).rejects.toMatchObject({ code: "ENOENT" });
    const firstText = await readFile(file, "utf8");

    const second = await writeState(file, { ...first, target: "https://x" });
    expect(await readFile(backup, "utf8")).toBe(firstText);
    const secondText = await readFile(file, "utf8");

    await writeState(file, second);
    expect(await readFile(backup, "utf8")).toBe(secondText);
    expect((await readState(backup)).serial).toBe(2);
    // Only the state and its backup: no temp files are left behind.
    expect((await readdir(path.dirname(file))).sort()).toEqual(["state.json", "state.json.backup"]);
  });

  it("refuses to write a state it would itself refuse to read, and writes nothing", async () => {
    const bad = stateWith({ "42": { fields: {}, source: "a.yaml" } });
    await expect(writeState(file, bad)).rejects.toThrow(
      /campaigns\["42"\]: a campaign id must be five digits/,
    );
    await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("accepts a byte-order mark an editor may have added", async () => {
    const written = await writeState(file, stateWith({}));
    await writeFile(file, `\uFEFF${await readFile(file, "utf8")}`);
    expect(await readState(file)).toEqual(written);
  });
});

describe("canonicalJson", () => {
  it("round-trips any JSON value and ignores key order", () => {
    const reversedKeys = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversedKeys);
      if (value === null || typeof value !== "object") return value;
      const entries = Object.entries(value).reverse();
      return Object.fromEntries(entries.map(([k, v]) => [k, reversedKeys(v)]));
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(reversedKeys(value))).toBe(text);
      }),
    );
  });

  it("matches JSON.stringify(value, null, 2) when keys are already sorted", () => {
    const value = { a: [1, { b: null, c: "x" }, []], d: {}, e: { f: true } };
    expect(canonicalJson(value)).toBe(JSON.stringify(value, null, 2));
  });
});

describe("refusing bad state files", () => {
  const valid = {
    version: 1,
    lineage: "5b0f6c1e-0000-4000-8000-000000000001",
    serial: 3,
    target: null,
    campaigns: { "00001": { fields: { name: "A" }, source: "a.yaml" } },
  };
  const withChange = (change: Record<string, unknown>) =>
    JSON.stringify({ ...valid, ...change }, null, 2);
  const validText = JSON.stringify(valid, null, 2);

  const cases: { name: string; text: string; expected: RegExp }[] = [
    {
      name: "broken JSON",
      text: '{\n  "version": 1,\n  oops\n}',
      expected: /is not valid JSON: .* at line 3, column 3/,
    },
    { name: "an empty file", text: "", expected: /is empty/ },
    {
      name: "a truncated file",
      text: validText.slice(0, validText.length / 2),
      expected: /is not valid JSON/,
    },
    {
      name: "a top-level array",
      text: "[]",
      expected: /the top level must be a JSON object, not an array/,
    },
    {
      name: "an unknown version",
      text: withChange({ version: 2 }),
      expected: /"version" is 2, but this thulium-campaigns reads only version 1 .*upgrade/,
    },
    {
      name: "a missing version",
      text: withChange({ version: undefined }),
      expected: /"version" is missing/,
    },
    {
      name: "a string version",
      text: withChange({ version: "1" }),
      expected: /"version" must be the number 1, not "1"/,
    },
    {
      name: "a lineage that is no UUID",
      text: withChange({ lineage: "abc" }),
      expected: /"lineage" must be a UUID string, not "abc"/,
    },
    {
      name: "a null lineage",
      text: withChange({ lineage: null }),
      expected: /"lineage" must be a UUID string, not null/,
    },
    {
      name: "a negative serial",
      text: withChange({ serial: -1 }),
      expected: /"serial" must be a non-negative whole number, not -1/,
    },
    {
      name: "a fractional serial",
      text: withChange({ serial: 1.5 }),
      expected: /"serial" must be a non-negative whole number, not 1.5/,
    },
    {
      name: "a numeric target",
      text: withChange({ target: 42 }),
      expected: /"target" must be a URL string or null, not 42/,
    },
    {
      name: "campaigns as an array",
      text: withChange({ campaigns: [] }),
      expected: /"campaigns" must be an object keyed by campaign id, not an array/,
    },
    {
      name: "a short campaign id",
      text: withChange({ campaigns: { "123": { fields: {}, source: "a" } } }),
      expected: /campaigns\["123"\]: a campaign id must be five digits/,
    },
    {
      name: "an entry without fields",
      text: withChange({ campaigns: { "00001": { source: "a" } } }),
      expected: /campaigns\["00001"\].fields is missing/,
    },
    {
      name: "fields as a string",
      text: withChange({ campaigns: { "00001": { fields: "x", source: "a" } } }),
      expected: /campaigns\["00001"\].fields must be an object of applied fields, not "x"/,
    },
    {
      name: "a numeric source",
      text: withChange({ campaigns: { "00001": { fields: {}, source: 7 } } }),
      expected: /campaigns\["00001"\].source must be the campaign file's path \(a string\), not 7/,
    },
    {
      name: "an entry that is null",
      text: withChange({ campaigns: { "00001": null } }),
      expected: /campaigns\["00001"\] must be an object with "fields" and "source", not null/,
    },
    {
      name: "a misspelt top-level key",
      text: withChange({ campaign: {} }),
      expected: /unexpected key "campaign"/,
    },
    {
      name: "an unknown key in an entry",
      text: withChange({ campaigns: { "00001": { fields: {}, source: "a", feilds: {} } } }),
      expected: /campaigns\["00001"\]: unexpected key "feilds"/,
    },
    {
      name: "many problems at once",
      text: withChange({
        serial: -1,
        campaigns: Object.fromEntries(Array.from({ length: 14 }, (_, i) => [String(i), {}])),
      }),
      expected: /"serial" must be .*; …and \d+ more problems/,
    },
  ];

  for (const { name, text, expected } of cases) {
    it(`refuses ${name} with a clear message and leaves it byte-for-byte untouched`, async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
      const before = await stat(file);

      const error = await readState(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StateError);
      const message = (error as StateError).message;
      expect((error as StateError).file).toBe(file);
      expect(message).toMatch(expected);
      expect(message).toContain(`State file ${file} `);
      expect(message).toContain(`${file}.backup`);
      expect(message).toContain("git");

      expect(await readFile(file, "utf8")).toBe(text);
      expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
      expect(await readdir(path.dirname(file))).toEqual(["state.json"]);
    });
  }

  it("lists every problem of a hand-edited file, not just the first", async () => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      withChange({ serial: "7", target: 1, campaigns: { "1": { fields: {}, source: "a" } } }),
    );
    await expect(readState(file)).rejects.toThrow(/"serial" .*; "target" .*; campaigns\["1"\]/);
  });

  it("reports a file it cannot read, naming it", async () => {
    await mkdir(file, { recursive: true }); // a folder where the file should be
    await expect(readState(file)).rejects.toThrow(
      new RegExp(`Cannot read state file ${file}: .*EISDIR`),
    );
  });
});

describe("crash safety (a child process killed with SIGKILL)", () => {
  let compiled: CompiledModules;
  beforeAll(async () => {
    compiled = await compileForChild(["src/io/state/store.ts"]);
  });
  afterAll(async () => {
    await compiled.cleanup();
  });

  /** Starts a child running `body` (ESM, with writeState imported) and collects its stdout lines. */
  function startChild(body: string) {
    const script = `
      import { createRequire, syncBuiltinESMExports } from "node:module";
      const require = createRequire(import.meta.url);
      globalThis.fsPromises = require("node:fs/promises");
      globalThis.syncBuiltinESMExports = syncBuiltinESMExports;
      ${body}
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: compiled.dir,
      env: cliEnv(),
      // stderr piped, not inherited: a crashing child's stack stays out of the test log.
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const lines: string[] = [];
    const waiters: { test: (line: string) => boolean; resolve: () => void }[] = [];
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        for (const w of waiters.filter((w) => w.test(line))) w.resolve();
      }
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    return {
      lines,
      exited,
      /** What the child printed on stderr, for a failure message. */
      stderr: () => stderr,
      waitFor: (test: (line: string) => boolean) =>
        lines.some(test)
          ? Promise.resolve()
          : new Promise<void>((resolve) => waiters.push({ test, resolve })),
      kill: async () => {
        child.kill("SIGKILL");
        await exited;
      },
    };
  }

  it("a crash after the temp file is written but before the rename leaves the old file intact", async () => {
    const old = await writeState(
      file,
      stateWith({ "00001": { fields: { name: "old" }, source: "a.yaml" } }),
    );
    const oldText = await readFile(file, "utf8");

    // The child's rename() of the new state into place never returns: it reports and
    // hangs there, and is killed at exactly that point, as a crash would stop it.
    const child = startChild(`
      const realRename = fsPromises.rename;
      fsPromises.rename = (from, to) => {
        if (to !== ${JSON.stringify(file)}) return realRename(from, to);
        console.log("before-rename " + from);
        return new Promise(() => {});
      };
      syncBuiltinESMExports();
      const { readState, writeState } = await import(${JSON.stringify(compiled.urlOf("src/io/state/store.ts"))});
      const state = await readState(${JSON.stringify(file)});
      await writeState(${JSON.stringify(file)}, { ...state, campaigns: { "00001": { fields: { name: "new" }, source: "a.yaml" } } });
      console.log("unexpected: rename returned");
    `);
    await child.waitFor((line) => line.startsWith("before-rename "));
    await child.kill();
    const tempFile = child.lines[0]?.slice("before-rename ".length) ?? "";

    // The new version was fully written to its temp file; the state itself is the old one.
    expect(JSON.parse(await readFile(tempFile, "utf8")).campaigns["00001"].fields.name).toBe("new");
    expect(await readFile(file, "utf8")).toBe(oldText);
    expect(await readState(file)).toEqual(old);

    // The next write succeeds, continues the serial, and sweeps the dead writer's temp file.
    const next = await writeState(file, old);
    expect(next.serial).toBe(old.serial + 1);
    await expect(stat(tempFile)).rejects.toMatchObject({ code: "ENOENT" });
    expect((await readdir(path.dirname(file))).sort()).toEqual(["state.json", "state.json.backup"]);
  });

  it("killed at random moments while writing, it always leaves a complete, valid state", async () => {
    // 3,000 campaigns make each write take several milliseconds, so that kills at random
    // moments land inside writes (serialising, writing the temp file, fsync, rename).
    for (let trial = 0; trial < 12; trial++) {
      const child = startChild(`
        const { readState, writeState } = await import(${JSON.stringify(compiled.urlOf("src/io/state/store.ts"))});
        let state = await readState(${JSON.stringify(file)});
        for (let i = state.serial; ; i++) {
          const campaigns = {};
          for (let k = 0; k < 3000; k++) {
            const id = String(k).padStart(5, "0");
            campaigns[id] = { fields: { name: "campaign " + id + " v" + i, order: i % 100 }, source: "c/" + id + ".yaml" };
          }
          state = await writeState(${JSON.stringify(file)}, { ...state, campaigns });
          console.log("wrote " + state.serial);
        }
      `);
      const target = (await readState(file)).serial + 2;
      await child.waitFor((line) => line === `wrote ${target}`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 30));
      await child.kill();

      const state = await readState(file); // throws if the file were torn or corrupt
      expect(state.serial).toBeGreaterThanOrEqual(target);
      const names = new Set(
        Object.values(state.campaigns).map((c) => c.fields.name?.split(" v")[1]),
      );
      expect(names).toEqual(new Set([String(state.serial - 1)])); // one whole version, not a mix
      const backup = await readState(backupFileFor(file));
      expect(backup.serial).toBeGreaterThanOrEqual(state.serial - 1);
      expect(backup.lineage).toBe(state.lineage);
    }
  });
});

describe("normaliseTarget", () => {
  it.each([
    ["HTTPS://Acme.Thulium.COM:443/api/", "https://acme.thulium.com/api"],
    ["http://LOCALHOST:80/api//", "http://localhost/api"],
    ["http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api"],
    ["https://acme.thulium.com", "https://acme.thulium.com"],
    ["https://acme.thulium.com/", "https://acme.thulium.com"],
    ["https://acme.thulium.com/Custom/API", "https://acme.thulium.com/Custom/API"],
    ["  https://acme.thulium.com/api\n", "https://acme.thulium.com/api"],
  ])("normalises %j to %s", (input, expected) => {
    expect(normaliseTarget(input)).toBe(expected);
  });

  it.each([
    ["sales.example.com/api", /THULIUM_URL is not a valid absolute URL.*https:\/\//],
    ["ftp://sales.example.com/api", /THULIUM_URL must be an http:\/\/ or https:\/\/ URL/],
    [
      "https://api_user:s3cr3t-pass@sales.example.com/api",
      /THULIUM_URL contains a user name or password.*THULIUM_USER and THULIUM_PASSWORD/,
    ],
    ["https://:s3cr3t-pass@sales.example.com/api", /THULIUM_URL contains a user name or password/],
    [
      "https://sales.example.com/api?token=s3cr3t-pass",
      /THULIUM_URL must not contain a query string/,
    ],
    ["https://s3cr3t pass@sales.example.com", /THULIUM_URL contains a user name or password/],
    ["https://s3cr3t.example.com:99999/api", /THULIUM_URL is not a valid absolute URL/],
    ["", /THULIUM_URL is not a valid absolute URL/],
  ])("refuses %j without echoing it", (input, expected) => {
    let error: unknown;
    try {
      normaliseTarget(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as UsageError).message;
    expect(message).toMatch(expected);
    expect(message).not.toContain("s3cr3t");
    if (input.trim() !== "") expect(message).not.toContain(input.trim());
  });
});

describe("assertTarget", () => {
  it("accepts a state for the same target, or one never applied", () => {
    expect(() => assertTarget(stateWith({}, "https://a/api"), "https://a/api", file)).not.toThrow();
    expect(() => assertTarget(stateWith({}, null), "https://a/api", file)).not.toThrow();
  });

  it("refuses a state recorded for another Thulium system", () => {
    expect(() =>
      assertTarget(stateWith({}, "https://a.thulium.com/api"), "https://b.thulium.com/api", file),
    ).toThrow(
      new StateError(
        file,
        `State file ${file} was applied to https://a.thulium.com/api, not https://b.thulium.com/api; use another --state file for each Thulium system.`,
      ),
    );
  });
});
