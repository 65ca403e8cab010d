/**
 * The installable package (issue 15, item 4): `npm pack` yields a tarball that installs into
 * an empty folder, offline, and runs: `--version`, `validate`, `plan` and `sandbox`, with
 * the schema and the CI recipes inside and no test or source-only files.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moduleLog } from "../cli/module-log.js";
import { npmEnv, REPO, run, type SharedPackage, sharedPackage } from "./npm.js";

let packed: SharedPackage;
/** This file's folder inside the shared install (npx finds the package from below it). */
let project: string;

beforeAll(() => {
  packed = sharedPackage();
  project = mkdtempSync(path.join(packed.project, "npm-package-"));
  cpSync(path.join(REPO, "campaigns"), path.join(project, "campaigns"), { recursive: true });
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const npx = (...args: string[]) =>
  run("npx", ["--offline", "--no-install", "thulium-campaigns", ...args], project);
/**
 * The executable npm linked into node_modules/.bin on install: what `npx thulium-campaigns`
 * runs once it has found it. Each npx costs about a second of npm's CPU to find it, so npx
 * itself is checked once (--version, here and in init-install.test.ts) and the other
 * commands run the link directly.
 */
const bin = (...args: string[]) =>
  run(path.join(packed.project, "node_modules", ".bin", "thulium-campaigns"), args, project);

describe("npm pack", () => {
  it("holds the bundle, the schema and the CI recipes, and no test or source-only files", () => {
    const { files } = packed;
    expect(files).toContain("dist/bundle/main.js");
    expect(files).toContain("schemas/campaign.schema.json");
    expect(files).toContain("examples/github-actions/thulium-campaigns.yml");
    expect(files).toContain("examples/github-actions/thulium-campaigns-drift.yml");
    expect(files).toContain("examples/gitlab-ci/.gitlab-ci.yml");
    const sourceOnly = files.filter(
      (file) =>
        /^(src|test|scripts|bench-out)\//.test(file) ||
        /\.(ts|map|tsbuildinfo)$/.test(file) ||
        (file.startsWith("dist/") && !file.startsWith("dist/bundle/")),
    );
    expect(sourceOnly).toEqual([]);
  });

  it("installs with no runtime dependencies (everything it runs is in dist/bundle)", () => {
    const manifest = JSON.parse(
      readFileSync(path.join(packed.installed, "package.json"), "utf8"),
    ) as { dependencies?: Record<string, string> };
    expect(manifest.dependencies ?? {}).toEqual({});
  });
});

describe("the installed package", () => {
  it("answers --version with package.json's version, found by npx", () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
    const result = npx("--version");
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`${version}\n`);
  });

  it("validates and plans the example campaigns", () => {
    const validate = bin("validate");
    expect(validate.stdout, validate.stderr).toMatch(/6 campaigns in 5 files are valid/);
    expect(validate.code).toBe(0);
    const plan = bin("plan", "--format", "json");
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).summary).toEqual({
      update: 6,
      unchanged: 0,
      forget: 0,
      deactivate: 0,
    });
  });

  it("compiles its chunks from the V8 code cache made at build time", () => {
    const log = moduleLog();
    try {
      const main = path.join(packed.installed, "dist", "bundle", "main.js");
      const result = log.run(main, ["plan"], { cwd: project });
      expect(result.status, result.stderr).toBe(0);
      expect(result.compiled.length).toBeGreaterThan(3);
      for (const { filename, from } of result.compiled) expect(from, filename).toBe("cache");
    } finally {
      log.cleanup();
    }
  });

  it("reports an invalid file as the checkout does", () => {
    const bad = path.join(project, "bad");
    mkdirSync(bad);
    cpSync(path.join(REPO, "test/fixtures/campaigns/utf16.yaml"), path.join(bad, "utf16.yaml"));
    const result = bin("validate", "--dir", "bad");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("re-save it as UTF-8");
  });

  it("runs the sandbox, which answers the documented curl call", async () => {
    const executable = path.join(packed.project, "node_modules", ".bin", "thulium-campaigns");
    const data = path.join(project, "sandbox.json");
    const child = spawn(executable, ["sandbox", "--port", "0", "--data", data], {
      cwd: project,
      env: npmEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let printed = "";
        const onData = (chunk: Buffer) => {
          printed += chunk.toString();
          const match = /Sandbox listening on (http:\/\/127\.0\.0\.1:\d+\/api)/.exec(printed);
          if (match?.[1]) resolve(match[1]);
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.on("exit", (code) => reject(new Error(`sandbox exited ${code}: ${printed}`)));
      });
      const response = await fetch(`${url}/outbounds`, {
        headers: { authorization: `Basic ${Buffer.from("api_user:api_pass").toString("base64")}` },
      });
      expect(response.status).toBe(200);
      await response.text();
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
