/**
 * Secrets, for the reads: a server echoing the credentials in every form, in the list's key
 * names or its error bodies, never gets them into the list reader's or the stats reader's
 * errors (any view of them); and `sandbox edit` never prints the password.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { readLiveList } from "../../src/io/thulium/live-list.js";
import { readOutboundStats } from "../../src/io/thulium/outbound-stats.js";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace } from "../helpers/workspace.js";
import { type CountingServer, startCountingServer } from "./helpers/corpus.js";
import { expectNothingSecret, SECRET_PASSWORD, SECRET_USER } from "./helpers/secret-forms.js";

const servers: CountingServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(status: number, body: (req: IncomingMessage) => string) {
  const server = await startCountingServer((req, res: ServerResponse) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(body(req));
  });
  servers.push(server);
  return server;
}

function client(url: string) {
  return createThuliumClient({
    baseUrl: url,
    user: SECRET_USER,
    password: SECRET_PASSWORD,
    retries: 1,
  });
}

/** Every view of an error a program or a log could take. */
function views(error: unknown): Map<string, string> {
  return new Map([
    ["String", String(error)],
    ["JSON", JSON.stringify(error)],
    ["stack", (error as Error).stack ?? ""],
    ["inspect", inspect(error, { showHidden: true, depth: 5 })],
  ]);
}

const BASIC = Buffer.from(`${SECRET_USER}:${SECRET_PASSWORD}`).toString("base64");

/**
 * An object whose key names echo the credentials as the secrets suite's echoing server does
 * (plain, URL-encoded, base64 pair, the whole Authorization value), one of them past the
 * 40-character cut that key names get in messages.
 */
function echoingKeys(req: IncomingMessage): string {
  const body: Record<string, number> = {};
  for (const form of [SECRET_PASSWORD, encodeURIComponent(SECRET_PASSWORD), BASIC]) body[form] = 1;
  body[req.headers.authorization ?? ""] = 1;
  body[`${"k".repeat(30)}${SECRET_PASSWORD}`] = 2;
  return JSON.stringify(body);
}

describe("the list reader's errors", () => {
  it("a list whose key names echo the credentials: the error names none of them", async () => {
    const server = await serve(200, echoingKeys);
    const error = await readLiveList(client(server.url)).catch((e: unknown) => e);
    expect(String(error)).toContain("holds no list of campaigns");
    expect(String(error)).toContain("[REDACTED]");
    expectNothingSecret(views(error));
  });

  it("a later page echoing the credentials: scrubbed the same way", async () => {
    let n = 0;
    const server = await serve(200, (req) =>
      n++ === 0 ? JSON.stringify({ count: 150, data: [{ id: 1 }] }) : echoingKeys(req),
    );
    const error = await readLiveList(client(server.url)).catch((e: unknown) => e);
    expect(String(error)).toContain("the page at offset 1");
    expectNothingSecret(views(error));
  });

  it("a 401 echoing the credentials in its body", async () => {
    const server = await serve(401, (req) =>
      JSON.stringify({
        errors: [{ message: `Bad ${req.headers.authorization} ${SECRET_PASSWORD}` }],
      }),
    );
    const error = await readLiveList(client(server.url)).catch((e: unknown) => e);
    expect(String(error)).toContain("rejected the API credentials");
    expectNothingSecret(views(error));
  });

  it("outbounds/stats echoing the credentials in its key names", async () => {
    const server = await serve(200, echoingKeys);
    const error = await readOutboundStats(client(server.url)).catch((e: unknown) => e);
    expect(String(error)).toContain("is not the documented list");
    expectNothingSecret(views(error));
  });
});

describe("sandbox edit", () => {
  it("never prints the password: refused credentials, a URL carrying it, a success", async () => {
    const sandbox = await startTestSandbox({ user: SECRET_USER, password: SECRET_PASSWORD });
    const workspace = await makeWorkspace([]);
    try {
      sandbox.store.create({ name: "A" }, "00001");
      const seen = new Map<string, string>();
      const run = async (label: string, args: string[], password: string) => {
        const result = await runCli(["sandbox", "edit", ...args], {
          cwd: workspace.dir,
          env: { THULIUM_USER: SECRET_USER, THULIUM_PASSWORD: password },
        });
        seen.set(`${label}: stdout`, result.stdout);
        seen.set(`${label}: stderr`, result.stderr);
        return result;
      };
      const ok = await run("success", ["00001", "order=2", "--url", sandbox.url], SECRET_PASSWORD);
      expect(ok.code).toBe(0);
      const refused = await run("401", ["00001", "order=3", "--url", sandbox.url], "other");
      expect(refused.code).toBe(1);
      const inUrl = new URL(sandbox.url);
      inUrl.username = SECRET_USER;
      inUrl.password = SECRET_PASSWORD;
      const url = await run("url", ["00001", "order=4", "--url", inUrl.href], SECRET_PASSWORD);
      expect(url.code).toBe(1);
      expect(url.stderr).toContain("--url must not contain a user or password");
      expectNothingSecret(seen);
    } finally {
      await sandbox.close();
      await workspace.cleanup();
    }
  });
});
