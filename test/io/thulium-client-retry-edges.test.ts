/**
 * The retry rules where ky's own defaults differ from the client's, pinned against a real
 * server: ky does the retrying, and these are the places the client tells it otherwise.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ClientOptions,
  createThuliumClient,
  type RetryEvent,
} from "../../src/io/thulium/index.js";
import { failure } from "./api-failure.js";
import {
  hang,
  type Responder,
  reply,
  type ScriptedServer,
  scriptedServer,
} from "./scripted-server.js";

let servers: ScriptedServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(...responders: Responder[]): Promise<ScriptedServer> {
  const server = await scriptedServer(...responders);
  servers.push(server);
  return server;
}

function clientFor(server: ScriptedServer, options: Partial<ClientOptions> = {}) {
  const retries: RetryEvent[] = [];
  const api = createThuliumClient({
    baseUrl: server.url,
    user: "api_user",
    password: "api_pass",
    retryBaseMs: 1,
    maxBackoffMs: 5,
    timeoutMs: 2000,
    onRetry: (event) => retries.push(event),
    ...options,
  });
  return { api, retries };
}

/** Answer after `ms`, as `responder` would. */
function delayed(ms: number, responder: Responder): Responder {
  return (req, res, index) => setTimeout(() => responder(req, res, index), ms);
}

describe("Retry-After, where ky's defaults differ", () => {
  it("is honoured on a 500 too (ky's default honours it only on 413, 429 and 503)", async () => {
    const server = await serve(reply(500, "", { "Retry-After": "1" }), reply(204));
    const { api, retries } = clientFor(server);
    const started = performance.now();
    await api.updateCampaign("00001", {});
    expect(retries).toMatchObject([{ delayMs: 1000, fromRetryAfter: true, reason: "HTTP 500" }]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.received).toHaveLength(2);
  });

  it.each([
    ["Retry-After: soon", { "Retry-After": "soon" }],
    ["Retry-After: -5", { "Retry-After": "-5" }],
    ["Retry-After: 1.5", { "Retry-After": "1.5" }],
    // ky would read these when Retry-After is missing; Thulium does not send them.
    ["RateLimit-Reset: 30", { "RateLimit-Reset": "30" }],
    ["X-RateLimit-Reset as a timestamp", { "X-RateLimit-Reset": String(Date.now() / 1000 + 30) }],
  ])("falls back to the backoff for %s", async (_label, headers) => {
    const server = await serve(reply(429, "", headers), reply(204));
    const { api, retries } = clientFor(server);
    const started = performance.now();
    await api.updateCampaign("00001", {});
    expect(retries).toHaveLength(1);
    expect(retries[0]?.fromRetryAfter).toBe(false);
    expect(retries[0]?.delayMs).toBeLessThan(5);
    expect(performance.now() - started).toBeLessThan(900);
    expect(server.received).toHaveLength(2);
  });

  it("refuses an HTTP-date Retry-After beyond the limit, without waiting", async () => {
    const later = new Date(Date.now() + 3_600_000).toUTCString();
    const server = await serve(reply(503, "", { "Retry-After": later }), reply(204));
    const started = performance.now();
    const error = await failure(
      clientFor(server, { maxRetryAfterMs: 1000 }).api.updateCampaign("00001", {}),
    );
    expect(error.message).toMatch(/Thulium asked to retry after \d+ s, more than the 1 s allowed/);
    expect(error.details).toMatchObject({ status: 503, attempts: 1 });
    expect(performance.now() - started).toBeLessThan(900);
    expect(server.received).toHaveLength(1);
  });
});

describe("stopRetrying (Ctrl-C)", () => {
  it("ends a long backoff wait at once, reporting the real failure", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.99); // a backoff of about 9.9 s
    const server = await serve(reply(502), reply(204));
    const stop = new AbortController();
    const { api, retries } = clientFor(server, {
      retryBaseMs: 10_000,
      maxBackoffMs: 10_000,
      onRetry: (event) => {
        retries.push(event);
        stop.abort();
      },
    });
    const started = performance.now();
    const error = await failure(api.updateCampaign("00001", {}, { stopRetrying: stop.signal }));
    expect(retries[0]).toMatchObject({ delayMs: 9900, fromRetryAfter: false });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.details).toMatchObject({ kind: "http", status: 502, attempts: 1 });
    expect(error.message).toContain("Not retried: the run is stopping.");
    expect(server.received).toHaveLength(1);
  });

  it("lets the try in flight finish: its failure is not retried", async () => {
    const server = await serve(delayed(300, reply(503)), reply(204));
    const stop = new AbortController();
    const { api, retries } = clientFor(server);
    const pending = failure(api.updateCampaign("00001", {}, { stopRetrying: stop.signal }));
    await expect.poll(() => server.received.length).toBe(1);
    stop.abort();
    const error = await pending;
    expect(error.details).toMatchObject({ kind: "http", status: 503, attempts: 1 });
    expect(error.message).toContain("Not retried: the run is stopping.");
    expect(retries).toEqual([]);
    expect(server.received).toHaveLength(1);
  });

  it("lets the try in flight finish: its success counts", async () => {
    const server = await serve(delayed(300, reply(204)));
    const stop = new AbortController();
    const { api } = clientFor(server);
    const pending = api.updateCampaign("00001", {}, { stopRetrying: stop.signal });
    await expect.poll(() => server.received.length).toBe(1);
    stop.abort();
    await expect(pending).resolves.toBeUndefined();
  });

  it("scrubs the credentials Thulium echoed from the failure it reports on stopping", async () => {
    const password = "Zażółć-gęślą/jaźń:42!";
    const echo: Responder = (req, res) =>
      reply(
        503,
        { request_id: `id ${req.headers.authorization}`, errors: [{ message: password }] },
        {
          "Retry-After": "30",
        },
      )(req, res, 0);
    const server = await serve(echo);
    const stop = new AbortController();
    const { api } = clientFor(server, { password, onRetry: () => stop.abort() });
    const error = await failure(api.updateCampaign("00001", {}, { stopRetrying: stop.signal }));
    expect(error.message).toContain("Not retried: the run is stopping.");
    expect(error.details).toMatchObject({
      messages: ["[REDACTED]"],
      requestId: "id Basic [REDACTED]",
    });
    const shown = `${error.message} ${JSON.stringify(error.details)} ${error.stack ?? ""}`;
    for (const form of [
      password,
      encodeURIComponent(password),
      Buffer.from(`api_user:${password}`).toString("base64"),
    ])
      expect(shown).not.toContain(form);
  });

  it("stops a GET's retries too", async () => {
    const server = await serve(reply(503, "", { "Retry-After": "30" }), reply(200, "[]"));
    const stop = new AbortController();
    const { api } = clientFor(server, { onRetry: () => stop.abort() });
    const error = await failure(
      api.getText("/outbounds", "Reading campaigns", { stopRetrying: stop.signal }),
    );
    expect(error.message).toMatch(/^Reading campaigns: .*Not retried: the run is stopping\.$/);
    expect(server.received).toHaveLength(1);
  });
});

describe("the per-try deadline", () => {
  it("retries a GET whose body stops arriving, and reads the next answer whole", async () => {
    const stall: Responder = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write("[");
    };
    const server = await serve(stall, reply(200, [{ id: "00001" }]));
    const { api, retries } = clientFor(server, { timeoutMs: 200 });
    expect(await api.getText("/outbounds", "Reading campaigns")).toBe('[{"id":"00001"}]');
    expect(retries.map((r) => r.reason)).toEqual(["TIMEOUT"]);
    expect(server.received).toHaveLength(2);
  });

  it("never retries a POST that timed out: it may have created the campaign", async () => {
    const server = await serve(hang, reply(201, { id: "00002" }));
    const error = await failure(clientFor(server, { timeoutMs: 100 }).api.createCampaign({}));
    expect(error.details).toMatchObject({ kind: "timeout", attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it("gives each try its own deadline", async () => {
    // Three tries of 150 ms each would not fit in one 200 ms deadline for the whole request.
    const server = await serve(
      delayed(150, reply(503)),
      delayed(150, reply(503)),
      delayed(150, reply(204)),
    );
    const { api } = clientFor(server, { timeoutMs: 200, retries: 3 });
    await api.updateCampaign("00001", {});
    expect(server.received).toHaveLength(3);
  });
});
