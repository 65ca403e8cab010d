/**
 * `doctor`, end to end (in-process): against the sandbox in each list shape, and
 * against bare loopback servers answering what a misconfigured set-up gets (401, a 403 on
 * statistics only, an HTML page, JSON with no list, https:// to a plain server, a closed
 * port). Every run writes nothing (the workspace is byte-identical afterwards) and never
 * prints the password; the exit code is 1 exactly when an essential check fails.
 */
import { readFile, writeFile } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock } from "../../src/io/state/index.js";
import type { ListShape } from "../../src/sandbox/index.js";
import { REPO } from "../helpers/cli.js";
import {
  closedPort,
  parseDoctorJson,
  type RoutedServer,
  routedServer,
  runDoctor,
  snapshotTree,
} from "../helpers/doctor.js";
import { startTestSandbox, TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import {
  makeWorkspace,
  sampleCampaign,
  sampleCampaigns,
  type Workspace,
} from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function workspace(campaigns = sampleCampaigns(2)): Promise<Workspace> {
  const ws = await makeWorkspace(campaigns);
  cleanups.push(ws.cleanup);
  return ws;
}

async function serve(answer: Parameters<typeof routedServer>[0]): Promise<RoutedServer> {
  const server = await routedServer(answer);
  cleanups.push(() => server.close());
  return server;
}

/** The test credentials, fast retries and a short timeout, for `url`. */
function envFor(url: string): Record<string, string> {
  return {
    THULIUM_URL: url,
    THULIUM_USER: TEST_USER,
    THULIUM_PASSWORD: TEST_PASSWORD,
    THULIUM_RETRIES: "2",
    THULIUM_RETRY_BASE_MS: "0",
    THULIUM_TIMEOUT_MS: "5000",
  };
}

/** A campaign as the sandbox's data file keeps it. */
function stored(n: number) {
  const { id, ...fields } = sampleCampaign(n);
  return { id, ...fields };
}

/**
 * The sandbox in this process (what `thulium-campaigns sandbox --list-shape SHAPE --data
 * FILE` serves; that command as its own process is run by test/e2e/drift-shapes.test.ts),
 * with `count` campaigns in its data file.
 */
async function sandboxServer(shape: ListShape, count: number) {
  const home = await makeWorkspace([]);
  cleanups.push(home.cleanup);
  const dataFile = path.join(home.dir, "data.json");
  const campaigns = Array.from({ length: count }, (_, i) => stored(i + 1));
  await writeFile(dataFile, JSON.stringify({ version: 1, campaigns }));
  const sandbox = await startTestSandbox({ listShape: shape, dataFile });
  cleanups.push(() => sandbox.close());
  return { url: sandbox.url, dataFile, data: await readFile(dataFile, "utf8") };
}

describe("doctor against the sandbox, in each list shape", () => {
  it.each<[ListShape, number, string, string]>([
    ["plain", 3, "a JSON array, 1 request", "all 9 fields"],
    ["paged", 150, 'under "data", 2 requests', "all 9 fields"],
    ["partial", 3, "a JSON array, 1 request", "not shown: parameters, group_id"],
  ])(
    "%s: the list is recognised, its fields named, missing declared ids listed; exit 0",
    async (shape, count, where, fields) => {
      const sandbox = await sandboxServer(shape, count);
      // 00001 and 00002 are in the sandbox; 99999 is not.
      const ws = await workspace([sampleCampaign(1), sampleCampaign(2), sampleCampaign(99_999)]);
      const result = await runDoctor(ws.dir, envFor(sandbox.url), [
        "--format",
        "json",
        "--show-shape",
      ]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const report = parseDoctorJson(result);
      expect(report.format_version).toBe(1);
      expect(report.ok).toBe(true);
      expect(report.checks.map((c) => c.name)).toEqual([
        "node",
        "env",
        "url",
        "reachability",
        "credentials",
        "list",
        "fields",
        "stats",
        "campaign-files",
        "state",
        "state-target",
        "lock",
        "declared-ids",
      ]);
      expect(report.check.list?.finding).toBe(`recognised: ${count} campaigns (${where})`);
      expect(report.check.fields?.finding).toContain(fields);
      expect(report.check.fields?.status).toBe(shape === "partial" ? "warn" : "ok");
      expect(report.check.stats?.status).toBe("ok");
      expect(report.check["declared-ids"]).toMatchObject({ status: "warn" });
      expect(report.check["declared-ids"]?.finding).toBe(
        "1 of 3 declared campaigns not in Thulium's list: 99999",
      );
      // The shape: key names and types, never a value, at most three items.
      const skeleton = JSON.stringify(report.shape);
      expect(skeleton).not.toContain("Kampania");
      expect(skeleton).not.toContain("progressive");
      expect(skeleton).toContain('"name":"string"');
      // The first page holds 100 campaigns: three are shown.
      if (shape === "paged") expect(skeleton).toContain('"… 97 more"');
      expect(await readFile(sandbox.dataFile, "utf8")).toBe(sandbox.data);
      expectNoSecrets([result], TEST_PASSWORD, TEST_USER);
    },
  );

  it("text output: a checklist with fix lines and the verdict; the shape as JSON", async () => {
    const sandbox = await sandboxServer("plain", 2);
    const ws = await workspace([sampleCampaign(1)]);
    const result = await runDoctor(ws.dir, envFor(sandbox.url), ["--show-shape"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^ok {4}credentials {5}accepted: GET outbounds answered 2xx with JSON$/m,
    );
    expect(result.stdout).toMatch(
      /^ok {4}list {12}recognised: 2 campaigns \(a JSON array, 1 request\)$/m,
    );
    expect(result.stdout).toContain("✓ No essential check failed.");
    expect(result.stdout).toContain("Shape of the answer to GET outbounds");
    expect(result.stdout).toContain('"caller_id": "string"');
    expect(result.stdout).not.toContain("+4822");
    expectNoSecrets([result], TEST_PASSWORD, TEST_USER);
  });
});

describe("doctor against answers a misconfigured set-up gets", () => {
  it("401 on every request: credentials fail with the fix; list, fields and stats skipped; exit 1", async () => {
    const server = await serve(() => ({
      status: 401,
      body: '{"errors":[{"message":"Unauthorized"}]}',
    }));
    const ws = await workspace();
    const result = await runDoctor(ws.dir, envFor(server.url), ["--format", "json"]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.ok).toBe(false);
    expect(report.check.reachability?.status).toBe("ok");
    expect(report.check.credentials).toMatchObject({
      status: "fail",
      finding: "Thulium rejected the API user and password (HTTP 401 to GET outbounds)",
    });
    expect(report.check.credentials?.fix).toContain("THULIUM_USER and THULIUM_PASSWORD");
    for (const name of ["list", "fields", "stats"])
      expect(report.check[name]).toEqual({
        name,
        status: "skipped",
        finding: "skipped: needs credentials, which failed",
      });
    expect(report.check["declared-ids"]?.status).toBe("skipped");
    // The reachability probe carried no credentials; only GET outbounds did.
    expect(server.received[0]).toEqual({ path: "/api/outbounds", authorised: false });
    expectNoSecrets([result], TEST_PASSWORD, TEST_USER);
  });

  it("403 on outbounds/stats only: a warning, not a failure; exit 0", async () => {
    const server = await serve((requestPath) =>
      requestPath === "/api/outbounds/stats"
        ? { status: 403, body: '{"errors":[{"message":"Forbidden"}]}' }
        : {
            status: 200,
            body: JSON.stringify([
              { id: "00001", name: "A" },
              { id: 2, name: "B" },
            ]),
          },
    );
    const ws = await workspace();
    const result = await runDoctor(ws.dir, envFor(server.url));
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(
      /^warn {2}stats {11}the API user may not read GET outbounds\/stats \(HTTP 403\)/m,
    );
    expect(result.stdout).toMatch(
      /^ {22}fix: give the API user access to outbound campaign statistics/m,
    );
    expect(result.stdout).toContain("shows 1 of the 9 fields (name); not shown: dialer, active");
    expect(result.stdout).toContain("✓ No essential check failed; 2 warnings (fields, stats).");
  });

  it("an HTML page: says so, and that the credentials could not be checked; exit 1", async () => {
    const server = await serve(() => ({
      status: 200,
      type: "text/html",
      body: "<!doctype html><html><head><title>Zaloguj się</title></head><body>Login</body></html>",
    }));
    const ws = await workspace();
    const result = await runDoctor(ws.dir, envFor(server.url), [
      "--format",
      "json",
      "--show-shape",
    ]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check.credentials?.status).toBe("fail");
    expect(report.check.credentials?.finding).toBe(
      "GET outbounds answered 2xx with an HTML page, not JSON (a login or proxy page, or THULIUM_URL not ending in /api?), so the credentials could not be checked",
    );
    expect(report.check.credentials?.fix).toContain("ending in /api");
    expect(report.check.list?.finding).toBe("skipped: needs credentials, which failed");
    expect(report.shape).toEqual({ not_json: expect.stringContaining("an HTML page") });
  });

  it('{"foo": 1}: the list check names what it saw and asks for the shape; exit 1', async () => {
    const server = await serve(() => ({ status: 200, body: '{"foo": 1}' }));
    const ws = await workspace();
    const result = await runDoctor(ws.dir, envFor(server.url), [
      "--format",
      "json",
      "--show-shape",
    ]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check.credentials?.status).toBe("ok");
    expect(report.check.list).toMatchObject({
      status: "fail",
      finding:
        'GET outbounds answered with no list of campaigns this tool recognises: it is a JSON object with the key "foo" (number)',
    });
    expect(report.check.list?.fix).toContain("report the shape printed below");
    expect(report.check.fields?.status).toBe("skipped");
    expect(report.shape).toEqual({ foo: "number" });

    const text = await runDoctor(ws.dir, envFor(server.url));
    expect(text.stdout).toContain(
      "fix: run `thulium-campaigns doctor --show-shape` and report its output",
    );
  });

  it("https:// to a plain HTTP server: a TLS sentence and the http:// fix; nothing further sent; exit 1", async () => {
    const server = await serve(() => ({ status: 200, body: "[]" }));
    const ws = await workspace();
    const url = server.url.replace("http://", "https://");
    const result = await runDoctor(ws.dir, envFor(url), ["--format", "json"]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check.reachability?.status).toBe("fail");
    expect(report.check.reachability?.finding).toContain(
      `the server at https://127.0.0.1:${server.port} did not speak TLS`,
    );
    expect(report.check.reachability?.fix).toContain("use http:// in THULIUM_URL");
    expect(report.check.credentials?.finding).toBe("skipped: needs reachability, which failed");
    expect(server.received).toEqual([]);
  });

  it("a self-signed certificate: named as such, with NODE_EXTRA_CA_CERTS as the fix; exit 1", async () => {
    const tls = path.join(REPO, "test", "fixtures", "tls");
    const server = createHttpsServer(
      {
        key: await readFile(path.join(tls, "localhost.key")),
        cert: await readFile(path.join(tls, "localhost.crt")),
      },
      (_req, res) => res.end("[]"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as AddressInfo;
    const ws = await workspace();
    const result = await runDoctor(ws.dir, envFor(`https://127.0.0.1:${port}/api`), [
      "--format",
      "json",
    ]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check.reachability?.finding).toContain(
      `the TLS certificate of https://127.0.0.1:${port} is self-signed`,
    );
    expect(report.check.reachability?.fix).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("a closed port: nothing accepts connections; exit 1", async () => {
    const port = await closedPort();
    const ws = await workspace();
    const result = await runDoctor(ws.dir, envFor(`http://127.0.0.1:${port}/api`), [
      "--format",
      "json",
    ]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check.reachability).toMatchObject({
      status: "fail",
      finding: `nothing accepts connections at 127.0.0.1:${port} (ECONNREFUSED)`,
    });
    expect(report.check.reachability?.fix).toContain("check the host and port in THULIUM_URL");
  });
});

describe("doctor's local checks", () => {
  it("environment missing: says which variables, never a value; no request; exit 1", async () => {
    const server = await serve(() => ({ status: 200, body: "[]" }));
    const ws = await workspace();
    const result = await runDoctor(ws.dir, { THULIUM_USER: TEST_USER }, ["--format", "json"]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check.env).toMatchObject({
      status: "fail",
      finding: "THULIUM_URL and THULIUM_PASSWORD are not set; THULIUM_USER is set",
    });
    expect(report.check.url?.status).toBe("skipped");
    expect(result.stdout).not.toContain(TEST_USER);
    expect(server.received).toEqual([]);
  });

  it("the URL set but the password missing: reachability is still probed, credentials skipped", async () => {
    const server = await serve(() => ({ status: 401 }));
    const ws = await workspace();
    const { THULIUM_PASSWORD: _, ...env } = envFor(server.url);
    const result = await runDoctor(ws.dir, env, ["--format", "json"]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check.reachability?.status).toBe("ok");
    expect(report.check.credentials?.finding).toContain("skipped: needs env");
    expect(server.received).toEqual([{ path: "/api/outbounds", authorised: false }]);
  });

  it("invalid campaign files: the first errors with file:line, and validate as the fix; exit 1", async () => {
    const ws = await workspace([sampleCampaign(5)]);
    await ws.writeFile(
      "campaigns/dialer-typo.yaml",
      await readFile(path.join(REPO, "test/fixtures/campaigns/dialer-typo.yaml"), "utf8"),
    );
    const result = await runDoctor(ws.dir, {}, ["--sandbox", "--format", "json"]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check["campaign-files"]?.status).toBe("fail");
    expect(report.check["campaign-files"]?.finding).toMatch(
      /^1 error \(2 files, 2 campaigns under campaigns\/\): campaigns\/dialer-typo\.yaml:\d+:\d+ \/dialer: must be one of/,
    );
    expect(report.check["campaign-files"]?.fix).toBe(
      "run `thulium-campaigns validate` to see every error at its line, and fix them",
    );
    // The valid campaign is still looked for (the sandbox has none: a warning).
    expect(report.check["declared-ids"]?.finding).toContain(
      "campaigns in files with errors are not counted",
    );
  });

  it("a state applied to another target: state-target fails naming both; exit 1", async () => {
    const server = await serve(() => ({ status: 200, body: "[]" }));
    const ws = await workspace();
    await ws.writeFile(
      ".thulium/state.json",
      `${JSON.stringify({ version: 1, lineage: "7d7c1f0e-0000-4000-8000-000000000000", serial: 3, target: "https://other.thulium.com/api", campaigns: {} }, null, 2)}\n`,
    );
    const result = await runDoctor(ws.dir, envFor(server.url), ["--format", "json"]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check.state).toMatchObject({
      status: "ok",
      finding: ".thulium/state.json: 0 managed campaigns, serial 3",
    });
    expect(report.check["state-target"]?.status).toBe("fail");
    expect(report.check["state-target"]?.finding).toContain(
      "was applied to https://other.thulium.com/api",
    );
    expect(report.check["state-target"]?.fix).toContain("--state");
  });

  it("an unreadable state file: state fails, state-target skipped", async () => {
    const ws = await workspace();
    await ws.writeFile(".thulium/sandbox/state.json", "{ not json");
    const result = await runDoctor(ws.dir, {}, ["--sandbox", "--format", "json"]);
    expect(result.code).toBe(1);
    const report = parseDoctorJson(result);
    expect(report.check.state?.status).toBe("fail");
    expect(report.check.state?.finding).toContain("is not valid JSON");
    expect(report.check["state-target"]?.finding).toBe("skipped: needs state, which failed");
  });

  it("a held lock: a warning naming the holder, the lock left exactly as it was; exit 0", async () => {
    const ws = await workspace([]);
    const lock = await acquireLock(ws.stateFile, { command: "apply" });
    cleanups.push(() => lock.release());
    const result = await runDoctor(ws.dir, {}, ["--sandbox", "--state", ".thulium/state.json"]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(
      `warn  lock            held by apply (pid ${process.pid} on host ${hostname()}, since ${lock.info.since})`,
    );
    expect(result.stdout).toContain('rm ".thulium/state.json.lock"');
  });

  it("--sandbox: reads the sandbox's data without writing it, and names the declared ids it lacks", async () => {
    const ws = await workspace(sampleCampaigns(3));
    await ws.writeFile(
      ".thulium/sandbox/data.json",
      JSON.stringify({ version: 1, campaigns: [stored(1), stored(2)] }),
    );
    const before = await snapshotTree(ws.dir);
    const result = await runDoctor(ws.dir, { THULIUM_PASSWORD: TEST_PASSWORD }, [
      "--sandbox",
      "--format",
      "json",
    ]);
    expect(result.code, result.stdout).toBe(0);
    const report = parseDoctorJson(result);
    expect(report.check.env?.finding).toContain("not needed with --sandbox");
    expect(report.check.url?.finding).toContain(".thulium/sandbox/data.json (read, never written)");
    expect(report.check.list?.finding).toBe("recognised: 2 campaigns (a JSON array, 1 request)");
    expect(report.check["state-target"]?.finding).toContain("the first apply records sandbox");
    expect(report.check["declared-ids"]).toMatchObject({
      status: "warn",
      finding: "1 of 3 declared campaigns not in the sandbox's list: 00003",
      fix: "apply --sandbox creates it in the sandbox first, as an admin would in Thulium's panel",
    });
    expect(await snapshotTree(ws.dir)).toEqual(before);
    expectNoSecrets([result], TEST_PASSWORD, TEST_USER);
  });
});
