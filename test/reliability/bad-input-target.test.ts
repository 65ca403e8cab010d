/**
 * Bad-input corpus, part 3: the target. THULIUM_URL values that look harmless but would
 * send requests elsewhere (a bare `?` or `#`, an empty `user@`), client settings out of
 * range, a compressed HTML page answering a PUT, a state recorded for THULIUM_URL with or
 * without `/api`, and TLS trouble (https:// to a plain-HTTP server, a self-signed or
 * mismatched certificate, a handshake cut short). Every case: exit 1, one paragraph, no
 * stack, nothing recorded (see helpers/corpus.ts for the checks).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import path from "node:path";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, it } from "vitest";
import { REPO } from "../helpers/cli.js";
import { TEST_PASSWORD } from "../helpers/sandbox.js";
import { type Behaviour, type Case, defaultEnv, runCase } from "./helpers/corpus.js";

/** Replace the counting server's URL in the default environment. */
function withUrl(url: (serverUrl: string) => string): NonNullable<Case["env"]> {
  return (server) => ({ ...defaultEnv(server), THULIUM_URL: url(server.url) });
}

const urls: Case[] = [
  {
    name: "THULIUM_URL ending in a bare ?",
    env: withUrl((url) => `${url}?`),
    stderr: /THULIUM_URL must not contain a query string or #fragment, not even an empty/,
  },
  {
    name: "THULIUM_URL ending in a bare #",
    env: withUrl((url) => `${url}#`),
    stderr: /THULIUM_URL must not contain a query string or #fragment, not even an empty/,
  },
  {
    name: "THULIUM_URL ending in /?#",
    env: withUrl((url) => `${url}/?#`),
    stderr: /THULIUM_URL must not contain a query string or #fragment/,
  },
  {
    name: "THULIUM_URL ending in a bare ? (plan)",
    args: ["plan"],
    env: withUrl((url) => `${url}?`),
    stderr: /THULIUM_URL must not contain a query string or #fragment/,
  },
  {
    name: "THULIUM_URL with an empty user@",
    env: withUrl((url) => url.replace("//", "//@")),
    stderr: /THULIUM_URL contains a user name or password \(not shown here\)/,
  },
  {
    name: "THULIUM_URL with an empty :@",
    env: withUrl((url) => url.replace("//", "//:@")),
    stderr: /THULIUM_URL contains a user name or password \(not shown here\)/,
  },
  {
    name: "THULIUM_URL with a password but no user",
    env: withUrl((url) => url.replace("//", `//:${encodeURIComponent(TEST_PASSWORD)}@`)),
    stderr: /THULIUM_URL contains a user name or password \(not shown here\)/,
  },
];

const settings: Case[] = [
  {
    name: "THULIUM_TIMEOUT_MS of 2^31 (the timer limit)",
    extraEnv: { THULIUM_TIMEOUT_MS: "2147483648" },
    stderr:
      /THULIUM_TIMEOUT_MS must be at most 2147483647 \(about 24\.8 days, the longest a Node\.js timer can wait.*got "2147483648"/,
  },
  {
    name: "THULIUM_TIMEOUT_MS of 10^12",
    extraEnv: { THULIUM_TIMEOUT_MS: "1000000000000" },
    stderr: /THULIUM_TIMEOUT_MS must be at most 2147483647/,
  },
  {
    name: "THULIUM_TIMEOUT_MS in hexadecimal",
    extraEnv: { THULIUM_TIMEOUT_MS: "0x10" },
    stderr: /THULIUM_TIMEOUT_MS must be a positive whole number, got "0x10"/,
  },
  {
    name: "THULIUM_RETRIES of a million",
    extraEnv: { THULIUM_RETRIES: "1000000" },
    stderr: /THULIUM_RETRIES must be at most 100 \(tries per request/,
  },
  {
    name: "THULIUM_RETRY_BASE_MS beyond the longest backoff",
    extraEnv: { THULIUM_RETRY_BASE_MS: "99999999" },
    stderr: /THULIUM_RETRY_BASE_MS must be at most 10000/,
  },
];

const LOGIN_PAGE = "<!DOCTYPE html><html><title>Zaloguj się</title><body>Login</body></html>";

function compressed(encoding: string, body: Buffer): Behaviour {
  return (_req, res) => {
    res.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Encoding": encoding,
    });
    res.end(body);
  };
}

const compressedPages: Case[] = [
  ["gzip", gzipSync(LOGIN_PAGE)],
  ["br", brotliCompressSync(LOGIN_PAGE)],
  ["deflate", deflateSync(LOGIN_PAGE)],
  ["deflate (raw, as some servers send it)", deflateRawSync(LOGIN_PAGE)],
  ["gzip, br (two codings)", brotliCompressSync(gzipSync(LOGIN_PAGE))],
].map(([encoding, body]) => ({
  name: `200 with a ${encoding}-compressed HTML login page`,
  server: compressed(String(encoding).replace(/ \(.*\)$/, ""), body as Buffer),
  sendsRequests: true,
  stderr: /HTTP 200 with an HTML page \("Zaloguj się"\) instead of the API's answer/,
}));

/** A state file already applied to `target`, with one campaign recorded. */
function stateFor(target: (serverUrl: string) => string): NonNullable<Case["setup"]> {
  return async (workspace, server) => {
    const state = {
      version: 1,
      lineage: randomUUID(),
      serial: 1,
      target: target(server.url),
      campaigns: { "00001": { fields: { name: "Stara" }, source: "campaigns/c00001.yaml" } },
    };
    await workspace.writeFile(".thulium/state.json", `${JSON.stringify(state, null, 2)}\n`);
  };
}

const withoutApi = (url: string) => url.replace(/\/api$/, "");

const targets: Case[] = [
  {
    name: "THULIUM_URL without /api, state applied to it with /api",
    env: withUrl(withoutApi),
    setup: stateFor((url) => url),
    stderr:
      /THULIUM_URL is http:\/\/127\.0\.0\.1:\d+ but this state \(.*state\.json\) was applied to http:\/\/127\.0\.0\.1:\d+\/api: did you leave out \/api\?/,
    notStderr: /was applied to \S+, not /,
  },
  {
    name: "THULIUM_URL with /api, state applied to it without /api",
    setup: stateFor(withoutApi),
    stderr:
      /THULIUM_URL is http:\/\/127\.0\.0\.1:\d+\/api but this state \(.*state\.json\) was applied to http:\/\/127\.0\.0\.1:\d+: the two differ only by \/api/,
    notStderr: /was applied to \S+, not /,
  },
  {
    name: "state target differing only by a trailing slash",
    setup: stateFor((url) => `${url}/`),
    stderr: /differ only by a trailing slash/,
  },
  {
    name: "state target differing only by http:// and https://",
    setup: stateFor((url) => url.replace("http:", "https:")),
    stderr: /differ only by https:\/\/ and http:\/\//,
  },
];

// TLS servers: an https one with a self-signed certificate for `localhost` only, and a TCP
// one that drops the connection as soon as the client starts its TLS handshake.
const TLS = path.join(REPO, "test", "fixtures", "tls");
let httpsServer: HttpsServer;
let httpsPort = 0;
let dropper: NetServer;
let dropperPort = 0;

beforeAll(async () => {
  httpsServer = createHttpsServer(
    {
      key: readFileSync(path.join(TLS, "localhost.key")),
      cert: readFileSync(path.join(TLS, "localhost.crt")),
    },
    (_req, res) => {
      res.writeHead(204);
      res.end();
    },
  );
  await new Promise<void>((resolve) => httpsServer.listen(0, "127.0.0.1", resolve));
  httpsPort = (httpsServer.address() as { port: number }).port;
  dropper = createNetServer((socket) => socket.once("data", () => socket.destroy()));
  await new Promise<void>((resolve) => dropper.listen(0, "127.0.0.1", resolve));
  dropperPort = (dropper.address() as { port: number }).port;
});
afterAll(async () => {
  httpsServer?.closeAllConnections();
  await new Promise<void>((resolve) => httpsServer?.close(() => resolve()));
  await new Promise<void>((resolve) => dropper?.close(() => resolve()));
});

/** No raw OpenSSL text, ever. */
const OPENSSL = /SSL routines|ssl3_|error:0A|openssl|\.c:\d+/i;

const tls: Case[] = [
  {
    name: "https:// to a plain-HTTP server",
    env: withUrl((url) => url.replace("http:", "https:")),
    stderr:
      /the server at https:\/\/127\.0\.0\.1:\d+ did not speak TLS: does THULIUM_URL need http:\/\/ instead of https:\/\/\?/,
    notStderr: OPENSSL,
  },
  {
    name: "a self-signed certificate",
    env: (server) => ({
      ...defaultEnv(server),
      THULIUM_URL: `https://127.0.0.1:${httpsPort}/api`,
    }),
    stderr: /certificate of https:\/\/127\.0\.0\.1:\d+ is self-signed.*NODE_EXTRA_CA_CERTS/,
    notStderr: OPENSSL,
  },
  {
    name: "a certificate for another host name",
    env: (server) => ({
      ...defaultEnv(server),
      THULIUM_URL: `https://127.0.0.1:${httpsPort}/api`,
      NODE_EXTRA_CA_CERTS: path.join(TLS, "localhost.crt"),
    }),
    stderr:
      /certificate of https:\/\/127\.0\.0\.1:\d+ is not for that host name.*host in THULIUM_URL/,
    notStderr: OPENSSL,
  },
  {
    name: "the connection dropped during the TLS handshake",
    env: (server) => ({
      ...defaultEnv(server),
      THULIUM_URL: `https://127.0.0.1:${dropperPort}/api`,
    }),
    stderr:
      /https:\/\/127\.0\.0\.1:\d+ closed the connection during the TLS handshake.*http:\/\/ instead of https:\/\//,
    notStderr: OPENSSL,
  },
];

describe("bad THULIUM_URL values (nothing is sent)", () => {
  it.each(urls.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("client settings out of range (nothing is sent)", () => {
  it.each(settings.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("compressed HTML answering a PUT (nothing is recorded)", () => {
  it.each(compressedPages.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("a state recorded for a slightly different THULIUM_URL (nothing is sent)", () => {
  it.each(targets.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("TLS trouble, in plain words (nothing is recorded)", () => {
  it.each(tls.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
