/**
 * The bundle's code cache (src/bin/chunk-loader.ts): made at build time, it fits the
 * package wherever it is installed, and is left aside where it does not fit (a chunk edited
 * after its cache was written, a cache V8 refuses), the chunk then compiling from source.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "./built-cli.js";
import { moduleLog } from "./module-log.js";

const BUNDLE_DIR = path.join(REPO, "dist", "bundle");
const log = moduleLog();
const scratch = mkdtempSync(path.join(tmpdir(), "thulium-code-cache-"));
afterAll(() => {
  log.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** A copy of what the bin needs under `root` (package.json two levels up); its bundle folder. */
function copyPackage(root: string): string {
  // As npm unpacks a package: every file keeps the time it was packed with.
  cpSync(BUNDLE_DIR, path.join(root, "dist", "bundle"), {
    recursive: true,
    preserveTimestamps: true,
  });
  cpSync(path.join(REPO, "package.json"), path.join(root, "package.json"));
  return path.join(root, "dist", "bundle");
}

/** The chunk of `bundle` whose name starts with `stage` (cli, files, plan …). */
function chunk(bundle: string, stage: string): string {
  const name = readdirSync(bundle).find(
    (file) => file.startsWith(`${stage}-`) && file.endsWith(".cjs"),
  );
  if (name === undefined) throw new Error(`no ${stage} chunk in ${bundle}`);
  return path.join(bundle, name);
}

/** `plan` of the examples with the bin in `bundle`: what it printed, how each chunk compiled. */
function plan(bundle: string) {
  const run = log.run(
    path.join(bundle, "main.js"),
    ["plan", "--dir", path.join(REPO, "campaigns")],
    {
      cwd: scratch,
    },
  );
  expect(run.status, run.stderr).toBe(0);
  const from = Object.fromEntries(
    run.compiled.map(({ filename, from }) => [path.basename(filename).split("-")[0], from]),
  );
  return { stdout: run.stdout, stderr: run.stderr, from };
}

describe("the bundle's code cache", () => {
  let inPlace: ReturnType<typeof plan> | undefined;
  const here = () => {
    inPlace ??= plan(BUNDLE_DIR);
    return inPlace;
  };

  it("fits the package wherever it is unpacked", () => {
    const there = plan(copyPackage(path.join(scratch, "moved")));
    expect(Object.keys(there.from).length).toBeGreaterThan(3);
    for (const [stage, from] of Object.entries(there.from)) expect(from, stage).toBe("cache");
    expect(there.stdout).toBe(here().stdout);
  });

  it("is left aside for a chunk edited in place, whose edit then runs", () => {
    const bundle = copyPackage(path.join(scratch, "patched"));
    const planChunk = chunk(bundle, "plan");
    // The same length: V8 compares only that, and would run the summary line's old code.
    const text = readFileSync(planChunk, "utf8");
    expect(text).toContain("} to update, ");
    writeFileSync(planChunk, text.replace("} to update, ", "} to UPDATE, "));
    const run = plan(bundle);
    expect(run.from.plan).toBe("source");
    expect(run.from.cli).toBe("cache");
    expect(run.stdout).toBe(here().stdout.replace(" to update, ", " to UPDATE, "));
  });

  it("is refused by V8 when it does not fit its chunk, which compiles from source", () => {
    const bundle = copyPackage(path.join(scratch, "refused"));
    const cache = `${chunk(bundle, "files")}.cache`;
    // The copy of the chunk it starts with kept, V8's data after it cut short.
    const file = readFileSync(cache);
    const v8DataStart = 4 + file.readUInt32LE(0);
    writeFileSync(cache, file.subarray(0, v8DataStart + ((file.length - v8DataStart) >> 1)));
    const run = plan(bundle);
    expect(run.from.files).toBe("rejected-cache");
    expect(run.from.cli).toBe("cache");
    expect(run.stdout).toBe(here().stdout);
  });
});
