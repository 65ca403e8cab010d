/**
 * `init` that works today (issue 15, item 6): what it generates installs and runs with the
 * package on no registry. The tool is installed from its packed tarball (as a user would
 * have it); its `init` writes a package.json naming where that tool came from, and a
 * workflow that installs with the action; `npm install --offline` in the new repository
 * then gives a working `npx thulium-campaigns validate` and `plan`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npmInstall, run, sharedPackage } from "./npm.js";

const root = mkdtempSync(path.join(tmpdir(), "thulium-init-"));
let tarball = "";
let toolRoot = "";

beforeAll(() => {
  // The packed tarball, installed as a user would have it (shared with npm-package.test.ts).
  const shared = sharedPackage();
  tarball = shared.tarball;
  toolRoot = shared.installed;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The installed tool, run in `cwd`. */
const toolCli = (cwd: string, ...args: string[]) =>
  run(process.execPath, [path.join(toolRoot, "dist", "bundle", "main.js"), ...args], cwd);
const npx = (cwd: string, ...args: string[]) =>
  run("npx", ["--offline", "--no-install", "thulium-campaigns", ...args], cwd);
/**
 * The executable `npm install` linked into `repo`'s node_modules/.bin: what npx runs once it
 * has found it. npx costs about a second of npm's CPU per call, so it is checked once (the
 * first test: it finds what the install linked) and the other commands run the link.
 */
const installedBin = (repo: string, ...args: string[]) =>
  run(path.join(repo, "node_modules", ".bin", "thulium-campaigns"), args, repo);

describe("init, then npm install, validate and plan", () => {
  it("installs the tool from where it came from (file:) and runs it", () => {
    const made = toolCli(root, "init", "repo");
    expect(made.code, made.stderr).toBe(0);
    const repo = path.join(root, "repo");
    const pkg = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8"));
    expect(pkg.devDependencies).toEqual({ "thulium-campaigns": `file:${toolRoot}` });
    expect(made.stdout).toContain(
      `npm install                       # installs thulium-campaigns from file:${toolRoot}`,
    );
    const workflow = readFileSync(
      path.join(repo, ".github", "workflows", "thulium-campaigns.yml"),
      "utf8",
    );
    expect(workflow).toContain("uses: <owner>/thulium-campaigns@v1");
    expect(workflow).not.toMatch(/\bnpm ci\b/);

    const installed = npmInstall(repo);
    expect(installed.code, installed.stderr).toBe(0);
    const validate = npx(repo, "validate");
    expect(validate.stdout, validate.stderr).toContain("1 campaign in 1 file is valid");
    const plan = installedBin(repo, "plan");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("Plan: 1 to update");
  });

  it("--install-from names another source, e.g. the tarball", () => {
    const made = toolCli(root, "init", "from-tarball", "--install-from", `file:${tarball}`);
    expect(made.code, made.stderr).toBe(0);
    const repo = path.join(root, "from-tarball");
    const pkg = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8"));
    expect(pkg.devDependencies).toEqual({ "thulium-campaigns": `file:${tarball}` });
    const installed = npmInstall(repo);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installedBin(repo, "validate").code).toBe(0);
  });

  it("refuses an empty --install-from and writes nothing", () => {
    const made = toolCli(root, "init", "empty-spec", "--install-from", " ");
    expect(made.code).toBe(1);
    expect(made.stderr).toContain("--install-from needs an npm install spec");
    expect(made.stderr).not.toContain("Internal error");
  });
});
