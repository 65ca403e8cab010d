#!/usr/bin/env node
/**
 * Writes the V8 code cache of every chunk in dist/bundle/ (run by scripts/bundle.mjs, in a
 * clean environment, so the cache fits a plain `node` run). The cache V8 serialises after a
 * run holds the functions that ran, compiled, so the warm-up runs what start-up is measured
 * on: `plan` of a repository `init` made, in a temporary folder, offline. The bin's loader
 * writes the caches at exit (src/bin/chunk-loader.ts): the chunks that ran, and the top
 * level of the others.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(ROOT, "dist", "bundle", "main.js");
const work = mkdtempSync(path.join(tmpdir(), "thulium-warm-code-cache-"));
process.on("exit", (code) => {
  rmSync(work, { recursive: true, force: true });
  if (code !== 0) process.stderr.write(`warm-code-cache: the warm-up run exited with ${code}\n`);
});

const init = spawnSync(process.execPath, [BIN, "init"], { cwd: work, encoding: "utf8" });
if (init.status !== 0) {
  process.stderr.write(`warm-code-cache: init failed:\n${init.stdout}${init.stderr}`);
  process.exit(1);
}
process.chdir(work);
globalThis[Symbol.for("thulium-campaigns.write-code-cache")] = true;
process.argv = [process.argv[0], BIN, "plan"];
await import(pathToFileURL(BIN).href);
