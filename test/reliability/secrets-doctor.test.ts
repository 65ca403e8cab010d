/**
 * Secrets, for `doctor`: whatever a server echoes (the password in every form, in the list's
 * key names, in error bodies, in a redirect's Location, in an HTML page), and whatever the
 * environment holds, no run of the built CLI prints the password or the user's value, in
 * text or JSON, with or without --show-shape; and doctor writes nothing.
 */
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { CliResult } from "../helpers/cli.js";
import { type Answer, routedServer, runDoctor } from "../helpers/doctor.js";
import { makeWorkspace, sampleCampaigns } from "../helpers/workspace.js";
import { expectNothingSecret, SECRET_PASSWORD, SECRET_USER } from "./helpers/secret-forms.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const BASIC = Buffer.from(`${SECRET_USER}:${SECRET_PASSWORD}`).toString("base64");

/** Key names echoing the credentials: plain, URL-encoded, the Basic pair, the whole header. */
function echoingKeys(req: IncomingMessage): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const form of [SECRET_PASSWORD, encodeURIComponent(SECRET_PASSWORD), BASIC]) body[form] = 1;
  body[req.headers.authorization ?? ""] = { [SECRET_PASSWORD]: "x" };
  body[`${"k".repeat(30)}${SECRET_PASSWORD}`] = 2;
  return body;
}

const errorBody = (req: IncomingMessage) =>
  JSON.stringify({
    errors: [{ message: `Bad ${req.headers.authorization} ${SECRET_PASSWORD}` }],
    request_id: SECRET_PASSWORD,
  });

/** Runs doctor (text, then JSON, both with --show-shape) against `answer`; every output kept. */
async function runAll(
  label: string,
  answer: (path: string, req: IncomingMessage) => Answer,
  seen: Map<string, string>,
  env: Record<string, string> = {},
): Promise<CliResult[]> {
  const server = await routedServer(answer);
  cleanups.push(() => server.close());
  const ws = await makeWorkspace(sampleCampaigns(2));
  cleanups.push(ws.cleanup);
  const results: CliResult[] = [];
  for (const args of [["--show-shape"], ["--format", "json", "--show-shape"]]) {
    const result = await runDoctor(
      ws.dir,
      {
        THULIUM_URL: server.url,
        THULIUM_USER: SECRET_USER,
        THULIUM_PASSWORD: SECRET_PASSWORD,
        THULIUM_RETRIES: "1",
        ...env,
      },
      args,
    );
    seen.set(`${label} ${args.join(" ")}: stdout`, result.stdout);
    seen.set(`${label} ${args.join(" ")}: stderr`, result.stderr);
    results.push(result);
  }
  return results;
}

describe("doctor never prints the credentials", () => {
  it("a list whose key names (and nested ones) echo the credentials: the shape and the finding are scrubbed", async () => {
    const seen = new Map<string, string>();
    const [text, json] = await runAll(
      "echoing keys",
      (path, req) => ({
        status: 200,
        body: JSON.stringify(path === "/api/outbounds" ? echoingKeys(req) : []),
      }),
      seen,
    );
    expect(text?.stdout).toContain("FAIL  list");
    expect(text?.stdout).toContain("[REDACTED]");
    expect(json?.stdout).toContain('"shape"');
    expectNothingSecret(seen);
  });

  it("a list item whose values and keys echo them: values never shown, keys scrubbed", async () => {
    const seen = new Map<string, string>();
    await runAll(
      "echoing items",
      (path, req) => ({
        status: 200,
        body: JSON.stringify(
          path === "/api/outbounds"
            ? [{ id: "00001", name: SECRET_PASSWORD, parameters: echoingKeys(req) }]
            : [{ id: "00001", [SECRET_PASSWORD]: BASIC }],
        ),
      }),
      seen,
    );
    expectNothingSecret(seen);
  });

  it("a 401 whose body echoes them", async () => {
    const seen = new Map<string, string>();
    await runAll("401", (_path, req) => ({ status: 401, body: errorBody(req) }), seen);
    expectNothingSecret(seen);
  });

  it("a 500 whose body echoes them (quoted, scrubbed, in the finding)", async () => {
    const seen = new Map<string, string>();
    const [failed] = await runAll(
      "500",
      (_path, req) => ({ status: 500, body: errorBody(req) }),
      seen,
    );
    expect(failed?.stdout).toContain("FAIL  credentials");
    expectNothingSecret(seen);
  });

  it("a 403 on stats whose body echoes them", async () => {
    const seen = new Map<string, string>();
    await runAll(
      "403 stats",
      (path, req) =>
        path === "/api/outbounds/stats"
          ? { status: 403, body: errorBody(req) }
          : { status: 200, body: "[]" },
      seen,
    );
    expectNothingSecret(seen);
  });

  it("a redirect to a URL holding them", async () => {
    const seen = new Map<string, string>();
    const [redirected] = await runAll(
      "redirect",
      () => ({
        status: 302,
        headers: {
          Location: `https://login.example/?u=${SECRET_USER}&p=${encodeURIComponent(SECRET_PASSWORD)}`,
        },
      }),
      seen,
    );
    expect(redirected?.stdout).toContain("redirecting to");
    expectNothingSecret(seen);
  });

  it("an HTML page echoing them in its title and body", async () => {
    const seen = new Map<string, string>();
    await runAll(
      "html",
      () => ({
        status: 200,
        type: "text/html",
        body: `<!doctype html><title>${SECRET_PASSWORD}</title><p>${BASIC} ${SECRET_USER}</p>`,
      }),
      seen,
    );
    expectNothingSecret(seen);
    for (const text of seen.values()) expect(text).not.toContain(SECRET_USER);
  });

  it("the environment: the user's value never shown; a password pasted into THULIUM_URL not echoed", async () => {
    const seen = new Map<string, string>();
    const results = await runAll("plain", () => ({ status: 200, body: "[]" }), seen);
    expect(results[0]?.stdout).toContain("ok    credentials");
    const ws = await makeWorkspace([]);
    cleanups.push(ws.cleanup);
    const pasted = await runDoctor(ws.dir, {
      THULIUM_URL: `https://${SECRET_USER}:${encodeURIComponent(SECRET_PASSWORD)}@acme.thulium.com/api`,
      THULIUM_USER: SECRET_USER,
    });
    expect(pasted.stdout).toContain("FAIL  url");
    seen.set("pasted: stdout", pasted.stdout);
    const sandbox = await runDoctor(
      ws.dir,
      { THULIUM_USER: SECRET_USER, THULIUM_PASSWORD: SECRET_PASSWORD },
      ["--sandbox", "--format", "json", "--show-shape"],
    );
    expect(sandbox.code).toBe(0);
    seen.set("sandbox: stdout", sandbox.stdout);
    seen.set("sandbox: stderr", sandbox.stderr);
    expectNothingSecret(seen);
    for (const text of seen.values()) expect(text).not.toContain(SECRET_USER);
  });
});
