/**
 * Start-up of the shipped bundle (issue 15, item 1): what `validate` and `plan` load from
 * dist/bundle/ (the package's `bin`). yargs' help layout (cliui, string-width) is bundled
 * apart and loaded only to print help: string-width's emoji regex alone costs V8 ~60 ms of
 * CPU to parse. Help printed through the lazily loaded layout must read exactly as the
 * CLI's own sources print it (run in this process, loading the layout the ordinary way:
 * the same text the unbundled dist/cli/main.js prints, without a second Node start-up). The chunks follow the
 * stages of start-up, so `plan` loads a dozen files, not one per module it shares with other
 * commands (~40: Node's loader pays for each). yaml is bundled from its
 * ES module build, which has no per-token `process.env.LOG_TOKENS` check: that debugging aid
 * of yaml's Node build printed the parser's tokens on stdout, into `plan --format json`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cliEnv } from "../helpers/cli.js";
import { cliText, REPO } from "./built-cli.js";
import { type LoggedRun, moduleLog } from "./module-log.js";

const BUNDLE = path.join(REPO, "dist", "bundle", "main.js");
const log = moduleLog();
const scratch = mkdtempSync(path.join(tmpdir(), "thulium-bundle-startup-"));
afterAll(() => {
  log.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs already made: several tests read what one command line loads from one run. */
const runs = new Map<string, LoggedRun>();

/** The bundled CLI's run with these arguments, with what it loaded and compiled. */
function runOf(args: readonly string[]): LoggedRun {
  const key = JSON.stringify(args);
  const known = runs.get(key);
  if (known !== undefined) return known;
  const result = log.run(BUNDLE, args, { cwd: REPO });
  expect(result.status, result.stderr).toBe(0);
  runs.set(key, result);
  return result;
}

/** Everything the bundled CLI loads for these arguments: URLs, built-ins, files. */
function loadedBy(args: readonly string[]): string[] {
  return runOf(args).loaded;
}

/** The name the chunk loader gives a chunk (src/bin/chunk-loader.ts), for V8. */
const CHUNK_NAME_PREFIX = "thulium-campaigns/dist/bundle/";

/** A loaded entry as a path: file URLs and chunk names resolved. */
function asPath(entry: string): string {
  if (entry.startsWith("file:")) return fileURLToPath(entry);
  if (entry.startsWith(CHUNK_NAME_PREFIX)) {
    return path.join(path.dirname(BUNDLE), entry.slice(CHUNK_NAME_PREFIX.length));
  }
  return entry;
}

/** The files of dist/bundle/ the bundled CLI loads for these arguments (ESM and CommonJS). */
function bundleFilesLoaded(args: readonly string[]): string[] {
  const bundleDir = path.dirname(BUNDLE);
  return [
    ...new Set(
      loadedBy(args)
        .map(asPath)
        .filter((file) => path.dirname(file) === bundleDir),
    ),
  ];
}

/** Code only help rendering needs: string-width's regexes and grapheme segmenter. */
const HELP_ONLY = ["\\p{RGI_Emoji}", "new Intl.Segmenter"];

describe("the bundle's start-up", () => {
  for (const args of [
    ["validate", "--dir", "campaigns"],
    ["plan", "--dir", "campaigns", "--state", path.join(scratch, "none.json")],
  ]) {
    it(`${args[0]} loads no help layout (string-width, cliui), from a dozen files`, () => {
      const loaded = bundleFilesLoaded(args);
      expect(loaded).toContain(BUNDLE);
      expect(loaded.length, loaded.join("\n")).toBeLessThanOrEqual(12);
      for (const file of loaded) {
        const text = readFileSync(file, "utf8");
        for (const code of HELP_ONLY) expect(text.includes(code), `${file}: ${code}`).toBe(false);
      }
    });

    it(`${args[0]} compiles every chunk it loads from the code cache made at build time`, () => {
      const { compiled } = runOf(args);
      expect(compiled.length).toBeGreaterThan(3);
      for (const { filename, from } of compiled) {
        expect(path.dirname(asPath(filename))).toBe(path.dirname(BUNDLE));
        expect(from, filename).toBe("cache");
      }
    });

    it(`${args[0]} loads neither node:crypto nor node:os (only writers and the lock use them)`, () => {
      const loaded = loadedBy(args);
      expect(loaded).toContain("node:fs/promises"); // builtins are recorded
      expect(loaded.filter((url) => /^node:(crypto|os)$/.test(url))).toEqual([]);
    });
  }

  it("--version loads the bin, the CLI's entry chunk and the version only", () => {
    const loaded = bundleFilesLoaded(["--version"]);
    expect(loaded.length, loaded.join("\n")).toBeLessThanOrEqual(3);
  });

  it("plan --format json prints only JSON, whatever yaml's debugging variables say", () => {
    const result = spawnSync(process.execPath, [BUNDLE, "plan", "--format", "json"], {
      cwd: REPO,
      env: cliEnv({ LOG_TOKENS: "1", LOG_STREAM: "1" }),
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).format_version).toBe(1);
  });

  it("--help loads the help layout", () => {
    const loaded = bundleFilesLoaded(["plan", "--help"]);
    expect(loaded.some((file) => readFileSync(file, "utf8").includes("\\p{RGI_Emoji}"))).toBe(true);
  });

  for (const args of [
    ["--help"],
    ["plan", "--help"],
    ["sandbox", "edit", "--help"],
    ["plna"],
    ["completion"],
  ]) {
    it(`prints \`${args.join(" ")}\` as the CLI's sources do`, async () => {
      const fromSources = await cliText(args, REPO);
      expect(fromSources.stdout + fromSources.stderr).not.toBe("");
      const bundled = spawnSync(process.execPath, [BUNDLE, ...args], {
        cwd: REPO,
        env: cliEnv(),
        encoding: "utf8",
        timeout: 20_000,
      });
      expect({ code: bundled.status, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual(
        fromSources,
      );
    });
  }
});
