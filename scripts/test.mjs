#!/usr/bin/env node
/**
 * `npm test`: build, then the type check and lint alongside the vitest suites.
 *
 * The build (schemas, tsc's emit without checking, the bundle) runs first: the suites spawn
 * dist/. The type check (TypeScript 7's native tsc: ~6 s of CPU on a fresh clone, where 5.9
 * took ~22 s) and Biome need nothing the suites make, and the suites leave a core idle for
 * stretches (they wait on killed children, timeouts and npm), so both run at the same time
 * as vitest, at a lower CPU priority so they take the idle time rather than slow the suites'
 * timing-sensitive tests. Their output is held
 * and printed after vitest's, each under its own heading; the script fails if any of the three
 * fails, and says which. Arguments go to vitest (`npm test -- test/io`).
 */
import { spawn, spawnSync } from "node:child_process";
import {
  accessSync,
  constants,
  mkdtempSync,
  readdirSync,
  rmSync,
  statfsSync,
  statSync,
} from "node:fs";
import { setPriority } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(ROOT, "node_modules", ".bin");

/** Runs a build step with its output shown; stops `npm test` if it fails. */
function buildStep(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`\nnpm test: \`${[command, ...args].join(" ")}\` failed; nothing was tested.`);
    process.exit(result.status ?? 1);
  }
}

/** Every file under `entry` (a file or a folder), with its modification time. */
function filesUnder(entry) {
  const full = path.join(ROOT, entry);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [{ file: full, mtimeMs: stat.mtimeMs }];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => {
      const file = path.join(dirent.parentPath, dirent.name);
      return { file, mtimeMs: statSync(file).mtimeMs };
    });
}

/**
 * Whether the outputs under `outputs` (those `isOutput` picks; at least one) are all newer
 * than every input under `inputs` (outputs that sit among the inputs excluded).
 */
function upToDate(outputs, inputs, isOutput = () => true) {
  const made = outputs.flatMap(filesUnder).filter(({ file }) => isOutput(file));
  if (made.length === 0) return false;
  const outputDirs = outputs.map((entry) => path.join(ROOT, entry) + path.sep);
  const oldestOutput = Math.min(...made.map(({ mtimeMs }) => mtimeMs));
  return inputs
    .flatMap(filesUnder)
    .filter(({ file }) => !outputDirs.some((dir) => file.startsWith(dir)))
    .every(({ mtimeMs }) => mtimeMs < oldestOutput);
}

/** Whether every .ts file under src/ has its .js under dist/, newer than it and the tsconfig files. */
function emitUpToDate() {
  const settings = ["tsconfig.json", "tsconfig.build.json", "package-lock.json"].flatMap(
    filesUnder,
  );
  const newestSetting = Math.max(...settings.map(({ mtimeMs }) => mtimeMs));
  const sources = filesUnder("src").filter(
    ({ file }) => file.endsWith(".ts") && !file.endsWith(".d.ts"),
  );
  return sources.every(({ file, mtimeMs }) => {
    const relative = path.relative(path.join(ROOT, "src"), file).replace(/\.ts$/, ".js");
    const [output] = filesUnder(path.join("dist", relative));
    return output !== undefined && output.mtimeMs > Math.max(mtimeMs, newestSetting);
  });
}

/** Free space a memory-backed temp folder must have for the suites (they write ~100 MB at most). */
const MEMORY_TEMP_MIN_BYTES = 1024 ** 3;

/**
 * A fresh folder for the suites' temporary files in /dev/shm (Linux's memory-backed
 * tmpfs), unless TMPDIR is set or /dev/shm is missing, read-only or small. The suites
 * write and fsync thousands of state, plan and campaign files, as the tool does: on a
 * disk each fsync waits for it (~8 s of `npm test`'s wall time and ~7 s of system CPU
 * here), on tmpfs it returns at once. What the suites check is unchanged: the tool still
 * writes, fsyncs and renames; their crash tests kill processes, which loses nothing the
 * kernel already holds, fsynced or not.
 */
function memoryBackedTemp() {
  if (process.env.TMPDIR) return undefined;
  const shm = "/dev/shm";
  try {
    accessSync(shm, constants.W_OK);
    const { bavail, bsize } = statfsSync(shm);
    if (bavail * bsize < MEMORY_TEMP_MIN_BYTES) return undefined;
    return mkdtempSync(path.join(shm, "thulium-test-"));
  } catch {
    return undefined;
  }
}

/** Starts a check in the background with its output collected; resolves to its outcome. */
function backgroundCheck(name, command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  try {
    setPriority(child.pid, 10);
  } catch {
    // Not allowed to lower it (some containers): it then competes as an equal, still correct.
  }
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ name, code: 1, output: `${error.message}\n` }));
    child.on("close", (code, signal) => resolve({ name, code: code ?? 1, signal, output }));
  });
}

// A step whose outputs are all newer than its inputs is skipped (as make would): after
// `npm ci`, whose `prepare` just built everything, that saves `npm test` ~1.5 s. tsc's own
// incremental build already does this for its step.
if (
  upToDate(["src/schema/generated"], ["schemas", "scripts/build-schemas.mjs", "package-lock.json"])
) {
  console.log("npm test: the generated validators are newer than the schemas; not rebuilt");
} else {
  buildStep(process.execPath, ["scripts/build-schemas.mjs"]);
}
// tsc's incremental build finds nothing to do in ~1.5 s of CPU (its start-up and hashing);
// comparing modification times says the same at once. Under isolatedModules each file's
// emit depends on that file alone (and the compiler options), so the emit is current when
// every source has its .js, newer than the source and the tsconfig files.
if (emitUpToDate()) {
  console.log("npm test: every dist/ file is newer than its source in src/; tsc not rerun");
} else {
  buildStep(path.join(BIN, "tsc"), ["-p", "tsconfig.build.json", "--noCheck"]);
}
// The bundle's code caches are written last, by the warm-up: all of them newer than every
// input means the whole bundle step finished after the inputs last changed.
if (
  upToDate(
    ["dist/bundle"],
    ["dist", "scripts/bundle.mjs", "scripts/warm-code-cache.mjs", "package-lock.json"],
    (file) => file.endsWith(".cache"),
  )
) {
  console.log("npm test: dist/bundle is newer than dist/ and its build scripts; not rebuilt");
} else {
  buildStep(process.execPath, ["scripts/bundle.mjs"]);
}

const checks = [
  backgroundCheck("typecheck (tsc --noEmit)", path.join(BIN, "tsc"), [
    "-p",
    "tsconfig.json",
    "--noEmit",
    "--incremental",
    "--tsBuildInfoFile",
    ".typecheck.tsbuildinfo",
  ]),
  backgroundCheck("lint (biome check .)", path.join(BIN, "biome"), ["check", "."]),
];

const testTemp = memoryBackedTemp();
if (testTemp !== undefined) {
  console.log(`npm test: temporary files in ${testTemp} (memory-backed; set TMPDIR to choose)`);
}
const vitestCode = await new Promise((resolve) => {
  const child = spawn(path.join(BIN, "vitest"), ["run", ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: "inherit",
    env: testTemp === undefined ? process.env : { ...process.env, TMPDIR: testTemp },
  });
  child.on("error", () => resolve(1));
  child.on("close", (code) => resolve(code ?? 1));
});
if (testTemp !== undefined) rmSync(testTemp, { recursive: true, force: true });

const outcomes = [{ name: "vitest", code: vitestCode, output: "" }, ...(await Promise.all(checks))];
for (const { name, code, output } of outcomes.slice(1)) {
  if (output.trim() === "" && code === 0) continue;
  console.log(`\n── ${name} ──\n${output.trimEnd()}`);
}
console.log("");
for (const { name, code } of outcomes) {
  console.log(`npm test: ${name} ${code === 0 ? "passed" : `FAILED (exit ${code})`}`);
}
process.exit(outcomes.some(({ code }) => code !== 0) ? 1 : 0);
