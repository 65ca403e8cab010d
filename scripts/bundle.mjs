#!/usr/bin/env node
/**
 * Bundles the built CLI (dist/cli/main.js, tsc's output) and its dependencies into
 * dist/bundle/: the executable the package ships (package.json `bin`). Node loads one ESM
 * file per module and yaml alone is ~60 CommonJS files, so an unbundled `validate` spends
 * more time resolving and loading ~200 modules than Node takes to start; bundled, yaml and
 * yargs load in about half the time. The commands' lazy `import()`s stay lazy: each becomes
 * its own chunk, loaded only when that command runs.
 *
 * yargs' help layout (cliui and string-width) is bundled apart, into help-layout.cjs, and
 * loaded on its first use: string-width's `/^\p{RGI_Emoji}$/v` costs V8 ~60 ms of CPU
 * merely to parse (it loads ICU's emoji data), about half of what Node takes to start, and
 * only help text needs it. yargs' `assert` is loaded on first use too (~5 ms).
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
/** yargs' Node platform shim: the module that imports cliui, string-width and assert. */
const YARGS_SHIM = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
/** The help layout's own file in dist/bundle/, required (synchronously) on first use. */
const HELP_LAYOUT = "help-layout.cjs";
const HELP_LAYOUT_ENTRY = "\0help-layout";

/**
 * What the shim's imports become: the same functions, each loading its module on first
 * call. `require` is synchronous, as yargs calls these; Node caches what it loaded.
 */
const LAZY_IMPORTS = {
  "string-width": `export default function stringWidth(text, options) {
  return require("./${HELP_LAYOUT}").stringWidth(text, options);
}`,
  cliui: `export default function cliui(options) {
  return require("./${HELP_LAYOUT}").cliui(options);
}`,
  assert: `export function notStrictEqual(...args) {
  return require("node:assert").notStrictEqual(...args);
}
export function strictEqual(...args) {
  return require("node:assert").strictEqual(...args);
}`,
};

/** Resolves the shim's imports of LAZY_IMPORTS to their lazy stand-ins. */
const lazyYargsImports = {
  name: "lazy-yargs-imports",
  resolveId(source, importer) {
    if (importer !== undefined && YARGS_SHIM.test(importer) && source in LAZY_IMPORTS) {
      return `\0lazy:${source}`;
    }
    return null;
  },
  load(id) {
    if (!id.startsWith("\0lazy:")) return null;
    const body = LAZY_IMPORTS[id.slice("\0lazy:".length)];
    return `import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n${body}\n`;
  },
};

/** The entry of help-layout.cjs: cliui and string-width as yargs' shim resolves them. */
function helpLayoutEntry(shimPath) {
  return {
    name: "help-layout-entry",
    resolveId(source) {
      return source === HELP_LAYOUT_ENTRY ? HELP_LAYOUT_ENTRY : null;
    },
    async load(id) {
      if (id !== HELP_LAYOUT_ENTRY) return null;
      const resolved = {};
      for (const name of ["cliui", "string-width"]) {
        const found = await this.resolve(name, shimPath);
        if (!found) throw new Error(`help layout: cannot resolve ${name} from ${shimPath}`);
        resolved[name] = found.id;
      }
      return [
        `export { default as cliui } from ${JSON.stringify(resolved.cliui)};`,
        `export { default as stringWidth } from ${JSON.stringify(resolved["string-width"])};`,
      ].join("\n");
    },
  };
}

await rm(OUT_DIR, { recursive: true, force: true });
let shimPath;
await build({
  input: path.join(ROOT, "dist", "cli", "main.js"),
  platform: "node",
  logLevel: "warn",
  plugins: [
    lazyYargsImports,
    {
      name: "find-yargs-shim",
      load(id) {
        if (YARGS_SHIM.test(id)) shimPath = id;
        return null;
      },
    },
  ],
  output: {
    dir: OUT_DIR,
    format: "esm",
    entryFileNames: "main.js",
    chunkFileNames: "[name]-[hash].js",
  },
});
if (shimPath === undefined) throw new Error("bundle: yargs' platform shim was not bundled");
await build({
  input: HELP_LAYOUT_ENTRY,
  platform: "node",
  logLevel: "warn",
  plugins: [helpLayoutEntry(shimPath)],
  output: { file: path.join(OUT_DIR, HELP_LAYOUT), format: "cjs" },
});
// The `bin`: executable, as npm would make it on install (for a checkout run directly).
await chmod(path.join(OUT_DIR, "main.js"), 0o755);
