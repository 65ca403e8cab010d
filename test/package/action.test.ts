/**
 * The GitHub Action (issue 15, item 5), run as the runner runs a composite action: action.yml
 * parsed, each `run:` step executed with bash in order, its `${{ inputs.* }}` and
 * `${{ github.action_path }}` expressions substituted, its `if:` honoured, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_ENV and GITHUB_PATH as files (their commands applied to later steps), RUNNER_TEMP a temp folder. The action's
 * checkout is the packed package (what a release ref holds: dist/bundle built, so the
 * install step packs and installs it globally, offline, into a temp npm prefix). Commands
 * run against the campaigns/ examples and the built-in sandbox.
 */
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PLAN_MARKER } from "../../src/cli/render/plan-markdown.js";
import { npmEnv, REPO, run, sharedPackage } from "./npm.js";

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(REPO, "action.yml"), "utf8")) as Action;
const root = mkdtempSync(path.join(tmpdir(), "thulium-action-"));
const actionPath = path.join(root, "action", "package");
const prefix = path.join(root, "npm-prefix");

beforeAll(() => {
  const { tarball } = sharedPackage();
  mkdirSync(path.join(root, "action"));
  const untar = run("tar", ["-xzf", tarball, "-C", path.join(root, "action")], root);
  expect(untar.code, untar.stderr).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `${{ inputs.x }}` and `${{ github.action_path }}` in `text`, substituted. */
function substitute(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_match, expression: string) => {
    if (expression === "github.action_path") return actionPath;
    if (expression.startsWith("inputs.")) return inputs[expression.slice(7)] ?? "";
    throw new Error(`The test runner does not know the expression ${expression}`);
  });
}

/** The `if:` conditions the action uses: `inputs.x != ''`. */
function condition(text: string | undefined, inputs: Record<string, string>): boolean {
  if (text === undefined) return true;
  const match = /^inputs\.([\w-]+) != ''$/.exec(text.trim());
  if (!match?.[1]) throw new Error(`The test runner does not know the condition ${text}`);
  return (inputs[match[1]] ?? "") !== "";
}

interface ActionRun {
  /** The failing step's exit code, or 0. */
  code: number;
  outputs: Record<string, string>;
  summary: string;
  log: string;
  /** The environment later steps of the job see (PATH with GITHUB_PATH's entries). */
  jobEnv: NodeJS.ProcessEnv;
}

/**
 * Whether a run of the action in this file has installed the tool into `prefix` already.
 * The install step (npm pack, then a global npm install) costs seconds of npm's CPU and
 * does the same every time, so after it once succeeded a run skips it, as a later step
 * of the job would find the tool installed; the test of the install itself always runs it.
 */
let installed = false;
/** What the install step wrote to GITHUB_ENV and GITHUB_PATH, for the runs that skip it. */
const installCommands = { env: {} as Record<string, string>, path: [] as string[] };
const isInstallStep = (step: Step) => /\bnpm install --global\b/.test(step.run ?? "");

/** Runs the action in `workspace` with these `with:` inputs and step `env`. */
function runAction(
  workspace: string,
  given: Record<string, string>,
  env: Record<string, string> = {},
  { install = "once" }: { install?: "once" | "always" } = {},
): ActionRun {
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = input.default ?? "";
  Object.assign(inputs, given);
  const runner = mkdtempSync(path.join(root, "runner-"));
  const files = {
    GITHUB_OUTPUT: path.join(runner, "output"),
    GITHUB_STEP_SUMMARY: path.join(runner, "summary"),
    GITHUB_PATH: path.join(runner, "path"),
    GITHUB_ENV: path.join(runner, "env"),
  };
  for (const file of Object.values(files)) writeFileSync(file, "");
  const base = npmEnv({ ...env, ...files, RUNNER_TEMP: runner, npm_config_prefix: prefix });
  const stepOutputs: Record<string, Record<string, string>> = {};
  let log = "";
  let code = 0;
  // The file commands of earlier steps, as the runner applies them to the later ones.
  const jobCommands = { env: {} as Record<string, string>, path: [] as string[] };
  for (const step of action.runs.steps) {
    if (!condition(step.if, inputs)) continue;
    if (isInstallStep(step) && installed && install === "once") {
      Object.assign(jobCommands.env, installCommands.env);
      jobCommands.path.unshift(...installCommands.path);
      continue;
    }
    if (step.uses !== undefined) {
      // actions/setup-node: the test's own node stands in for it.
      expect(step.uses).toMatch(/^actions\/setup-node@/);
      continue;
    }
    expect(step.shell).toBe("bash");
    writeFileSync(files.GITHUB_OUTPUT, "");
    writeFileSync(files.GITHUB_ENV, "");
    writeFileSync(files.GITHUB_PATH, "");
    const stepEnv: NodeJS.ProcessEnv = {
      ...base,
      ...jobCommands.env,
      PATH: [...jobCommands.path, base.PATH].join(path.delimiter),
    };
    for (const [name, value] of Object.entries(step.env ?? {})) {
      stepEnv[name] = substitute(value, inputs);
    }
    const cwd = path.resolve(workspace, substitute(step["working-directory"] ?? ".", inputs));
    // As the runner runs `shell: bash`: bash --noprofile --norc -eo pipefail {0}.
    const script = path.join(runner, "step.sh");
    writeFileSync(script, substitute(step.run ?? "", inputs));
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd,
      env: stepEnv,
      encoding: "utf8",
      timeout: 120_000,
    });
    log += result.stdout + result.stderr;
    if (step.id !== undefined) {
      stepOutputs[step.id] = Object.fromEntries(
        readFileSync(files.GITHUB_OUTPUT, "utf8")
          .split("\n")
          .filter((line) => line.includes("="))
          .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
      );
    }
    const commands = fileCommands(files);
    Object.assign(jobCommands.env, commands.env);
    jobCommands.path.unshift(...commands.path);
    if (result.status !== 0) {
      code = result.status ?? 1;
      break;
    }
    if (isInstallStep(step)) {
      installed = true;
      Object.assign(installCommands, commands);
    }
  }
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(action.outputs)) {
    const match = /^\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(output.value);
    if (!match?.[1] || !match[2]) throw new Error(`Unexpected output ${output.value}`);
    outputs[name] = stepOutputs[match[1]]?.[match[2]] ?? "";
  }
  const jobEnv = {
    ...npmEnv({ ...env, npm_config_prefix: prefix }),
    ...jobCommands.env,
    PATH: [...jobCommands.path, process.env.PATH].join(path.delimiter),
  };
  return { code, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"), log, jobEnv };
}

/**
 * What a step wrote to GITHUB_ENV (`NAME=value` lines) and GITHUB_PATH (one folder a line).
 * The runner prepends GITHUB_PATH's folders, the latest first.
 */
function fileCommands(files: { GITHUB_ENV: string; GITHUB_PATH: string }) {
  const env: Record<string, string> = {};
  for (const line of readFileSync(files.GITHUB_ENV, "utf8").split("\n").filter(Boolean)) {
    // The multi-line form (NAME<<DELIMITER) is not used by the action; refuse it here.
    expect(line, "GITHUB_ENV line").toMatch(/^[A-Z_]+=/);
    env[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }
  const folders = readFileSync(files.GITHUB_PATH, "utf8").split("\n").filter(Boolean);
  return { env, path: folders.reverse() };
}

/** A repository checkout with the example campaigns and no state. */
function workspace(): string {
  const dir = mkdtempSync(path.join(root, "repo-"));
  cpSync(path.join(REPO, "campaigns"), path.join(dir, "campaigns"), { recursive: true });
  return dir;
}

describe("action.yml", () => {
  it("is a composite action with the documented inputs and outputs", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining([
        "command",
        "dir",
        "state",
        "sandbox",
        "format",
        "args",
        "working-directory",
      ]),
    );
    expect(Object.keys(action.outputs)).toEqual(["exit-code", "has-changes", "markdown-file"]);
  });

  it("without a command, installs the tool for later steps (npx finds it, offline)", () => {
    const dir = workspace();
    const result = runAction(dir, {}, {}, { install: "always" });
    expect(result.code, result.log).toBe(0);
    expect(result.outputs["exit-code"]).toBe("");
    const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
    const later = run("npx", ["--offline", "thulium-campaigns", "--version"], dir, result.jobEnv);
    expect(later.stdout, later.stderr).toBe(`${version}\n`);
    const validate = run("thulium-campaigns", ["validate"], dir, result.jobEnv);
    expect(validate.code, validate.stderr).toBe(0);
    // A copy of what the package ships, not a link into the action's checkout.
    const installedAt = path.join(prefix, "lib", "node_modules", "thulium-campaigns");
    expect(lstatSync(installedAt).isSymbolicLink()).toBe(false);
    expect(readdirSync(installedAt).sort()).toEqual(readdirSync(actionPath).sort());
  });

  it("plan: markdown plan in a file and the summary, exit code 2, has-changes", () => {
    const dir = workspace();
    const result = runAction(dir, { command: "plan" });
    expect(result.code, result.log).toBe(0);
    expect(result.outputs["exit-code"]).toBe("2");
    expect(result.outputs["has-changes"]).toBe("true");
    const markdown = result.outputs["markdown-file"] ?? "";
    expect(existsSync(markdown)).toBe(true);
    const plan = readFileSync(markdown, "utf8");
    expect(plan.startsWith(PLAN_MARKER)).toBe(true);
    expect(result.summary).toBe(plan);
  });

  it("apply against the sandbox records the state; plan then has no changes", () => {
    const dir = workspace();
    const applied = runAction(dir, { command: "apply", sandbox: "true", args: "--auto-approve" });
    expect(applied.code, applied.log).toBe(0);
    expect(applied.outputs).toEqual({
      "exit-code": "0",
      "has-changes": "false",
      "markdown-file": "",
    });
    expect(existsSync(path.join(dir, ".thulium", "sandbox", "state.json"))).toBe(true);
    const planned = runAction(dir, { command: "plan", sandbox: "true", format: "json" });
    expect(planned.code, planned.log).toBe(0);
    expect(planned.outputs).toEqual({
      "exit-code": "0",
      "has-changes": "false",
      "markdown-file": "",
    });
    expect(planned.log).toContain('"unchanged": 6');
  });

  it("dir, state and working-directory reach the command; an error fails the step with exit-code 1", () => {
    const dir = workspace();
    mkdirSync(path.join(dir, "sub"));
    cpSync(path.join(dir, "campaigns"), path.join(dir, "sub", "declared"), { recursive: true });
    appendFileSync(path.join(dir, "sub", "declared", "broken.yaml"), "id: [\n");
    const result = runAction(dir, {
      command: "validate",
      dir: "declared",
      "working-directory": "sub",
      format: "json",
    });
    expect(result.code).toBe(1);
    expect(result.outputs["exit-code"]).toBe("1");
    expect(result.log).toContain('"file": "declared/broken.yaml"');
  });
});

describe("the shipped GitHub workflows", () => {
  for (const file of ["thulium-campaigns.yml", "thulium-campaigns-drift.yml"]) {
    it(`${file}: every job installs the tool with the action, not from a registry`, () => {
      const text = readFileSync(path.join(REPO, "examples", "github-actions", file), "utf8");
      const workflow = parse(text) as { jobs: Record<string, { steps: Step[] }> };
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const uses = job.steps.map((step) => step.uses ?? "");
        expect(uses, name).toContain("<owner>/thulium-campaigns@v1");
        expect(
          job.steps.some((step) => /\bnpm (ci|install)\b/.test(step.run ?? "")),
          name,
        ).toBe(false);
      }
      expect(text).toMatch(/pin a full commit SHA/i);
    });
  }
});
