/**
 * Packing and installing this package the way a user would, for the package, action and
 * init tests: `npm pack` of the built checkout (`npm test` builds first; `--ignore-scripts`
 * so packing never rebuilds under other running suites), installed from the tarball into a
 * temp folder with `--offline`: the package has no runtime dependencies (dist/bundle holds
 * them), so nothing is fetched.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { REPO } from "../cli/built-cli.js";

export { REPO };

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment for a child npm: this one without the `npm_*` variables a parent `npm
 * test` sets (they would point the child at this package), no update check, audit or fund.
 */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith("npm_") || key === "npm_config_cache") env[key] = value;
  }
  for (const name of ["THULIUM_URL", "THULIUM_USER", "THULIUM_PASSWORD"]) delete env[name];
  return {
    ...env,
    NO_COLOR: "1",
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_loglevel: "error",
    ...extra,
  };
}

/** Runs a command to completion and returns what it printed. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = npmEnv(),
): Run {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Packs the checkout into `destination`; the tarball's path and the files it holds. */
export function packCheckout(destination: string): { tarball: string; files: string[] } {
  if (!existsSync(path.join(REPO, "dist", "bundle", "main.js"))) {
    throw new Error("dist/bundle is missing: run `npm run build` first (npm test does).");
  }
  const packed = run(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", destination],
    REPO,
  );
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack printed no package:\n${packed.stdout}`);
  return {
    tarball: path.join(destination, info.filename),
    files: info.files.map((file) => file.path),
  };
}

/** Installs `spec` (a tarball, a folder, …) into `folder` with npm, offline. */
export function npmInstall(folder: string, spec?: string): Run {
  const args = ["install", "--offline", "--no-package-lock"];
  return run("npm", spec === undefined ? args : [...args, spec], folder);
}

/**
 * One packed tarball and one offline install of it for all the package tests of a run,
 * instead of a pack and an install per file or per worker: each costs seconds of npm's CPU.
 * Callers only read the install, or write in a folder of their own inside `project` (a test
 * that needs another install makes its own).
 */
export interface SharedPackage {
  /** The tarball `npm pack` made of this checkout, and the files it holds. */
  tarball: string;
  files: string[];
  /** A folder where the tarball was installed with `npm install --offline`. */
  project: string;
  /** The installed package's folder (node_modules/thulium-campaigns, symlinks resolved). */
  installed: string;
}

/** How long a worker waits for the other one's pack and install before it gives up. */
const SHARED_WAIT_MS = 180_000;

let shared: SharedPackage | undefined;

/**
 * The run's shared package, made by the first worker that asks: vitest's two workers are
 * separate processes, so they agree through the run's folder (test/setup/package-root.ts,
 * which removes it). The first to create `shared-<build>/` packs and installs into it, then
 * names the result in `shared-<build>.json` (written aside and renamed, so it is whole once
 * it exists) or the failure in `shared-<build>.failed`; the other waits for either.
 */
export function sharedPackage(): SharedPackage {
  if (shared) return shared;
  // Named after the build (bundle.mjs writes dist/bundle anew), so a rebuild during a watch
  // session gets a pack of its own rather than the one made before it.
  const bundle = path.join(REPO, "dist", "bundle", "main.js");
  const build = existsSync(bundle) ? Math.round(statSync(bundle).mtimeMs) : 0;
  const runRoot = inject("packageRoot");
  const root = path.join(runRoot, `shared-${build}`);
  const ready = `${root}.json`;
  const failed = `${root}.failed`;
  let mine = true;
  try {
    mkdirSync(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    mine = false;
  }
  if (mine) {
    try {
      shared = packAndInstall(root);
    } catch (error) {
      writeFileSync(failed, String(error));
      throw error;
    }
    writeFileSync(`${ready}.tmp`, JSON.stringify(shared));
    renameSync(`${ready}.tmp`, ready);
    return shared;
  }
  const deadline = Date.now() + SHARED_WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(ready)) {
    if (existsSync(failed))
      throw new Error(
        `The other worker's pack and install failed:\n${readFileSync(failed, "utf8")}`,
      );
    if (Date.now() > deadline)
      throw new Error(`The other worker's pack and install did not finish in ${SHARED_WAIT_MS} ms`);
    Atomics.wait(pause, 0, 0, 50);
  }
  shared = JSON.parse(readFileSync(ready, "utf8")) as SharedPackage;
  return shared;
}

/** Packs the checkout into `root` and installs the tarball into `root`/project. */
function packAndInstall(root: string): SharedPackage {
  const { tarball, files } = packCheckout(root);
  const project = path.join(root, "project");
  mkdirSync(project);
  const installed = npmInstall(project, tarball);
  if (installed.code !== 0)
    throw new Error(`npm install of the tarball failed:\n${installed.stderr}`);
  return {
    tarball,
    files,
    project,
    installed: realpathSync(path.join(project, "node_modules", "thulium-campaigns")),
  };
}
