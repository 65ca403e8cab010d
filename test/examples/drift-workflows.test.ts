/**
 * The scheduled drift recipes, run for real: the recipe's own shell lines under bash (as
 * the runners run them) with `npx` standing in for the CLI (it prints a prepared drift
 * report and exits 0, 2 or 1), then the recipe's own issue script. GitHub's script gets an
 * in-memory stand-in for its Octokit client; GitLab's talks HTTP to an issues API served
 * on 127.0.0.1. Across runs: one issue opened when drift appears, updated while it lasts,
 * closed with a comment when it is gone; an error fails the job and touches nothing.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "../cli/built-cli.js";
import { findCommands, parseProblem } from "./command-lines.js";

const GITHUB = "examples/github-actions/thulium-campaigns-drift.yml";
const GITLAB = "examples/gitlab-ci/.gitlab-ci.yml";
const MARKER = "<!-- thulium-campaigns drift -->";
const COMMAND = "thulium-campaigns drift --format markdown --detailed-exitcode";

/** Two drift reports and a clean one, as `drift --format markdown` might word them. */
const DRIFT_A = `${MARKER}\n## Drift: 1 of 6 managed campaigns differs from Thulium\n\n| campaign | field | applied | live |\n|---|---|---|---|\n| 00001 | order | 10 | 99 |\n`;
const DRIFT_B = `${MARKER}\n## Drift: 2 of 6 managed campaigns differ from Thulium\n\n| campaign | field | applied | live |\n|---|---|---|---|\n| 00001 | order | 10 | 99 |\n| 00002 | active | true | false |\n`;
const CLEAN = `${MARKER}\n## No drift in the 54 fields compared (6 managed campaigns)\n`;

let dir: string;
let bin: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "drift-workflows-"));
  bin = path.join(dir, ".bin");
  await mkdir(bin);
  // Stand in for `npx thulium-campaigns drift …` (GitHub) and for the installed
  // `thulium-campaigns drift …` (GitLab): log the command line from `thulium-campaigns` on,
  // print the report the test prepared and exit with the code the test chose.
  const fake = (prefix: string) =>
    `#!/bin/sh\nprintf '%s\\n' "${prefix}$*" >> "$FAKE_NPX_LOG"\ncat "$FAKE_DRIFT_REPORT"\nexit "$FAKE_DRIFT_EXIT"\n`;
  await writeFile(path.join(bin, "npx"), fake(""));
  await writeFile(path.join(bin, "thulium-campaigns"), fake("thulium-campaigns "));
  await chmod(path.join(bin, "npx"), 0o755);
  await chmod(path.join(bin, "thulium-campaigns"), 0o755);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The environment that makes `npx` the stand-in, reporting `report` with exit `code`. */
async function fakeDrift(code: number, report: string): Promise<NodeJS.ProcessEnv> {
  await writeFile(path.join(dir, ".report.md"), report);
  return {
    PATH: [bin, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
    FAKE_NPX_LOG: path.join(dir, ".npx.log"),
    FAKE_DRIFT_REPORT: path.join(dir, ".report.md"),
    FAKE_DRIFT_EXIT: String(code),
  };
}

/** Runs a shell script as the runners do (bash, -e and pipefail); never rejects. */
function bash(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      cwd: dir,
      env,
      timeout: 20_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The `npx` invocations the stand-in saw. */
async function npxCalls(): Promise<string[]> {
  const log = await readFile(path.join(dir, ".npx.log"), "utf8").catch(() => "");
  return log.split("\n").filter((line) => line !== "");
}

/** Every command line of the recipe parses, `drift` excused only while the parser lacks it. */
async function expectCommandLinesParse(script: string): Promise<void> {
  const found = findCommands(script);
  expect(found.map((command) => command.args.join(" "))).toContain(
    COMMAND.replace("thulium-campaigns ", ""),
  );
  for (const command of found) {
    const problem = await parseProblem(command.args);
    // Added by issue 12's drift command: "Unknown command" is excused for `drift` until
    // it is wired into the parser; any other problem (a flag, a choice) still fails.
    const pending = command.args[0] === "drift" && /^Unknown command/.test(problem ?? "");
    expect(pending ? null : problem, command.line).toBeNull();
  }
}

describe(`GitHub: ${GITHUB}`, () => {
  interface Step {
    id?: string;
    if?: string;
    uses?: string;
    run?: string;
    env?: Record<string, string>;
    with?: Record<string, string>;
  }
  const workflow = parse(readFileSync(path.join(REPO, GITHUB), "utf8")) as {
    on: Record<string, unknown>;
    jobs: { drift: { steps: Step[]; permissions: unknown; concurrency: unknown } };
  };
  const steps = workflow.jobs.drift.steps;
  const driftStep = steps.find((step) => step.id === "drift") as Step;
  const scriptStep = steps.find((step) => step.uses?.startsWith("actions/github-script@")) as Step;
  // The GitHub expression "${{ NAME }}", joined so it cannot read as a JS template.
  const expression = (name: string) => ["$", "{{ ", name, " }}"].join("");

  interface Issue {
    number: number;
    title: string;
    body: string;
    state: "open" | "closed";
    state_reason?: string;
    user: { type: string };
    pull_request?: { url: string };
    comments: string[];
  }

  /** An in-memory repository's issues, behind the Octokit calls the script makes. */
  function fakeGithub(seed: Issue[]) {
    const issues = seed;
    const calls: string[] = [];
    const find = (number: number) => {
      const issue = issues.find((candidate) => candidate.number === number);
      if (issue === undefined) throw new Error(`no issue #${number}`);
      return issue;
    };
    const checkRepo = (params: { owner: string; repo: string }) =>
      expect([params.owner, params.repo]).toEqual(["acme", "campaigns"]);
    const rest = {
      issues: {
        listForRepo: async (params: { owner: string; repo: string; state: string }) => {
          checkRepo(params);
          calls.push(`list ${params.state}`);
          const listed = issues.filter((issue) => issue.state === params.state);
          return { data: structuredClone(listed) };
        },
        create: async (params: { owner: string; repo: string; title: string; body: string }) => {
          checkRepo(params);
          const number = Math.max(0, ...issues.map((issue) => issue.number)) + 1;
          calls.push(`create #${number}`);
          issues.push({
            number,
            title: params.title,
            body: params.body,
            state: "open",
            user: { type: "Bot" },
            comments: [],
          });
          return { data: { number } };
        },
        update: async (params: {
          owner: string;
          repo: string;
          issue_number: number;
          body?: string;
          state?: "open" | "closed";
          state_reason?: string;
        }) => {
          checkRepo(params);
          const issue = find(params.issue_number);
          calls.push(`update #${issue.number}${params.state ? ` ${params.state}` : ""}`);
          if (params.body !== undefined) issue.body = params.body;
          if (params.state !== undefined) issue.state = params.state;
          if (params.state_reason !== undefined) issue.state_reason = params.state_reason;
          return { data: {} };
        },
        createComment: async (params: {
          owner: string;
          repo: string;
          issue_number: number;
          body: string;
        }) => {
          checkRepo(params);
          calls.push(`comment #${params.issue_number}`);
          find(params.issue_number).comments.push(params.body);
          return { data: {} };
        },
      },
    };
    const github = {
      paginate: async <T>(
        method: (params: never) => Promise<{ data: T[] }>,
        params: unknown,
      ): Promise<T[]> => (await method(params as never)).data,
      rest,
    };
    return { issues, calls, github };
  }

  /** Runs the github-script step as the action does: its text as an async function body. */
  async function runScript(github: unknown, driftExit: string, logs: string[] = []) {
    const fsInDir = {
      readFileSync: (file: string, encoding: BufferEncoding) =>
        readFileSync(path.join(dir, file), encoding),
    };
    const require = (name: string) => {
      if (name !== "node:fs" && name !== "fs") throw new Error(`unexpected require ${name}`);
      return fsInDir;
    };
    const context = {
      repo: { owner: "acme", repo: "campaigns" },
      serverUrl: "https://github.com",
      runId: 4242,
    };
    const core = { info: (message: string) => logs.push(message) };
    const AsyncFunction = (async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction(
      "require",
      "github",
      "context",
      "core",
      "process",
      scriptStep.with?.script ?? "",
    )(require, github, context, core, { env: { DRIFT_EXIT: driftExit } });
  }

  /**
   * One scheduled run: the drift step's shell under bash, then (only when it succeeded, as
   * GitHub skips later steps after a failure) the script step with the step's output.
   */
  async function runJob(github: unknown, code: number, report: string) {
    const output = path.join(dir, ".github-output");
    const summary = path.join(dir, ".github-summary");
    await writeFile(output, "");
    await writeFile(summary, "");
    const step = await bash(driftStep.run ?? "", {
      ...(await fakeDrift(code, report)),
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(step.stderr).toBe("");
    const outputs = Object.fromEntries(
      (await readFile(output, "utf8"))
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(await readFile(path.join(dir, "drift.md"), "utf8")).toBe(report);
    expect(await readFile(summary, "utf8")).toBe(report);
    if (step.code !== 0) return { stepCode: step.code, outputs, scriptRan: false };
    await runScript(github, outputs.exit ?? "");
    return { stepCode: step.code, outputs, scriptRan: true };
  }

  const seed = (): Issue[] => [
    // A human quoting the marker, a pull request starting with it, an unrelated bot issue.
    {
      number: 1,
      title: "Why this marker?",
      body: `${MARKER}\nquoted by a human`,
      state: "open",
      user: { type: "User" },
      comments: [],
    },
    {
      number: 2,
      title: "A pull request",
      body: `${MARKER}\nnot an issue`,
      state: "open",
      user: { type: "Bot" },
      pull_request: { url: "https://api.github.com/repos/acme/campaigns/pulls/2" },
      comments: [],
    },
    {
      number: 3,
      title: "Dependabot",
      body: "Bump yaml",
      state: "open",
      user: { type: "Bot" },
      comments: [],
    },
  ];

  it("runs on a schedule and by hand, may write issues only, and its command line parses", async () => {
    expect(Object.keys(workflow.on)).toEqual(["schedule", "workflow_dispatch"]);
    expect(workflow.jobs.drift.permissions).toEqual({ contents: "read", issues: "write" });
    expect(workflow.jobs.drift.concurrency).toEqual({
      group: "thulium-campaigns-drift",
      "cancel-in-progress": false,
    });
    expect(driftStep.run).toContain(`npx ${COMMAND} > drift.md`);
    expect(driftStep.env).toEqual({
      THULIUM_URL: expression("secrets.THULIUM_URL"),
      THULIUM_USER: expression("secrets.THULIUM_USER"),
      THULIUM_PASSWORD: expression("secrets.THULIUM_PASSWORD"),
    });
    // Secrets reach the drift step only, never the script that talks to GitHub.
    expect(JSON.stringify(scriptStep)).not.toContain("secrets.");
    expect(scriptStep.env).toEqual({ DRIFT_EXIT: expression("steps.drift.outputs.exit") });
    // No `if:`: GitHub runs it only when the drift step succeeded (exit 0 or 2).
    expect(scriptStep.if).toBeUndefined();
    expect(scriptStep.with?.script).toContain(`const marker = "${MARKER}";`);
    await expectCommandLinesParse(steps.map((step) => step.run ?? "").join("\n"));
  });

  it("opens one issue when drift appears, updates it while it lasts, closes it when it is gone", async () => {
    const { issues, calls, github } = fakeGithub(seed());
    const untouched = structuredClone(issues);

    expect(await runJob(github, 2, DRIFT_A)).toMatchObject({ stepCode: 0, outputs: { exit: "2" } });
    expect(calls).toEqual(["list open", "create #4"]);
    expect(issues[3]).toMatchObject({
      number: 4,
      title: "Drift: Thulium's campaigns differ from the last-applied state",
      body: DRIFT_A,
      state: "open",
    });

    calls.length = 0;
    await runJob(github, 2, DRIFT_B);
    expect(calls).toEqual(["list open", "update #4"]);
    expect(issues[3]?.body).toBe(DRIFT_B);

    calls.length = 0;
    await runJob(github, 2, DRIFT_B);
    expect(calls).toEqual(["list open"]);

    calls.length = 0;
    expect(await runJob(github, 0, CLEAN)).toMatchObject({ stepCode: 0, outputs: { exit: "0" } });
    expect(calls).toEqual(["list open", "comment #4", "update #4 closed"]);
    expect(issues[3]).toMatchObject({ state: "closed", state_reason: "completed", body: DRIFT_B });
    expect(issues[3]?.comments).toEqual([
      `Drift is gone as far as the scheduled check can see: drift exited 0 ([run](https://github.com/acme/campaigns/actions/runs/4242)). Its report:\n\n${CLEAN.slice(MARKER.length + 1)}`,
    ]);

    calls.length = 0;
    await runJob(github, 0, CLEAN);
    expect(calls).toEqual(["list open"]);

    // Drift again later: a new issue, and a report without the marker still gets it.
    calls.length = 0;
    await runJob(github, 2, DRIFT_A.slice(MARKER.length + 1));
    expect(calls).toEqual(["list open", "create #5"]);
    expect(issues[4]?.body).toBe(DRIFT_A);

    expect(issues.slice(0, 3)).toEqual(untouched);
    expect(await npxCalls()).toEqual(Array(6).fill(COMMAND));
  });

  it("an error (exit 1) fails the job and leaves the issue as it is", async () => {
    const { issues, calls, github } = fakeGithub(seed());
    await runJob(github, 2, DRIFT_A);
    const before = structuredClone(issues);
    calls.length = 0;

    expect(await runJob(github, 1, "")).toMatchObject({
      stepCode: 1,
      outputs: { exit: "1" },
      scriptRan: false,
    });
    expect(calls).toEqual([]);
    // Even if the script ran after an error (a changed `if:`), it would touch nothing.
    for (const driftExit of ["1", "", "130"]) {
      await expect(runScript(github, driftExit)).rejects.toThrow(/the issue is left as it is/);
    }
    expect(calls).toEqual([]);
    expect(issues).toEqual(before);
  });

  it("cuts a report longer than GitHub takes for an issue body, saying where the rest is", async () => {
    const { issues, github } = fakeGithub([]);
    const long = `${MARKER}\n${"| 00001 | name | a | b |\n".repeat(4000)}`;
    await runJob(github, 2, long);
    const body = issues[0]?.body ?? "";
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(body).toMatch(
      /\n\n… \(cut: the whole report is in the summary of https:\/\/github\.com\/acme\/campaigns\/actions\/runs\/4242\)\n$/,
    );
  });
});

describe(`GitLab: ${GITLAB}, job drift`, () => {
  interface GitlabIssue {
    iid: number;
    title: string;
    description: string;
    state: "opened" | "closed";
    notes: string[];
  }
  interface DriftJob {
    stage: string;
    needs: unknown[];
    rules: unknown;
    resource_group: string;
    script: string[];
    artifacts: { when: string; paths: string[] };
  }
  const pipeline = parse(readFileSync(path.join(REPO, GITLAB), "utf8")) as {
    stages: string[];
    drift: DriftJob;
  };
  const job = pipeline.drift;
  const PROJECT = "/api/v4/projects/12/issues";

  /** A loopback GitLab issues API; one issue per page, so the script must page. */
  async function gitlabServer(seed: GitlabIssue[]) {
    const issues = seed;
    const seen: string[] = [];
    const server: Server = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk) => {
        text += chunk;
      });
      request.on("end", () => {
        const url = new URL(request.url ?? "/", "http://127.0.0.1");
        seen.push(`${request.method} ${url.pathname}${url.search}`);
        response.setHeader("Content-Type", "application/json");
        const reply = (status: number, body: unknown) => {
          response.statusCode = status;
          response.end(JSON.stringify(body));
        };
        if (request.headers["private-token"] !== "bot-token") return reply(401, {});
        const payload = text === "" ? {} : JSON.parse(text);
        const match = /^\/api\/v4\/projects\/12\/issues(?:\/(\d+)(\/notes)?)?$/.exec(url.pathname);
        const issue = issues.find((candidate) => String(candidate.iid) === match?.[1]);
        if (request.method === "GET" && match && match[1] === undefined) {
          const page = Number(url.searchParams.get("page") ?? "1");
          const state = url.searchParams.get("state");
          const listed = issues.filter((candidate) => state === null || candidate.state === state);
          return reply(200, listed.slice(page - 1, page));
        }
        if (request.method === "POST" && match && match[1] === undefined) {
          const iid = Math.max(0, ...issues.map((candidate) => candidate.iid)) + 1;
          issues.push({
            iid,
            title: payload.title,
            description: payload.description,
            state: "opened",
            notes: [],
          });
          return reply(201, { iid });
        }
        if (request.method === "PUT" && issue && match?.[2] === undefined) {
          if (payload.description !== undefined) issue.description = payload.description;
          if (payload.state_event === "close") issue.state = "closed";
          return reply(200, { iid: issue.iid });
        }
        if (request.method === "POST" && issue && match?.[2] === "/notes") {
          issue.notes.push(payload.body);
          return reply(201, {});
        }
        return reply(404, {});
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      issues,
      seen,
      /** The requests that changed something. */
      changes: () => seen.filter((line) => !line.startsWith("GET")),
      env: {
        CI_API_V4_URL: `http://127.0.0.1:${port}/api/v4`,
        CI_PROJECT_ID: "12",
        CI_PIPELINE_URL: "https://gitlab.example/acme/campaigns/-/pipelines/77",
        THULIUM_CAMPAIGNS_BOT_TOKEN: "bot-token",
      },
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  /** One scheduled pipeline's drift job: its script lines in one bash, as the runner runs them. */
  async function runJob(env: NodeJS.ProcessEnv, code: number, report: string) {
    return bash(job.script.join("\n"), { ...(await fakeDrift(code, report)), ...env });
  }

  const seed = (): GitlabIssue[] => [
    {
      iid: 1,
      title: "Unrelated",
      description: "Renew the certificate",
      state: "opened",
      notes: [],
    },
    {
      iid: 2,
      title: "Question",
      description: `What is ${MARKER} for?`,
      state: "opened",
      notes: [],
    },
  ];

  it("runs only in scheduled pipelines of the default branch, never with apply, and its command line parses", async () => {
    expect(pipeline.stages).toContain("drift");
    expect(job.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "schedule" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
    ]);
    expect(job.needs).toEqual([]);
    expect(job.resource_group).toBe("thulium-campaigns-drift");
    expect(job.artifacts).toMatchObject({ when: "always", paths: ["drift.md"] });
    expect(job.script.join("\n")).toContain(`const marker = "${MARKER}";`);
    await expectCommandLinesParse(job.script.join("\n"));
  });

  it("opens one issue when drift appears, updates it while it lasts, closes it with a note when it is gone", async () => {
    const api = await gitlabServer(seed());
    try {
      const untouched = structuredClone(api.issues);
      const first = await runJob(api.env, 2, DRIFT_A);
      expect(first).toMatchObject({ code: 0, stderr: "" });
      expect(first.stdout).toContain("Drift found: opened issue #3.");
      expect(api.changes()).toEqual([`POST ${PROJECT}`]);
      expect(api.issues[2]).toMatchObject({
        iid: 3,
        title: "Drift: Thulium's campaigns differ from the last-applied state",
        description: DRIFT_A,
        state: "opened",
      });

      expect(await runJob(api.env, 2, DRIFT_B)).toMatchObject({ code: 0, stderr: "" });
      expect(api.changes()).toEqual([`POST ${PROJECT}`, `PUT ${PROJECT}/3`]);
      expect(api.issues[2]?.description).toBe(DRIFT_B);
      expect(await runJob(api.env, 2, DRIFT_B)).toMatchObject({ code: 0 });
      expect(api.changes()).toHaveLength(2);

      const clean = await runJob(api.env, 0, CLEAN);
      expect(clean).toMatchObject({ code: 0, stderr: "" });
      expect(clean.stdout).toContain("No drift: closed issue #3.");
      expect(api.changes().slice(2)).toEqual([`POST ${PROJECT}/3/notes`, `PUT ${PROJECT}/3`]);
      expect(api.issues[2]).toMatchObject({ state: "closed", description: DRIFT_B });
      expect(api.issues[2]?.notes).toEqual([
        `Drift is gone as far as the scheduled check can see: drift exited 0 (https://gitlab.example/acme/campaigns/-/pipelines/77). Its report:\n\n${CLEAN.slice(MARKER.length + 1)}`,
      ]);
      expect(await runJob(api.env, 0, CLEAN)).toMatchObject({ code: 0 });
      expect(api.changes()).toHaveLength(4);

      expect(api.issues.slice(0, 2)).toEqual(untouched);
      expect(api.seen.some((line) => line.includes("page=2"))).toBe(true);
      expect(await npxCalls()).toEqual(Array(5).fill(COMMAND));
    } finally {
      await api.close();
    }
  });

  it("an error (exit 1) fails the job and makes no request", async () => {
    const api = await gitlabServer(seed());
    try {
      await runJob(api.env, 2, DRIFT_A);
      const before = structuredClone(api.issues);
      const requests = api.seen.length;
      expect(await runJob(api.env, 1, "")).toMatchObject({ code: 1 });
      expect(api.seen).toHaveLength(requests);
      expect(api.issues).toEqual(before);
    } finally {
      await api.close();
    }
  });

  it("without the bot token: no drift passes, drift fails the job so it is noticed", async () => {
    const api = await gitlabServer([]);
    try {
      const { THULIUM_CAMPAIGNS_BOT_TOKEN: _token, ...env } = api.env;
      const clean = await runJob(env, 0, CLEAN);
      expect(clean).toMatchObject({ code: 0, stderr: "" });
      expect(clean.stdout).toContain("THULIUM_CAMPAIGNS_BOT_TOKEN is not set");
      const drift = await runJob(env, 2, DRIFT_A);
      expect(drift.code).toBe(1);
      expect(drift.stderr).toContain("Drift found, but THULIUM_CAMPAIGNS_BOT_TOKEN is not set");
      expect(api.seen).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
