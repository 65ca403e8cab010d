/**
 * Bad-input corpus, part 2: the environment and what the server answers. Invalid input
 * (a malformed THULIUM_URL, missing credentials, bad flags) sends nothing; a bad answer
 * (HTML pages, non-JSON bodies, huge bodies, redirects, an HTML 200) fails with a readable
 * message, records nothing, and writes no state (see helpers/corpus.ts for the checks).
 */
import type { ServerResponse } from "node:http";
import { createServer } from "node:net";
import { beforeAll, describe, it } from "vitest";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { type Behaviour, type Case, defaultEnv, runCase } from "./helpers/corpus.js";

/** A port on 127.0.0.1 that nothing listens on: taken, then released before the tests. */
let closedPort = 0;
beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

function without(name: string): NonNullable<Case["env"]> {
  return (server) => {
    const env = defaultEnv(server);
    delete env[name];
    return env;
  };
}

function answer(status: number, body: string | Buffer, headers: Record<string, string> = {}) {
  return ((_req, res: ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  }) satisfies Behaviour;
}

const NGINX_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

const environment: Case[] = [
  {
    name: "THULIUM_URL without a scheme",
    extraEnv: { THULIUM_URL: "acme.thulium.com/api" },
    stderr: /THULIUM_URL is not a valid absolute URL/,
  },
  {
    name: "THULIUM_URL with another scheme",
    extraEnv: { THULIUM_URL: "ftp://acme.thulium.com/api" },
    stderr: /THULIUM_URL must be an http:\/\/ or https:\/\/ URL/,
  },
  {
    name: "THULIUM_URL carrying a user and password",
    extraEnv: { THULIUM_URL: `https://${TEST_USER}:${TEST_PASSWORD}@acme.thulium.com/api` },
    stderr: /THULIUM_URL contains a user name or password \(not shown here\)/,
  },
  {
    name: "THULIUM_URL with a query",
    extraEnv: { THULIUM_URL: "https://acme.thulium.com/api?debug=1" },
    stderr: /THULIUM_URL must not contain a query string or #fragment/,
  },
  { name: "THULIUM_URL missing", env: without("THULIUM_URL"), stderr: /THULIUM_URL is not set/ },
  { name: "THULIUM_USER missing", env: without("THULIUM_USER"), stderr: /THULIUM_USER is not set/ },
  {
    name: "THULIUM_PASSWORD missing",
    env: without("THULIUM_PASSWORD"),
    stderr: /THULIUM_PASSWORD is not set/,
  },
  {
    name: "THULIUM_USER containing ':'",
    extraEnv: { THULIUM_USER: "api:user" },
    stderr: /THULIUM_USER must not contain ':'/,
  },
  {
    name: "THULIUM_TIMEOUT_MS not a number",
    extraEnv: { THULIUM_TIMEOUT_MS: "fast" },
    stderr: /THULIUM_TIMEOUT_MS must be a positive whole number, got "fast"/,
  },
  {
    name: "THULIUM_RETRIES zero",
    extraEnv: { THULIUM_RETRIES: "0" },
    stderr: /THULIUM_RETRIES must be a positive whole number/,
  },
  {
    name: "THULIUM_RETRY_BASE_MS negative",
    extraEnv: { THULIUM_RETRY_BASE_MS: "-1" },
    stderr: /THULIUM_RETRY_BASE_MS must be a whole number \(0 or more\)/,
  },
  {
    name: "--concurrency 0",
    args: ["apply", "--auto-approve", "--concurrency", "0"],
    stderr: /--concurrency must be a whole number from 1 to 64/,
  },
  {
    name: "--lock-timeout that is not a duration",
    args: ["apply", "--auto-approve", "--lock-timeout", "soon"],
    stderr: /--lock-timeout/,
  },
  {
    name: "no --auto-approve without a terminal",
    args: ["apply"],
    stderr: /--auto-approve/,
  },
  {
    name: "an unknown flag",
    args: ["apply", "--auto-aprove"],
    stderr: /auto-aprove/,
  },
];

/** Cases where requests go out and the answer (or its absence) is the bad input. */
const server: Case[] = [
  {
    name: "unreachable host (a closed port on 127.0.0.1)",
    env: (s) => ({ ...defaultEnv(s), THULIUM_URL: `http://127.0.0.1:${closedPort}/api` }),
    stderr: /network error on PUT .*ECONNREFUSED.*Gave up after 2 tries/,
  },
  {
    name: "500 with a plain-text body",
    server: answer(500, "Something broke\nat line two\n", { "Content-Type": "text/plain" }),
    sendsRequests: true,
    stderr: /HTTP 500 .*not Thulium's JSON: "Something broke at line two"/,
  },
  {
    name: "502 nginx HTML error page",
    server: answer(502, NGINX_502, { "Content-Type": "text/html" }),
    sendsRequests: true,
    stderr: /HTTP 502 .*not Thulium's JSON: "502 Bad Gateway"/,
    notStderr: /<html|<center/,
  },
  {
    name: "400 with a 5 MB body",
    server: answer(400, `{"errors":[{"message":"${"x".repeat(5_000_000)}"}]}`),
    sendsRequests: true,
    stderr: /rejected the request as invalid \(HTTP 400/,
  },
  {
    name: "503 with a 5 MB HTML page",
    server: answer(503, `<html><body>${"<p>busy</p>".repeat(500_000)}</body></html>`, {
      "Content-Type": "text/html",
    }),
    sendsRequests: true,
    stderr: /HTTP 503 .*Gave up after 2 tries/,
  },
  {
    name: "400 with Thulium's JSON error and request id",
    server: answer(
      400,
      '{"request_id":"53678450401cf","errors":[{"message":"Wrong format of phone number.","code":111111}]}',
      { "Content-Type": "application/json" },
    ),
    sendsRequests: true,
    stderr: /Thulium says: Wrong format of phone number\. \(request_id 53678450401cf\)/,
  },
  {
    name: "401 with an HTML body",
    server: answer(401, "<html><title>Unauthorized</title></html>", {
      "Content-Type": "text/html",
    }),
    sendsRequests: true,
    stderr: /rejected the API credentials \(HTTP 401/,
  },
  {
    name: "404 with an empty body",
    server: answer(404, ""),
    sendsRequests: true,
    stderr: /no such campaign in Thulium \(HTTP 404/,
  },
  {
    name: "301 redirect to https",
    server: answer(301, "", { Location: "https://acme.thulium.com/api/outbounds/00001" }),
    sendsRequests: true,
    stderr:
      /redirected the request elsewhere[\s\S]*301 redirecting to https:\/\/acme\.thulium\.com.*not followed/,
    notStderr: /refused the API user/,
  },
  {
    name: "302 redirect to a login page",
    server: answer(302, "", { Location: "/login?next=/api/outbounds/00001" }),
    sendsRequests: true,
    stderr: /302 redirecting to \/login.*Check THULIUM_URL/s,
    notStderr: /refused the API user/,
  },
  {
    name: "200 with an HTML login page",
    server: answer(200, "<!DOCTYPE html><html><title>Zaloguj się</title></html>", {
      "Content-Type": "text/html; charset=utf-8",
    }),
    sendsRequests: true,
    stderr: /did not come from Thulium's API[\s\S]*HTTP 200 with an HTML page \("Zaloguj się"\)/,
    notStderr: /refused the API user/,
  },
  {
    name: "connections dropped without an answer",
    server: (req) => req.socket.destroy(),
    sendsRequests: true,
    stderr: /network error on PUT .*Gave up after 2 tries/,
  },
  {
    name: "no answer within THULIUM_TIMEOUT_MS",
    server: () => {}, // never answers
    extraEnv: { THULIUM_TIMEOUT_MS: "200" },
    sendsRequests: true,
    stderr: /no response within 200 ms.*Gave up after 2 tries/,
  },
];

describe("bad input: environment and flags (nothing is sent)", () => {
  it.each(environment.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("bad answers from the server (nothing is recorded)", () => {
  it.each(server.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
