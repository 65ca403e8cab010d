import { afterEach, describe, expect, it } from "vitest";
import type { ApiError } from "../../src/errors.js";
import {
  type ClientOptions,
  createThuliumClient,
  type RetryEvent,
} from "../../src/io/thulium/index.js";
import { failure } from "./api-failure.js";
import {
  drop,
  hang,
  type Responder,
  reply,
  type ScriptedServer,
  scriptedServer,
} from "./scripted-server.js";

let servers: ScriptedServer[] = [];
afterEach(async () => {
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

describe("what the client sends", () => {
  it("PUTs JSON to /outbounds/:id with Basic auth, charset=utf-8 and Accept", async () => {
    const server = await serve(reply(204));
    await clientFor(server).api.updateCampaign("09098", {
      name: "Kampania sprzedażowa 2015",
      order: 5,
    });
    const [request] = server.received;
    expect(request?.method).toBe("PUT");
    expect(request?.url).toBe("/api/outbounds/09098");
    expect(request?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(request?.headers.accept).toBe("application/json");
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from("api_user:api_pass").toString("base64")}`,
    );
    expect(request?.headers["user-agent"]).toBe("thulium-campaigns");
    expect(JSON.parse(request?.body ?? "")).toEqual({
      name: "Kampania sprzedażowa 2015",
      order: 5,
    });
  });

  it("URL-encodes the id and tolerates a trailing slash on the base URL", async () => {
    const server = await serve(reply(204));
    const { api } = clientFor(server, { baseUrl: `${server.url}/` });
    await api.updateCampaign("a/b c", {});
    expect(server.received[0]?.url).toBe("/api/outbounds/a%2Fb%20c");
  });
});

describe("success", () => {
  it.each([
    ["204 without body", reply(204)],
    ["200 without body", reply(200)],
    ["200 with a JSON body", reply(200, { ok: true })],
    ["200 with a text body", reply(200, "OK")],
    ["202 accepted", reply(202)],
  ])("treats %s as success for PUT", async (_label, responder) => {
    const server = await serve(responder);
    await expect(
      clientFor(server).api.updateCampaign("00001", { name: "x" }),
    ).resolves.toBeUndefined();
    expect(server.received).toHaveLength(1);
  });

  it("pads numeric ids in a list and from create", async () => {
    const server = await serve(
      reply(200, [{ id: 9098, name: "A" }, { id: "00002" }]),
      reply(201, { id: 42 }),
    );
    const { api } = clientFor(server);
    expect(await api.listCampaigns()).toEqual([{ id: "09098", name: "A" }, { id: "00002" }]);
    expect(await api.createCampaign({ name: "B" })).toBe("00042");
  });

  it.each([
    [
      "a list that is not an array",
      reply(200, { campaigns: [] }),
      /did not answer with a JSON array/,
    ],
    ["garbage with 200", reply(200, "<html>hi</html>"), /did not answer with a JSON array/],
    ["a campaign without id", reply(200, [{ name: "x" }]), /has no id/],
  ])("rejects %s with a protocol ApiError", async (_label, responder, message) => {
    const server = await serve(responder);
    const error = await failure(clientFor(server).api.listCampaigns());
    expect(error.details.kind).toBe("protocol");
    expect(error.message).toMatch(message);
  });

  it("rejects a create answer without an id", async () => {
    const server = await serve(reply(201));
    const error = await failure(clientFor(server).api.createCampaign({}));
    expect(error.message).toMatch(/carries no campaign id/);
  });
});

describe("retries", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries %i, then succeeds", async (status) => {
    const server = await serve(reply(status), reply(status), reply(204));
    const { api, retries } = clientFor(server);
    await api.updateCampaign("00001", { name: "x" });
    expect(server.received).toHaveLength(3);
    expect(retries.map((r) => r.reason)).toEqual([`HTTP ${status}`, `HTTP ${status}`]);
  });

  it.each([400, 401, 403, 404, 410, 422])("never retries %i", async (status) => {
    const server = await serve(
      reply(status, { request_id: "r1", errors: [{ message: "No.", code: 1 }] }),
    );
    const error = await failure(clientFor(server).api.updateCampaign("00001", { name: "x" }));
    expect(server.received).toHaveLength(1);
    expect(error.details).toMatchObject({
      status,
      messages: ["No."],
      requestId: "r1",
      fatal: status === 401 || status === 403,
      attempts: 1,
    });
  });

  it("gives up after the configured number of tries, saying so", async () => {
    const server = await serve(
      reply(503, { request_id: "abc", errors: [{ message: "Busy.", code: 9 }] }),
    );
    const error = await failure(clientFor(server, { retries: 3 }).api.updateCampaign("00001", {}));
    expect(server.received).toHaveLength(3);
    expect(error.details).toMatchObject({
      status: 503,
      attempts: 3,
      messages: ["Busy."],
      requestId: "abc",
    });
    expect(error.message).toMatch(/Gave up after 3 tries/);
  });

  it("backs off exponentially with full jitter, capped", async () => {
    const server = await serve(reply(500));
    const { api, retries } = clientFor(server, { retries: 6, retryBaseMs: 4, maxBackoffMs: 20 });
    await failure(api.updateCampaign("00001", {}));
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5]);
    retries.forEach((retry, i) => {
      expect(retry.delayMs).toBeGreaterThanOrEqual(0);
      expect(retry.delayMs).toBeLessThan(Math.min(20, 4 * 2 ** i));
      expect(retry.fromRetryAfter).toBe(false);
    });
  });

  it("honours Retry-After in seconds", async () => {
    const server = await serve(reply(429, "", { "Retry-After": "1" }), reply(204));
    const { api, retries } = clientFor(server);
    const started = performance.now();
    await api.updateCampaign("00001", {});
    expect(retries).toEqual([
      {
        campaignId: "00001",
        method: "PUT",
        attempt: 1,
        delayMs: 1000,
        reason: "HTTP 429",
        fromRetryAfter: true,
      },
    ]);
    // A lower bound only: the wait really happened.
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("honours Retry-After as an HTTP date", async () => {
    // HTTP dates have whole seconds: 1.5 s ahead is between 0.5 and 1.5 s away.
    const soon = new Date(Date.now() + 1500).toUTCString();
    const server = await serve(reply(503, "", { "Retry-After": soon }), reply(204));
    const { api, retries } = clientFor(server, { maxRetryAfterMs: 10_000 });
    await api.updateCampaign("00001", {});
    expect(retries[0]?.fromRetryAfter).toBe(true);
    expect(retries[0]?.delayMs).toBeGreaterThan(0);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(1500);
    expect(server.received).toHaveLength(2);
  });

  it("does not wait for a Retry-After beyond the limit", async () => {
    const server = await serve(reply(429, "", { "Retry-After": "3600" }), reply(204));
    const error = await failure(
      clientFor(server, { maxRetryAfterMs: 1000 }).api.updateCampaign("00001", {}),
    );
    expect(server.received).toHaveLength(1);
    expect(error.message).toMatch(/retry after 3600 s, more than the 1 s allowed/);
  });

  it("retries a dropped connection for PUT", async () => {
    const server = await serve(drop, reply(204));
    const { api, retries } = clientFor(server);
    await api.updateCampaign("00001", {});
    expect(server.received).toHaveLength(2);
    expect(retries[0]?.reason).toBe("ECONNRESET");
  });

  it("reports a network failure with its code after the tries run out", async () => {
    const server = await serve(drop);
    const error = await failure(clientFor(server, { retries: 2 }).api.updateCampaign("00001", {}));
    expect(server.received).toHaveLength(2);
    expect(error.details).toMatchObject({
      kind: "network",
      attempts: 2,
      fatal: false,
      messages: [],
    });
    expect(error.details.status).toBeUndefined();
    expect(error.message).toMatch(
      /Campaign 00001: network error on PUT http:\/\/127\.0\.0\.1:\d+\/api\/outbounds\/00001/,
    );
  });

  it("does not retry POST after an ambiguous failure (500, dropped connection)", async () => {
    for (const responder of [reply(500), drop]) {
      const server = await serve(responder, reply(201, { id: "00002" }));
      await failure(clientFor(server).api.createCampaign({ name: "once" }));
      expect(server.received).toHaveLength(1);
    }
  });

  it("retries POST after 429, which means nothing was done", async () => {
    const server = await serve(reply(429, "", { "Retry-After": "0" }), reply(201, { id: "00002" }));
    expect(await clientFor(server).api.createCampaign({ name: "once" })).toBe("00002");
    expect(server.received).toHaveLength(2);
  });

  it("retries POST when the connection is refused (the request never left)", async () => {
    const server = await serve(reply(201));
    const url = server.url;
    await server.close();
    servers = [];
    const retries: RetryEvent[] = [];
    const api = createThuliumClient({
      baseUrl: url,
      user: "u",
      password: "p",
      retries: 3,
      retryBaseMs: 1,
      onRetry: (e) => retries.push(e),
    });
    const error = await failure(api.createCampaign({}));
    expect(retries.map((r) => r.reason)).toEqual(["ECONNREFUSED", "ECONNREFUSED"]);
    expect(error.details.attempts).toBe(3);
  });
});

describe("timeouts", () => {
  it("times out a request that gets no answer, retries it, and names campaign and timeout", async () => {
    const server = await serve(hang);
    const error = await failure(
      clientFor(server, { timeoutMs: 100, retries: 2 }).api.updateCampaign("00007", {}),
    );
    expect(server.received).toHaveLength(2);
    expect(error.details).toMatchObject({ kind: "timeout", campaignId: "00007", attempts: 2 });
    expect(error.message).toMatch(/^Campaign 00007: no response within 100 ms/);
  });

  it("covers a body that stops arriving after the headers", async () => {
    const stall: Responder = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write("[");
    };
    const server = await serve(stall);
    const error = await failure(
      clientFor(server, { timeoutMs: 100, retries: 1 }).api.listCampaigns(),
    );
    expect(error.details.kind).toBe("timeout");
    expect(error.message).toMatch(/^Listing campaigns: no response within 100 ms/);
  });

  it("stops at once when the caller's signal is already aborted", async () => {
    const server = await serve(reply(204));
    const controller = new AbortController();
    controller.abort();
    const error = await failure(
      clientFor(server).api.updateCampaign("00001", {}, { signal: controller.signal }),
    );
    expect(error.details.kind).toBe("aborted");
    expect(server.received).toHaveLength(0);
  });

  it("stops waiting to retry when the caller's signal aborts", async () => {
    const server = await serve(reply(503, "", { "Retry-After": "30" }));
    const controller = new AbortController();
    const { api } = clientFor(server, { onRetry: () => controller.abort() });
    const error = await failure(api.updateCampaign("00001", {}, { signal: controller.signal }));
    expect(error.details).toMatchObject({ kind: "aborted", attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it("stops retrying, without cutting the try in flight, when stopRetrying aborts", async () => {
    const server = await serve(reply(503, "", { "Retry-After": "30" }), reply(204, ""));
    const stop = new AbortController();
    const { api } = clientFor(server, { onRetry: () => stop.abort() });
    const error = await failure(api.updateCampaign("00001", {}, { stopRetrying: stop.signal }));
    // The failure is the real one (a 503), not an abort, and no second try was sent.
    expect(error.details).toMatchObject({ kind: "http", status: 503, attempts: 1 });
    expect(error.message).toContain("Not retried: the run is stopping.");
    expect(server.received).toHaveLength(1);
  });

  it("still sends the first try when stopRetrying has aborted: only retries stop", async () => {
    const stop = new AbortController();
    const server = await serve(reply(204, ""));
    stop.abort();
    const { api } = clientFor(server);
    await api.updateCampaign("00001", {}, { stopRetrying: stop.signal });
    expect(server.received).toHaveLength(1);
  });
});

describe("error bodies that are not Thulium's JSON", () => {
  it("summarises an HTML proxy page by its title", async () => {
    const html =
      "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>";
    const server = await serve(reply(502, html, { "Content-Type": "text/html" }));
    const error = await failure(clientFor(server, { retries: 1 }).api.updateCampaign("00001", {}));
    expect(error.details).toMatchObject({ status: 502, messages: [] });
    expect(error.message).toContain('not Thulium\'s JSON: "502 Bad Gateway"');
  });

  it("summarises HTML without a title by its text, and plain text by its start", async () => {
    const server = await serve(
      reply(500, "<body><script>x()</script><p>Something &amp; broke</p></body>"),
      reply(500, `Out of memory\n${"x".repeat(500)}`),
    );
    const { api } = clientFor(server, { retries: 1 });
    expect((await failure(api.updateCampaign("00001", {}))).message).toContain(
      '"Something & broke"',
    );
    const long = await failure(api.updateCampaign("00001", {}));
    expect(long.message).toContain("Out of memory xxx");
    expect(long.message.length).toBeLessThan(500);
  });

  it("reads only a bounded part of a huge error body", async () => {
    const huge: Responder = (_req, res) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      // 20 MiB, written lazily: a client reading it all would take long and hold it all.
      let sent = 0;
      const chunk = "y".repeat(64 * 1024);
      const pump = () => {
        while (sent < 20 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    };
    const server = await serve(huge);
    const error = await failure(clientFor(server, { retries: 1 }).api.updateCampaign("00001", {}));
    expect(error.details.status).toBe(500);
    expect(error.message.length).toBeLessThan(500);
    expect(error.message).toContain("yyy");
  });

  it("uses a top-level message from JSON that is not Thulium's shape", async () => {
    const server = await serve(reply(400, { message: "Gateway says no" }));
    const error = await failure(clientFor(server).api.updateCampaign("00001", {}));
    expect(error.details.messages).toEqual(["Gateway says no"]);
  });
});

describe("redirects", () => {
  it("refuses to follow a redirect, names the Location, and sends nothing there", async () => {
    const elsewhere = await serve(reply(204));
    const server = await serve(reply(301, "", { Location: `${elsewhere.url}/outbounds/00001` }));
    const error = await failure(clientFor(server).api.updateCampaign("00001", {}));
    expect(error.details).toMatchObject({
      kind: "redirect",
      status: 301,
      fatal: true,
      attempts: 1,
    });
    expect(error.message).toContain(`redirecting to ${elsewhere.url}/outbounds/00001`);
    expect(server.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });
});

describe("many requests at once", () => {
  it("shares one caller signal across 100 requests without listener warnings, and aborts them all", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const server = await serve(hang);
      const controller = new AbortController();
      const { api } = clientFor(server, { timeoutMs: 60_000 });
      const ids = Array.from({ length: 100 }, (_, i) => String(i + 1).padStart(5, "0"));
      const pending = ids.map((id) =>
        api.updateCampaign(id, {}, { signal: controller.signal }).catch((e: unknown) => e),
      );
      await expect.poll(() => server.received.length).toBe(100);
      controller.abort();
      const errors = (await Promise.all(pending)) as ApiError[];
      expect(errors.map((e) => e.details.kind)).toEqual(ids.map(() => "aborted"));
      expect(errors.map((e) => e.details.campaignId)).toEqual(ids);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
