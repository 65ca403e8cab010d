/**
 * Secrets and agent requests (issue 13): a Thulium that echoes the credentials in every form
 * in its answers to `GET outbounds/:id/agents`, `add_agents` and `remove_agents` (error
 * bodies, request ids, HTML pages, and logins in a list) never gets them into an ApiError,
 * the output of `drift` or `import --with-agents`, or any file written.
 */
import { readdir, readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { runCli } from "../helpers/cli.js";
import { makeWorkspace, type Workspace } from "../helpers/workspace.js";
import { type CountingServer, startCountingServer } from "./helpers/corpus.js";
import { allSecretForms, SECRET_PASSWORD, SECRET_USER } from "./helpers/secret-forms.js";

const BASIC = Buffer.from(`${SECRET_USER}:${SECRET_PASSWORD}`).toString("base64");
const echo = (req: IncomingMessage) =>
  `${req.headers.authorization} ${SECRET_PASSWORD} ${encodeURIComponent(SECRET_PASSWORD)} ${BASIC}`;

const closing: { close(): Promise<void> }[] = [];
const workspaces: Workspace[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
  await Promise.all(workspaces.splice(0).map((w) => w.cleanup()));
});

function expectNoSecret(label: string, text: string): void {
  for (const form of allSecretForms()) expect(text, `${label} holds ${form}`).not.toContain(form);
}

function errorText(error: unknown): string {
  const e = error as Error & { details?: unknown };
  return [e.message, String(e), JSON.stringify(e), JSON.stringify(e.details), e.stack ?? ""].join(
    "\n",
  );
}

type Answer = (req: IncomingMessage, res: ServerResponse) => void;
const json =
  (status: number, body: (req: IncomingMessage) => unknown): Answer =>
  (req, res) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body(req)));
  };

const refusals: [string, Answer][] = [
  [
    "a 400 in Thulium's JSON echoing them in the message and request id",
    json(400, (req) => ({
      request_id: BASIC,
      errors: [{ message: `Unknown login ${echo(req)}` }],
    })),
  ],
  [
    "a 502 HTML page echoing them",
    (req, res) => {
      res.writeHead(502, { "Content-Type": "text/html" });
      res.end(`<html><title>${echo(req)}</title></html>`);
    },
  ],
  ["a 404 echoing them", json(404, (req) => ({ errors: [{ message: echo(req) }] }))],
];

async function server(answer: Answer): Promise<CountingServer> {
  const started = await startCountingServer(answer);
  closing.push(started);
  return started;
}

describe("agent requests never leak the password", () => {
  it.each(refusals)("%s", async (_label, answer) => {
    const target = await server(answer);
    const api = createThuliumClient({
      baseUrl: target.url,
      user: SECRET_USER,
      password: SECRET_PASSWORD,
      retries: 1,
    });
    for (const call of [
      () => api.addAgents("00001", ["anowak"]),
      () => api.removeAgents("00001", ["anowak"]),
      () => api.getCampaignAgents("00001"),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expectNoSecret("error", errorText(error));
    }
  });

  it("in drift and import --with-agents, with logins echoing them", async () => {
    const target = await server((req, res) => {
      if (req.url === "/api/outbounds/00001/agents")
        json(200, (r) => [{ login: echo(r) }, { login: "anowak" }])(req, res);
      else if (req.url === "/api/outbounds/stats") json(200, () => [])(req, res);
      else
        json(200, () => [
          { id: "00001", name: "A" },
          { id: "00002", name: "B" },
        ])(req, res);
    });
    const workspace = await makeWorkspace([]);
    workspaces.push(workspace);
    const env = {
      THULIUM_URL: target.url,
      THULIUM_USER: SECRET_USER,
      THULIUM_PASSWORD: SECRET_PASSWORD,
      THULIUM_RETRIES: "1",
    };
    const outputs = new Map<string, string>();
    const run = async (label: string, ...args: string[]) => {
      const { code, stdout, stderr } = await runCli(args, { cwd: workspace.dir, env });
      outputs.set(`${label} stdout`, stdout);
      outputs.set(`${label} stderr`, stderr);
      return code;
    };
    // The echoed login, scrubbed to [REDACTED], is no login: the file is refused, not written.
    expect(await run("import", "import", "00001", "--with-agents")).toBe(1);
    expect(outputs.get("import stdout")).toMatch(/\[REDACTED\]/);
    // A state recording exact membership, so drift reports the echoing member as unexpected.
    await workspace.writeFile(
      ".thulium/state.json",
      JSON.stringify({
        version: 1,
        lineage: "11111111-1111-4111-8111-111111111111",
        serial: 1,
        target: target.url,
        campaigns: {
          "00001": {
            fields: { name: "A" },
            source: "c.yaml",
            agents: ["jkowalski"],
            agents_policy: "exact",
          },
        },
      }),
    );
    for (const format of ["text", "json", "markdown"])
      await run(`drift ${format}`, "drift", "--format", format);
    expect(outputs.get("drift json stdout")).toMatch(
      /"unexpected": \[\s*"Basic \[REDACTED\] \[REDACTED\] \[REDACTED\] \[REDACTED\]",\s*"anowak"/,
    );
    for (const [label, text] of outputs) expectNoSecret(label, text);
    for (const name of await readdir(workspace.dir, { recursive: true })) {
      const file = path.join(workspace.dir, String(name));
      const text = await readFile(file, "utf8").catch(() => "");
      expectNoSecret(String(name), text);
    }
  });
});
