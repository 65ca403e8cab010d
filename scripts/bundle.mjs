#!/usr/bin/env node
/**
 * Bundles the built CLI (dist/cli/main.js, tsc's output) and its dependencies into
 * dist/bundle/: the executable the package ships (package.json `bin`). Node loads one ESM
 * file per module and yaml alone is ~60 CommonJS files, so an unbundled `validate` spends
 * more time resolving and loading ~200 modules than Node takes to start; bundled, yaml and
 * yargs load in about half the time. The commands' lazy `import()`s stay lazy: each becomes
 * its own chunk, loaded only when that command runs.
 *
 * The chunks sit in dist/bundle/, two levels under the package root like every module under
 * src/*, so the paths the code computes from `import.meta.url` (the package root, package.json,
 * schemas/) stay right.
 */
import { chmod, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT_DIR = path.join(ROOT, "dist", "bundle");

await rm(OUT_DIR, { recursive: true, force: true });
await build({
  input: path.join(ROOT, "dist", "cli", "main.js"),
  platform: "node",
  logLevel: "warn",
  output: {
    dir: OUT_DIR,
    format: "esm",
    entryFileNames: "main.js",
    chunkFileNames: "[name]-[hash].js",
  },
});
// The `bin`: executable, as npm would make it on install (for a checkout run directly).
await chmod(path.join(OUT_DIR, "main.js"), 0o755);
