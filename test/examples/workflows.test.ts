/**
 * The CI recipes under examples/: each workflow file is valid YAML, has the flow the
 * README promises, and every `thulium-campaigns` command line in it parses with the real
 * CLI parser (an unknown command, flag or choice fails here, not in a user's CI).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PLAN_MARKER } from "../../src/cli/render/plan-markdown.js";
import { findCommands, parseProblem } from "./command-lines.js";

const repo = new URL("../../", import.meta.url).pathname;
const GITHUB = "examples/github-actions/thulium-campaigns.yml";
const GITLAB = "examples/gitlab-ci/.gitlab-ci.yml";

async function load(file: string): Promise<{ text: string; doc: unknown }> {
  const text = await readFile(path.join(repo, file), "utf8");
  return { text, doc: parse(text) };
}

/** Keys whose values are shell scripts: GitHub's `run`, GitLab's script lists. */
const SCRIPT_KEYS = new Set(["run", "script", "before_script", "after_script"]);

/** Every shell script in a parsed workflow, at any depth. */
function scripts(value: unknown, key = ""): string[] {
  if (typeof value === "string") return SCRIPT_KEYS.has(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => scripts(item, key));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([name, item]) => scripts(item, name));
  return [];
}

/**
 * Commands the recipes use before the parser has them: added by issue 12's drift command
 * (the scheduled drift jobs), until `drift` is wired into the CLI. Only "Unknown command"
 * is excused, so once it is wired its flags are checked like every other command's.
 */
const PENDING_COMMANDS = new Set(["drift"]);

/** Every thulium-campaigns command in a workflow's strings, with its parse problem. */
async function checkAll(doc: unknown) {
  const commands = scripts(doc).flatMap(findCommands);
  return Promise.all(
    commands.map(async (command) => {
      const problem = await parseProblem(command.args);
      const pending =
        PENDING_COMMANDS.has(command.args[0] ?? "") && /^Unknown command/.test(problem ?? "");
      return { ...command, problem: pending ? null : problem };
    }),
  );
}

describe("the command-line checker itself", () => {
  it("finds commands, stops at pipes and redirections, honours quotes and continuations", () => {
    expect(
      findCommands(
        'npx thulium-campaigns plan --format markdown --out "my plan.json" > plan.md\n' +
          "# npx thulium-campaigns not-a-command-in-a-comment\n" +
          "npx thulium-campaigns apply \\\n  --auto-approve 2>err.txt | tee log\n" +
          'echo "<!-- thulium-campaigns-plan -->" thulium-campaigns.yml\n' +
          "git clone URL thulium-campaigns && cd thulium-campaigns\n" +
          "npm install   # installs thulium-campaigns from npm\n" +
          "$ thulium-campaigns state rm 00001 # stop managing it\n" +
          "- run: npx thulium-campaigns validate --format github",
      ).map((command) => command.args),
    ).toEqual([
      ["plan", "--format", "markdown", "--out", "my plan.json"],
      ["apply", "--auto-approve"],
      ["state", "rm", "00001"],
      ["validate", "--format", "github"],
    ]);
  });

  it("rejects an unknown command, an unknown flag, a bad choice and a missing argument", async () => {
    expect(await parseProblem(["plna"])).toMatch(/^Unknown command\. Did you mean plan\?/);
    expect(await parseProblem(["plan", "--formatt", "json"])).toMatch(/Unknown argument/);
    expect(await parseProblem(["validate", "--format", "markdown"])).toMatch(/Invalid values/);
    expect(await parseProblem(["state", "rm"])).toMatch(/Not enough non-option arguments/);
    expect(await parseProblem(["apply", "--auto-aprove"])).toMatch(/Unknown argument/);
  });

  it("accepts valid command lines without running them", async () => {
    // Running `apply` here would fail without THULIUM_URL; checking it must not run it.
    expect(await parseProblem(["apply", "--auto-approve"])).toBeNull();
    expect(await parseProblem(["state", "rm", "00001"])).toBeNull();
    expect(await parseProblem(["init", "somewhere"])).toBeNull();
  });
});

describe(GITHUB, () => {
  it("runs validate, plan and apply, and every command line parses", async () => {
    const { doc } = await load(GITHUB);
    const checked = await checkAll(doc);
    expect(checked.map((command) => command.args.join(" "))).toEqual([
      "validate --format github",
      "plan --format markdown --out plan.json",
      "apply --auto-approve",
    ]);
    for (const command of checked) expect(command.problem, command.line).toBeNull();
  });

  it("plans pull requests without secrets and applies main with them, one apply at a time", async () => {
    const { doc } = (await load(GITHUB)) as { doc: GithubWorkflow };
    expect(Object.keys(doc.on)).toEqual(["pull_request", "push"]);
    expect(doc.on.push).toEqual({ branches: ["main"] });
    const plan = doc.jobs.plan;
    const apply = doc.jobs.apply;
    expect(JSON.stringify(plan)).not.toContain("secrets.");
    expect(apply.concurrency).toEqual({
      group: "thulium-campaigns-apply",
      "cancel-in-progress": false,
    });
    const applyStep = apply.steps.find((step) => step.run?.includes("apply --auto-approve"));
    // The GitHub expression "${{ secrets.NAME }}", joined so it cannot read as a JS template.
    const secret = (name: string) => ["$", "{{ secrets.", name, " }}"].join("");
    expect(applyStep?.env).toEqual({
      THULIUM_URL: secret("THULIUM_URL"),
      THULIUM_USER: secret("THULIUM_USER"),
      THULIUM_PASSWORD: secret("THULIUM_PASSWORD"),
    });
    const commit = apply.steps.find((step) => step.run?.includes("git push"));
    expect(commit?.run).toContain("git add .thulium/state.json");
    expect(commit?.run).toContain("git pull --rebase origin main");
  });

  it("uploads the JSON plan, writes the step summary, and finds its comment by the marker", async () => {
    const { doc } = (await load(GITHUB)) as { doc: GithubWorkflow };
    const steps = doc.jobs.plan.steps;
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.path).toBe("plan.json");
    expect(steps.some((step) => step.run?.includes('>> "$GITHUB_STEP_SUMMARY"'))).toBe(true);
    const script = steps.find((step) => step.uses?.startsWith("actions/github-script@"));
    expect(script?.with?.script).toContain(`const marker = "${PLAN_MARKER}";`);
    expect(script?.with?.script).toContain("updateComment");
  });
});

describe(GITLAB, () => {
  it("runs validate, plan, apply and the scheduled drift check, and every command line parses", async () => {
    const { doc } = await load(GITLAB);
    const checked = await checkAll(doc);
    expect(checked.map((command) => command.args.join(" "))).toEqual([
      "validate",
      "plan --format markdown --out plan.json",
      "apply --auto-approve",
      "drift --format markdown --detailed-exitcode",
    ]);
    for (const command of checked) expect(command.problem, command.line).toBeNull();
  });

  it("installs the tool from THULIUM_CAMPAIGNS_PACKAGE in every job that runs it, never from a package.json", async () => {
    // The package is on no registry, and the package.json `init` writes may name a folder
    // on the author's machine: `npm ci` against it cannot work on a runner. Each job installs
    // a spec the runner can reach instead (the action test installs a packed tarball the
    // same way: `npm install --global <spec>`).
    const { doc } = (await load(GITLAB)) as { doc: Record<string, GitlabJob> };
    const variables = doc.variables as Record<string, string>;
    const defaultScript = doc.default?.before_script ?? [];
    expect(variables.THULIUM_CAMPAIGNS_PACKAGE).toMatch(/^git\+https:\/\/\S+#\S+$/);
    const install = /^npm install --global .*"\$THULIUM_CAMPAIGNS_PACKAGE"$/;
    expect(defaultScript.filter((line) => install.test(line))).toHaveLength(1);
    const jobs = Object.entries(doc).filter(([, job]) => Array.isArray(job?.script));
    expect(jobs.map(([name]) => name).sort()).toEqual(["apply", "drift", "plan", "validate"]);
    for (const [name, job] of jobs) {
      const lines = [...(job.before_script ?? defaultScript), ...(job.script ?? [])];
      const text = lines.join("\n");
      expect(text, name).not.toMatch(/\bnpm ci\b|\bnpx\b/);
      const installAt = lines.findIndex((line) => install.test(line));
      const runAt = lines.findIndex((line) => /^(status=0; )?thulium-campaigns /.test(line));
      expect(installAt, `${name} installs the tool`).toBeGreaterThanOrEqual(0);
      expect(runAt, `${name} runs the tool after installing it`).toBeGreaterThan(installAt);
    }
  });

  it("serialises applies with a resource group and updates one merge-request note", async () => {
    const { doc } = (await load(GITLAB)) as { doc: Record<string, GitlabJob> };
    expect(doc.apply?.resource_group).toBe("thulium-campaigns-apply");
    // Issue 12: a scheduled pipeline (the drift check) never applies.
    expect(doc.apply?.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "schedule"', when: "never" },
      { if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" },
    ]);
    const planScript = (doc.plan?.script ?? []).join("\n");
    expect(planScript).toContain(`const marker = "${PLAN_MARKER}";`);
    expect(planScript).toContain("/notes");
    expect(doc.plan?.artifacts?.paths).toContain("plan.json");
    expect((doc.apply?.script ?? []).join("\n")).toContain("git pull --rebase origin");
  });
});

interface GithubStep {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface GithubWorkflow {
  on: Record<string, unknown>;
  jobs: Record<
    "plan" | "apply",
    { steps: GithubStep[]; concurrency?: unknown; permissions?: unknown }
  >;
}
interface GitlabJob {
  before_script?: string[];
  script?: string[];
  rules?: unknown;
  resource_group?: string;
  artifacts?: { paths?: string[] };
}
