/**
 * The CI recipes' plan steps, run for real: the built CLI with the recipe's exact plan
 * command, then the recipe's own comment script posting its output twice. The second run
 * must update the first comment in place (found by the marker), never add another.
 * GitHub's script gets a small in-memory stand-in for its Octokit client; GitLab's script
 * talks HTTP to a notes API served on 127.0.0.1.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PLAN_MARKER } from "../../src/cli/render/plan-markdown.js";
import { cliText, REPO } from "../cli/built-cli.js";
import { cliEnv } from "../helpers/cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "comment-scripts-"));
  await cp(path.join(REPO, "campaigns"), path.join(dir, "campaigns"), { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the recipes' plan command and writes plan.md as the shell redirection would. */
async function planStep(): Promise<string> {
  const result = await cliText(["plan", "--format", "markdown", "--out", "plan.json"], dir);
  expect(result.code).toBe(0);
  await writeFile(path.join(dir, "plan.md"), result.stdout);
  expect(JSON.parse(await readFile(path.join(dir, "plan.json"), "utf8")).format_version).toBe(1);
  return result.stdout;
}

describe("GitHub: the actions/github-script step", () => {
  interface Comment {
    id: number;
    body: string;
    user: { type: string };
  }

  async function runScript(comments: Comment[]): Promise<void> {
    const workflow = parse(
      await readFile(path.join(REPO, "examples/github-actions/thulium-campaigns.yml"), "utf8"),
    );
    const step = workflow.jobs.plan.steps.find((s: { uses?: string }) =>
      s.uses?.startsWith("actions/github-script@"),
    );
    const issues = {
      listComments: async () => ({ data: comments }),
      createComment: async ({ body }: { body: string }) => {
        comments.push({ id: comments.length + 100, body, user: { type: "Bot" } });
      },
      updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
        const comment = comments.find((c) => c.id === comment_id);
        if (comment === undefined) throw new Error(`no comment ${comment_id}`);
        comment.body = body;
      },
    };
    const github = {
      paginate: async (method: () => Promise<{ data: Comment[] }>) => (await method()).data,
      rest: { issues },
    };
    const context = { repo: { owner: "acme", repo: "campaigns" }, issue: { number: 7 } };
    // github-script runs the step's text as the body of an async function with these names.
    const fsInDir = {
      readFileSync: (file: string, encoding: BufferEncoding) =>
        readFileSync(path.join(dir, file), encoding),
    };
    const require = (name: string) => {
      if (name !== "node:fs" && name !== "fs") throw new Error(`unexpected require ${name}`);
      return fsInDir;
    };
    const AsyncFunction = (async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction("require", "github", "context", step.with.script)(
      require,
      github,
      context,
    );
  }

  it("creates the comment once, then updates it in place; a human's comment is left alone", async () => {
    const comments: Comment[] = [
      { id: 1, body: `${PLAN_MARKER}\nquoted by a human`, user: { type: "User" } },
    ];
    const first = await planStep();
    await runScript(comments);
    expect(comments.map((c) => c.id)).toEqual([1, 101]);
    expect(comments[1]?.body).toBe(first);
    expect(first.split("\n")[0]).toBe(PLAN_MARKER);

    await writeFile(
      path.join(dir, "campaigns", "extra.yaml"),
      'id: "00042"\nname: Nowa kampania\n',
    );
    const second = await planStep();
    await runScript(comments);
    expect(comments.map((c) => c.id)).toEqual([1, 101]);
    expect(comments[1]?.body).toBe(second);
    expect(second).toContain("00042");
    expect(comments[0]?.body).toBe(`${PLAN_MARKER}\nquoted by a human`);
  });
});

describe("GitLab: the merge-request note script", () => {
  it("posts one note, then updates it in place through the notes API", async () => {
    const notes: { id: number; body: string }[] = [{ id: 5, body: "LGTM" }];
    const seen: string[] = [];
    const server = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk) => {
        text += chunk;
      });
      request.on("end", () => {
        const url = new URL(request.url ?? "/", "http://127.0.0.1");
        seen.push(`${request.method} ${url.pathname}${url.search}`);
        expect(request.headers["private-token"]).toBe("bot-token");
        const base = "/api/v4/projects/12/merge_requests/34/notes";
        const page = Number(url.searchParams.get("page") ?? "1");
        response.setHeader("Content-Type", "application/json");
        if (request.method === "GET" && url.pathname === base) {
          // One note per page, so the script has to page through them.
          response.end(JSON.stringify(notes.slice(page - 1, page)));
        } else if (request.method === "POST" && url.pathname === base) {
          notes.push({ id: 900 + notes.length, body: JSON.parse(text).body });
          response.statusCode = 201;
          response.end("{}");
        } else if (request.method === "PUT" && url.pathname.startsWith(`${base}/`)) {
          const note = notes.find((n) => `${base}/${n.id}` === url.pathname);
          if (note) note.body = JSON.parse(text).body;
          response.statusCode = note ? 200 : 404;
          response.end("{}");
        } else {
          response.statusCode = 404;
          response.end("{}");
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const pipeline = parse(
        await readFile(path.join(REPO, "examples/gitlab-ci/.gitlab-ci.yml"), "utf8"),
      );
      const block: string = pipeline.plan.script.find((line: string) =>
        line.startsWith("node --input-type=module <<'SCRIPT'"),
      );
      const source = block.split("\n").slice(1, -2).join("\n");
      expect(block.trimEnd().endsWith("\nSCRIPT")).toBe(true);
      await writeFile(path.join(dir, "note.mjs"), source);
      const env = {
        CI_API_V4_URL: `http://127.0.0.1:${port}/api/v4`,
        CI_PROJECT_ID: "12",
        CI_MERGE_REQUEST_IID: "34",
        THULIUM_CAMPAIGNS_BOT_TOKEN: "bot-token",
      };
      const run = () =>
        promisify(execFile)(process.execPath, ["note.mjs"], {
          cwd: dir,
          env: cliEnv(env),
          timeout: 20_000,
        });

      const first = await planStep();
      await run();
      expect(notes).toEqual([
        { id: 5, body: "LGTM" },
        { id: 901, body: first },
      ]);
      await writeFile(path.join(dir, "campaigns", "extra.yaml"), 'id: "00042"\nname: Nowa\n');
      const second = await planStep();
      await run();
      expect(notes).toEqual([
        { id: 5, body: "LGTM" },
        { id: 901, body: second },
      ]);
      expect(seen.filter((line) => !line.startsWith("GET"))).toEqual([
        "POST /api/v4/projects/12/merge_requests/34/notes",
        "PUT /api/v4/projects/12/merge_requests/34/notes/901",
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
