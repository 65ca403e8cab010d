/**
 * Secrets, for `drift`, `plan --refresh` and `apply --refresh`: a Thulium that echoes the
 * credentials in every form it can know (the password, its URL encoding, the Basic pair in
 * base64, the whole Authorization value) in its list's values and key names, in its
 * statistics error and in its refusals, never gets them into any stdout, stderr or file
 * written (state, backup, saved plan), in any format.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, runCli } from "../helpers/cli.js";
import { makeWorkspace, type Workspace } from "../helpers/workspace.js";
import { type CountingServer, startCountingServer } from "./helpers/corpus.js";
import { expectNothingSecret, SECRET_PASSWORD, SECRET_USER } from "./helpers/secret-forms.js";

const BASIC = Buffer.from(`${SECRET_USER}:${SECRET_PASSWORD}`).toString("base64");

/** Every credential form a server can know, in one text. */
function echo(req: IncomingMessage): string {
  return `${req.headers.authorization} ${SECRET_PASSWORD} ${encodeURIComponent(SECRET_PASSWORD)} ${BASIC}`;
}

/** What the echoing Thulium does for each request; switchable between runs. */
const mode = { list: "echoing" as "echoing" | "401" | "html", stats: "403" as "ok" | "403" };

function thulium(req: IncomingMessage, res: ServerResponse): void {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json", "X-Echo": BASIC });
    res.end(JSON.stringify(body));
  };
  if (req.method === "PUT") {
    res.writeHead(204);
    res.end();
  } else if (req.url === "/api/outbounds/stats") {
    if (mode.stats === "403")
      json(403, { request_id: BASIC, errors: [{ message: `No: ${echo(req)}` }] });
    else json(200, [{ id: "00001", records_count: 1, completion_percent: 1 }]);
  } else if (mode.list === "401") {
    json(401, { request_id: BASIC, errors: [{ message: `Bad: ${echo(req)}` }] });
  } else if (mode.list === "html") {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(`<html><body>${echo(req)}</body></html>`);
  } else {
    // A usable list whose values and unknown key names carry every form.
    const item: Record<string, unknown> = {
      id: "00001",
      name: `Kampania ${echo(req)}`,
      order: 11,
      parameters: { caller_id: SECRET_PASSWORD },
    };
    item[echo(req)] = SECRET_PASSWORD;
    json(200, { count: 1, data: [item], [BASIC]: echo(req) });
  }
}

let server: CountingServer;
let workspace: Workspace;
const seen = new Map<string, string>();

function keep(label: string, result: CliResult): CliResult {
  seen.set(`${label}: stdout`, result.stdout);
  seen.set(`${label}: stderr`, result.stderr);
  return result;
}

async function cli(label: string, args: string[]): Promise<CliResult> {
  const env = {
    THULIUM_URL: server.url,
    THULIUM_USER: SECRET_USER,
    THULIUM_PASSWORD: SECRET_PASSWORD,
    THULIUM_RETRIES: "1",
  };
  return keep(label, await runCli(args, { cwd: workspace.dir, env }));
}

beforeAll(async () => {
  server = await startCountingServer(thulium);
  workspace = await makeWorkspace([
    { id: "00001", name: "Kampania", order: 11, parameters: { caller_id: "+48221234567" } },
  ]);
});
afterAll(async () => {
  await server?.close();
  await workspace?.cleanup();
});

describe("drift and --refresh against a Thulium echoing the credentials", () => {
  it("apply, then drift in every format: the echoed values are shown scrubbed", async () => {
    expect((await cli("apply", ["apply", "--auto-approve"])).code).toBe(0);
    for (const format of ["text", "json", "markdown"]) {
      const result = await cli(`drift ${format}`, [
        "drift",
        "--format",
        format,
        "--detailed-exitcode",
      ]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toMatch(/\\?\[REDACTED\\?\]/);
      expect(result.stdout).toMatch(/not marked|"read": false/);
    }
  });

  it("plan --refresh in every format, and a saved refreshed plan applied", async () => {
    for (const format of ["text", "json", "markdown"]) {
      const result = await cli(`plan ${format}`, ["plan", "--refresh", "--format", format]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/\\?\[REDACTED\\?\]/);
    }
    expect((await cli("plan --out", ["plan", "--refresh", "--out", "plan.json"])).code).toBe(0);
    const applied = await cli("apply plan", ["apply", "plan.json", "--auto-approve"]);
    expect(applied.code, applied.stderr).toBe(0);
    const again = await cli("apply --refresh", ["apply", "--refresh", "--auto-approve"]);
    expect(again.code, again.stderr).toBe(0);
  });

  it("a 401 and an HTML page echoing the credentials, for drift and --refresh", async () => {
    for (const list of ["401", "html"] as const) {
      mode.list = list;
      for (const args of [
        ["drift"],
        ["plan", "--refresh"],
        ["apply", "--refresh", "--auto-approve"],
      ])
        expect((await cli(`${list} ${args.join(" ")}`, args)).code).toBe(1);
    }
    mode.list = "echoing";
  });

  afterAll(async () => {
    for (const [name, text] of await workspace.readAllFiles()) seen.set(`file ${name}`, text);
    expect(seen.size).toBeGreaterThan(20);
    expectNothingSecret(seen);
  });
});
