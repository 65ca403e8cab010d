/**
 * Secrets: every command and error path runs with a recognisable password, and neither
 * it, its URL encodings, its base64, nor the Basic `Authorization` value appears in any
 * stdout, stderr or file written (state, backup, saved plan, sandbox data, init output);
 * nor, in-process, in any view of the client's error objects (String, JSON.stringify,
 * .stack, util.inspect with hidden properties).
 */
import { createServer as createNetServer } from "node:net";
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { clientOptionsFromEnv } from "../../src/io/thulium/options.js";
import { type CliResult, runCli, spawnCli } from "../helpers/cli.js";
import { seedSandbox, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import {
  makeWorkspace,
  sampleCampaign,
  sampleCampaigns,
  type Workspace,
} from "../helpers/workspace.js";
import { type Behaviour, type CountingServer, startCountingServer } from "./helpers/corpus.js";
import { expectNothingSecret, SECRET_PASSWORD, SECRET_USER } from "./helpers/secret-forms.js";

const BASIC = Buffer.from(`${SECRET_USER}:${SECRET_PASSWORD}`).toString("base64");

/** A server that echoes every credential form back: in its body, headers and Location. */
const echoing =
  (status: number, extra: Record<string, string> = {}): Behaviour =>
  (req, res) => {
    const echo = `${req.headers.authorization} ${SECRET_PASSWORD} ${encodeURIComponent(SECRET_PASSWORD)} ${BASIC}`;
    res.writeHead(status, { "Content-Type": "application/json", "X-Echo": BASIC, ...extra });
    res.end(JSON.stringify({ request_id: BASIC, errors: [{ message: `Bad: ${echo}`, code: 1 }] }));
  };

/** The same echo, gzip-compressed: only a client that decodes it sees (and scrubs) it. */
const compressedEcho =
  (status: number, type: string): Behaviour =>
  (req, res) => {
    const echo = `${req.headers.authorization} ${SECRET_PASSWORD} ${BASIC}`;
    const body =
      type === "text/html"
        ? `<!DOCTYPE html><html><title>Login ${echo}</title></html>`
        : JSON.stringify({ errors: [{ message: `Bad: ${echo}` }] });
    res.writeHead(status, { "Content-Type": type, "Content-Encoding": "gzip" });
    res.end(gzipSync(body));
  };

let sandbox: TestSandbox;
let workspace: Workspace;
const servers: CountingServer[] = [];
let closedPort = 0;
/** Everything to scan at the end, by label. */
const seen = new Map<string, string>();

function keep(label: string, result: CliResult): CliResult {
  seen.set(`${label}: stdout`, result.stdout);
  seen.set(`${label}: stderr`, result.stderr);
  return result;
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    THULIUM_URL: sandbox.url,
    THULIUM_USER: SECRET_USER,
    THULIUM_PASSWORD: SECRET_PASSWORD,
    THULIUM_RETRIES: "2",
    THULIUM_RETRY_BASE_MS: "0",
    ...extra,
  };
}

async function cli(label: string, args: string[], extra: Record<string, string> = {}) {
  return keep(label, await runCli(args, { cwd: workspace.dir, env: env(extra) }));
}

async function server(behaviour: Behaviour): Promise<string> {
  const started = await startCountingServer(behaviour);
  servers.push(started);
  return started.url;
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ user: SECRET_USER, password: SECRET_PASSWORD });
  seedSandbox(sandbox, ["00001", "00002", "00003"]);
  workspace = await makeWorkspace(sampleCampaigns(3));
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  for (const each of servers) await each.close();
  await sandbox?.close();
  await workspace?.cleanup();
});

// One scenario in steps: the last test checks everything the earlier ones printed and wrote.
describe("the password never shows (built CLI, every command)", { shuffle: false }, () => {
  it("validate, plan in every format, plan --out, init, completion, help", async () => {
    for (const format of ["text", "json", "github"])
      expect((await cli(`validate ${format}`, ["validate", "--format", format])).code).toBe(0);
    for (const format of ["text", "json", "markdown"])
      expect((await cli(`plan ${format}`, ["plan", "--format", format])).code).toBe(0);
    expect((await cli("plan --detailed-exitcode", ["plan", "--detailed-exitcode"])).code).toBe(2);
    expect((await cli("plan --out", ["plan", "--out", "plans/plan.json"])).code).toBe(0);
    expect((await cli("init", ["init", "scaffold"])).code).toBe(0);
    expect((await cli("completion", ["completion"])).code).toBe(0);
    expect((await cli("help", ["--help"])).code).toBe(0);
    expect((await cli("apply help", ["apply", "--help"])).code).toBe(0);
  });

  it("apply: a saved plan, then a changed campaign, then state list/show/rm", async () => {
    const saved = await cli("apply plan file", ["apply", "plans/plan.json", "--auto-approve"]);
    expect(saved.code, saved.stderr).toBe(0);
    await workspace.writeCampaign(sampleCampaign(2, { name: "Zmieniona" }));
    const changed = await cli("apply changed", ["apply", "--auto-approve"]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(sandbox.puts(204)).toHaveLength(4);
    for (const format of ["text", "json"])
      expect((await cli(`state list ${format}`, ["state", "list", "--format", format])).code).toBe(
        0,
      );
    for (const format of ["yaml", "json"])
      expect(
        (await cli(`state show ${format}`, ["state", "show", "00001", "--format", format])).code,
      ).toBe(0);
    expect((await cli("state rm", ["state", "rm", "00003"])).code).toBe(0);
  });

  it("apply --sandbox (the in-process sandbox takes the same credentials)", async () => {
    const result = await cli("apply --sandbox", ["apply", "--sandbox", "--auto-approve"]);
    expect(result.code, result.stderr).toBe(0);
  });

  it("apply failures: 401, 400 echoing the credentials, redirect to them, HTML 200, timeout, unreachable", async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ["401 wrong password", { THULIUM_PASSWORD: `${SECRET_PASSWORD}-wrong` }, /HTTP 401/],
      ["400 echoing", { THULIUM_URL: await server(echoing(400)) }, /HTTP 400/],
      ["500 echoing", { THULIUM_URL: await server(echoing(500)) }, /HTTP 500/],
      [
        "redirect carrying them",
        {
          THULIUM_URL: await server(
            echoing(302, {
              Location: `https://evil.example/?auth=${BASIC}&p=${encodeURIComponent(SECRET_PASSWORD)}`,
            }),
          ),
        },
        /redirect/,
      ],
      [
        "HTML 200 echoing",
        {
          THULIUM_URL: await server((req, res) => {
            res.writeHead(200, { "Content-Type": "text/html" });
            res.end(`<html><title>${req.headers.authorization} ${SECRET_PASSWORD}</title></html>`);
          }),
        },
        /HTML page/,
      ],
      [
        "timeout",
        { THULIUM_URL: await server(() => {}), THULIUM_TIMEOUT_MS: "200" },
        /no response within 200 ms/,
      ],
      ["unreachable", { THULIUM_URL: `http://127.0.0.1:${closedPort}/api` }, /ECONNREFUSED/],
    ];
    await workspace.writeCampaign(sampleCampaign(1, { name: "Znowu zmieniona" }));
    for (const [label, extra, message] of cases) {
      // Each failure against its own state file, so the target check never gets in first.
      const state = `states/${label.replaceAll(" ", "-")}.json`;
      const result = await cli(
        `apply ${label}`,
        ["apply", "--auto-approve", "--state", state],
        extra,
      );
      expect(result.code, `${label}: ${result.stderr}`).toBe(1);
      expect(result.stderr, label).toMatch(message);
      // What the echoing servers sent back reached the message, scrubbed.
      if (label.includes("echoing")) expect(result.stderr, label).toContain("[REDACTED]");
    }
  });

  it("malformed THULIUM_URL values that carry the password", async () => {
    const urls = [
      `https://${SECRET_USER}:${encodeURIComponent(SECRET_PASSWORD)}@acme.thulium.com/api`,
      `https://acme.thulium.com/api?password=${encodeURIComponent(SECRET_PASSWORD)}`,
      `acme.thulium.com/${SECRET_PASSWORD}`,
      `ftp://${SECRET_PASSWORD}@acme.thulium.com/api`,
    ];
    for (const [i, url] of urls.entries()) {
      for (const command of [["apply", "--auto-approve"], ["plan"]]) {
        const result = await cli(`${command[0]} bad url ${i}`, command, { THULIUM_URL: url });
        expect(result.code, result.stderr).toBe(1);
      }
    }
  });

  it("apply failures: compressed echoes, and https:// to a plain-HTTP server", async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        "gzip 400 echoing",
        { THULIUM_URL: await server(compressedEcho(400, "application/json")) },
        /HTTP 400/,
      ],
      [
        "gzip HTML 200 echoing",
        { THULIUM_URL: await server(compressedEcho(200, "text/html")) },
        /HTML page/,
      ],
      [
        "https to a plain-HTTP server",
        { THULIUM_URL: (await server(echoing(400))).replace("http:", "https:") },
        /did not speak TLS/,
      ],
    ];
    for (const [label, extra, message] of cases) {
      const state = `states/${label.replaceAll(" ", "-")}.json`;
      const result = await cli(
        `apply ${label}`,
        ["apply", "--auto-approve", "--state", state],
        extra,
      );
      expect(result.code, `${label}: ${result.stderr}`).toBe(1);
      expect(result.stderr, label).toMatch(message);
      // Only a client that decodes the body sees the compressed echo, to scrub it.
      if (label.startsWith("gzip")) expect(result.stderr, label).toContain("[REDACTED]");
    }
  });

  it("THULIUM_URL values whose query, fragment or credentials new URL would drop", async () => {
    const urls = [
      `https://:${encodeURIComponent(SECRET_PASSWORD)}@acme.thulium.com/api`,
      `https://acme.thulium.com/${encodeURIComponent(SECRET_PASSWORD)}?`,
      `https://acme.thulium.com/${encodeURIComponent(SECRET_PASSWORD)}#`,
    ];
    for (const [i, url] of urls.entries()) {
      const result = await cli(`apply dropped-part url ${i}`, ["apply", "--auto-approve"], {
        THULIUM_URL: url,
      });
      expect(result.code, result.stderr).toBe(1);
    }
  });

  it("client settings carrying the password, or out of range", async () => {
    for (const [name, value] of [
      ["THULIUM_TIMEOUT_MS", SECRET_PASSWORD],
      ["THULIUM_RETRIES", JSON.stringify(SECRET_PASSWORD)],
      ["THULIUM_RETRY_BASE_MS", encodeURIComponent(SECRET_PASSWORD)],
      ["THULIUM_TIMEOUT_MS", "2147483648"],
    ] as const) {
      const result = await cli(`apply ${name}=${value.length}`, ["apply", "--auto-approve"], {
        [name]: value,
      });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(name);
    }
  });

  it("the sandbox command, with a wrong and a right password sent to it", async () => {
    const running = spawnCli(["sandbox", "--port", "0", "--data", "sandbox-data.json"], {
      cwd: workspace.dir,
      env: { THULIUM_USER: SECRET_USER, THULIUM_PASSWORD: SECRET_PASSWORD },
    });
    await running.waitForOutput("Sandbox listening on ");
    const url = /Sandbox listening on (\S+)/.exec(running.stdout)?.[1] ?? "";
    for (const password of [SECRET_PASSWORD, "wrong"]) {
      const auth = Buffer.from(`${SECRET_USER}:${password}`).toString("base64");
      await fetch(`${url}/outbounds`, {
        method: "POST",
        headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Nowa" }),
      });
    }
    running.child.kill("SIGINT");
    const result = keep("sandbox command", await running.done);
    expect(result.code).toBe(0);
  });

  it("nothing printed and no file written holds the password in any form", async () => {
    for (const [name, text] of await workspace.readAllFiles()) seen.set(`file ${name}`, text);
    expect([...seen.keys()].some((k) => k.includes("state.json"))).toBe(true);
    expect([...seen.keys()].some((k) => k.includes("plans/plan.json"))).toBe(true);
    expect([...seen.keys()].some((k) => k.includes("sandbox-data.json"))).toBe(true);
    expect([...seen.keys()].some((k) => k.startsWith("file scaffold"))).toBe(true);
    expectNothingSecret(seen);
  });
});

describe("the password never shows (in-process, client errors)", () => {
  /** Every way an error object is commonly turned into text. */
  function views(error: unknown): Map<string, string> {
    return new Map([
      ["String", String(error)],
      ["JSON.stringify", JSON.stringify(error)],
      ["JSON.stringify(own props)", JSON.stringify(error, Object.getOwnPropertyNames(error))],
      ["stack", (error as Error).stack ?? ""],
      ["inspect", inspect(error, { depth: null, showHidden: true })],
    ]);
  }

  async function failure(baseUrl: string, options: { timeoutMs?: number; password?: string } = {}) {
    const client = createThuliumClient({
      baseUrl,
      user: SECRET_USER,
      password: options.password ?? SECRET_PASSWORD,
      retries: 2,
      retryBaseMs: 0,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return client.updateCampaign("00001", { name: "A" }).then(
      () => {
        throw new Error("expected the request to fail");
      },
      (error: unknown) => error,
    );
  }

  it("401, 400 and 500 echoing the credentials, redirect, HTML 200, timeout, refused, dropped", async () => {
    const errors: [string, unknown][] = [
      ["401", await failure(sandbox.url, { password: `${SECRET_PASSWORD}!` })],
      ["400 echo", await failure(await server(echoing(400)))],
      ["500 echo", await failure(await server(echoing(500)))],
      [
        "redirect",
        await failure(await server(echoing(307, { Location: `https://x.example/${BASIC}` }))),
      ],
      [
        "HTML 200",
        await failure(
          await server((req, res) => {
            res.writeHead(200, { "Content-Type": "text/html" });
            res.end(`<title>${req.headers.authorization}</title>`);
          }),
        ),
      ],
      ["timeout", await failure(await server(() => {}), { timeoutMs: 100 })],
      ["refused", await failure(`http://127.0.0.1:${closedPort}/api`)],
      ["dropped", await failure(await server((req) => req.socket.destroy()))],
    ];
    const texts = new Map<string, string>();
    for (const [label, error] of errors)
      for (const [view, text] of views(error)) texts.set(`${label} ${view}`, text);
    expectNothingSecret(texts);
    // The echoing servers really did send the secrets back, and the client scrubbed them.
    for (const [label, error] of errors.filter(([l]) => l.includes("echo")))
      expect(inspect(error), label).toContain("[REDACTED]");
  });

  it("a THULIUM_URL carrying the password fails with a UsageError that does not", () => {
    const texts = new Map<string, string>();
    for (const url of [
      `https://u:${encodeURIComponent(SECRET_PASSWORD)}@acme.thulium.com/api`,
      `https://acme.thulium.com/api?p=${SECRET_PASSWORD}`,
      `no scheme ${SECRET_PASSWORD}`,
    ]) {
      let caught: unknown;
      try {
        clientOptionsFromEnv({
          THULIUM_URL: url,
          THULIUM_USER: SECRET_USER,
          THULIUM_PASSWORD: SECRET_PASSWORD,
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(Error);
      for (const [view, text] of views(caught)) texts.set(`${url} ${view}`, text);
    }
    expectNothingSecret(texts);
  });
});
