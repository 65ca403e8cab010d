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
 * only help text needs it. yargs' `assert` is loaded only when an assertion fails (~5 ms).
 *
 * yaml is bundled from its ES module build (the one the package exports for other runtimes)
 * rather than its CommonJS one: same code, but tree-shaken, with no CommonJS wrappers to
 * compile and run, and no `process.env.LOG_TOKENS` read per token (a debugging aid that
 * dumps the tokens to stdout); ~12 ms less CPU for `plan`. Warnings still go through
 * `process.emitWarning`, as in the Node build (see yamlAsEsm).
 *
 * Chunks follow the stages of start-up (STAGES): what every command loads (the CLI, yargs),
 * what every command that reads campaign files or settings loads (yaml, the loader, the
 * generated validators), and plan's flow; left to itself, rolldown splits the code these
 * share with other commands into ~40 files for `plan`, and Node's ES module loader pays for
 * each (resolve, read, compile, link): ~12 files instead save ~10% of plan's CPU. What
 * main.js imports before it knows the command (the version) stays apart, so `--version`
 * loads two small files.
 *
 * The chunks sit in dist/bundle/, two levels under the package root like every module under
 * src/*, so the paths the code computes from `import.meta.url` (the package root, package.json,
 * schemas/) stay right.
 */
import { spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { chmod, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT_DIR = path.join(ROOT, "dist", "bundle");
/** The yaml package's folder (real path: module ids are real paths). */
const YAML_DIR = path.dirname(
  realpathSync(createRequire(import.meta.url).resolve("yaml/package.json")),
);
/** yaml's ES module build. */
const YAML_ESM_DIST = path.join(YAML_DIR, "browser", "dist");
const YAML_NODE_LOG = "\0yaml-node-log";
/** Set when yaml's ES build imported its log module, which yamlAsEsm replaces. */
let yamlNodeLogUsed = false;

/**
 * `yaml` as its ES module build. Its log module is the Node build's (dist/log.js) as ES
 * code: the ES build prints warnings with console.warn, Node's with process.emitWarning.
 * (Its other difference, `!!binary` as a Uint8Array rather than a Buffer, is one the
 * campaign checks do not see: both are Uint8Arrays.)
 */
const yamlAsEsm = {
  name: "yaml-as-esm",
  resolveId(source, importer) {
    if (source === "yaml") return path.join(YAML_DIR, "browser", "index.js");
    if (
      importer?.startsWith(YAML_ESM_DIST + path.sep) &&
      path.resolve(path.dirname(importer), source) === path.join(YAML_ESM_DIST, "log.js")
    ) {
      return YAML_NODE_LOG;
    }
    return null;
  },
  load(id) {
    if (id !== YAML_NODE_LOG) return null;
    yamlNodeLogUsed = true;
    return `import process from "node:process";
export function debug(logLevel, ...messages) {
  if (logLevel === "debug") console.log(...messages);
}
export function warn(logLevel, warning) {
  if (logLevel === "debug" || logLevel === "warn") {
    if (typeof process.emitWarning === "function") process.emitWarning(warning);
    else console.warn(warning);
  }
}
`;
  },
};

/** yargs' Node platform shim: the module that imports cliui, string-width and assert. */
const YARGS_SHIM = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
/**
 * What the shim calls the main file: where yargs, building its parser, looks for a
 * package.json to guess the version from, before the CLI's own `.version(VERSION)` replaces
 * the guess. The shim takes the path up to "node_modules", which a bundle has not, and so
 * fell back to the working folder: every command read the folders from there up to the
 * root, and where none held a package.json yargs' assertion failed, loading node:assert
 * (~4 ms) to throw an error it caught (~8 ms of CPU in all, in front of apply's first
 * request). The shim's own file, in dist/bundle/ beside the bundle's package.json, ends
 * the search at once; the guess is never shown.
 */
const SHIM_MAIN_FILENAME = "mainFilename: mainFilename || process.cwd(),";
const yargsMainFilename = {
  name: "yargs-main-filename",
  transform(code, id) {
    if (!YARGS_SHIM.test(id)) return null;
    if (!code.includes(SHIM_MAIN_FILENAME)) {
      throw new Error(`bundle: yargs' shim no longer reads "${SHIM_MAIN_FILENAME}"`);
    }
    return { code: code.replace(SHIM_MAIN_FILENAME, "mainFilename: __dirname,") };
  },
};

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
  // yargs asserts on every parse, and they hold; node:assert (~5 ms) loads only to throw.
  assert: `export function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) require("node:assert").notStrictEqual(actual, expected, message);
}
export function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) require("node:assert").strictEqual(actual, expected, message);
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

/** The start-up stages, from dist/: each module and what it statically imports, one chunk. */
const STAGES = [
  ["cli", ["cli/run.js", "cli/output.js"]],
  ["files", ["io/settings/index.js"]],
  ["plan", ["cli/flows/plan-flow.js"]],
];
const MAIN = path.join(ROOT, "dist", "cli", "main.js");

/** Each bundled module's static imports, as rolldown parsed them. */
const staticImports = new Map();
const moduleGraph = {
  name: "module-graph",
  moduleParsed(info) {
    staticImports.set(info.id, info.importedIds);
  },
};

/** The modules of `roots` and every module they import statically, directly or not. */
function staticClosure(roots) {
  const found = new Set();
  const pending = [...roots];
  while (pending.length > 0) {
    const id = pending.pop();
    if (found.has(id)) continue;
    found.add(id);
    pending.push(...(staticImports.get(id) ?? []));
  }
  return found;
}

/** A chunk group of the static closure of `roots` (computed once the graph is complete). */
function closureGroup(name, roots, priority, except = () => false) {
  let members;
  return {
    name,
    priority,
    test: (id) => {
      members ??= staticClosure(roots);
      return members.has(id) && !except(id);
    },
  };
}

/** Groups: main's own imports first (highest priority), then the stages in order. */
const chunkGroups = [
  closureGroup("version", [MAIN], STAGES.length + 1, (id) => id === MAIN),
  ...STAGES.map(([name, roots], index) =>
    closureGroup(
      name,
      roots.map((root) => path.join(ROOT, "dist", ...root.split("/"))),
      STAGES.length - index,
    ),
  ),
];

await rm(OUT_DIR, { recursive: true, force: true });
let shimPath;
const { output } = await build({
  input: MAIN,
  platform: "node",
  logLevel: "warn",
  onLog(level, log, handler) {
    // yargs' `extends` of config files resolves a module with import.meta.resolve, which
    // CommonJS output has not (it becomes `{}`). The CLI reads no yargs config files
    // (`.config()`, `.pkgConf()`), and even there yargs' own try/catch would end it.
    if (log.code === "EMPTY_IMPORT_META" && /apply-extends\.js$/.test(log.id ?? "")) return;
    handler(level, log);
  },
  plugins: [
    moduleGraph,
    yamlAsEsm,
    lazyYargsImports,
    yargsMainFilename,
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
    format: "cjs",
    // What Node reads and decodes on every run, and V8 compiles or checks: ASCII (decoded as
    // one byte per character, without UTF-8's work) and without comments but the licences.
    charset: "ascii",
    comments: { legal: true, annotation: false, jsdoc: false },
    // Lazy imports become `require`s run on first use: the chunks are compiled by vm.Script
    // (src/bin/chunk-loader.ts), which has no loader for `import()` on Node 20.
    dynamicImportInCjs: false,
    entryFileNames: "cli-main-[hash].cjs",
    chunkFileNames: "[name]-[hash].cjs",
    codeSplitting: { groups: chunkGroups },
  },
});
if (shimPath === undefined) throw new Error("bundle: yargs' platform shim was not bundled");
// A yaml release that moved its log module would otherwise warn through console.warn.
if (!yamlNodeLogUsed) throw new Error("bundle: yaml's ES build no longer imports ./log.js");
for (const chunk of output) {
  if (chunk.type === "chunk" && /\bimport\(/.test(chunk.code)) {
    throw new Error(`bundle: ${chunk.fileName} still has an import(), which vm.Script cannot run`);
  }
}
const entry = output.find((chunk) => chunk.type === "chunk" && chunk.isEntry);
if (entry === undefined) throw new Error("bundle: rolldown made no entry chunk");
// The bin: the chunk loader, pointed at the entry chunk.
await build({
  input: path.join(ROOT, "dist", "bin", "main.js"),
  platform: "node",
  logLevel: "warn",
  transform: { define: { CLI_ENTRY_CHUNK: JSON.stringify(entry.fileName) } },
  output: { file: path.join(OUT_DIR, "main.js"), format: "cjs" },
});
// dist/bundle/ is CommonJS (so main.js is): Node then runs the bin without starting its ES
// module loader, which nothing in the bundle needs.
await writeFile(path.join(OUT_DIR, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
await build({
  input: HELP_LAYOUT_ENTRY,
  platform: "node",
  logLevel: "warn",
  plugins: [helpLayoutEntry(shimPath)],
  output: { file: path.join(OUT_DIR, HELP_LAYOUT), format: "cjs" },
});
// The `bin`: executable, as npm would make it on install (for a checkout run directly).
await chmod(path.join(OUT_DIR, "main.js"), 0o755);
// Each chunk's V8 code cache, from a real run (see scripts/warm-code-cache.mjs).
const warm = spawnSync(process.execPath, [path.join(ROOT, "scripts", "warm-code-cache.mjs")], {
  encoding: "utf8",
  // A clean environment: the cache only fits a Node run with the same V8 flags, and none of
  // the developer's THULIUM_* variables should steer the run.
  env: { PATH: process.env.PATH ?? "" },
});
if (warm.status !== 0) {
  throw new Error(`bundle: the code-cache warm-up failed:\n${warm.stdout}${warm.stderr}`);
}
