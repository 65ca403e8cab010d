/**
 * What goes over the wire, and what is read back from it, now that the client builds its
 * headers and its Response without ky's help (transport.ts, try-once.ts, http-fetch.ts):
 * the same header lines in the same order, response headers as Node reads them, and a
 * caller's signal that still cuts a try in flight with one listener however many requests
 * share it.
 */
import { getEventListeners } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type ClientOptions, createThuliumClient } from "../../src/io/thulium/index.js";
import { failure } from "./api-failure.js";

interface Seen {
  method: string;
  /** Header names as sent, lower-cased, in the order they arrived. */
  names: string[];
  headers: IncomingMessage["headers"];
}

type Answer = (res: ServerResponse) => void;

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

/** A server on 127.0.0.1 answering every request with `answer`, recording what it got. */
async function serve(answer: Answer): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        names: req.rawHeaders.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase()),
        headers: req.headers,
      });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api`, seen };
}

function clientFor(url: string, options: Partial<ClientOptions> = {}) {
  return createThuliumClient({
    baseUrl: url,
    user: "api_user",
    password: "api_pass",
    retryBaseMs: 1,
    maxBackoffMs: 5,
    timeoutMs: 5000,
    ...options,
  });
}

const noContent: Answer = (res) => {
  res.writeHead(204);
  res.end();
};

describe("the header lines a request sends", () => {
  it("a PUT: Accept, Authorization, Content-Type, User-Agent, Content-Length, in that order", async () => {
    const server = await serve(noContent);
    await clientFor(server.url).updateCampaign("00001", { name: "x" });
    const [put] = server.seen;
    expect(put?.method).toBe("PUT");
    expect(put?.names).toEqual([
      "accept",
      "authorization",
      "content-type",
      "user-agent",
      "content-length",
      "host",
      "connection",
    ]);
    expect(put?.headers["content-length"]).toBe(String(Buffer.byteLength('{"name":"x"}')));
  });

  it("a GET: the same without a body's Content-Type and Content-Length", async () => {
    const server = await serve((res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end("[]");
    });
    await clientFor(server.url).listCampaigns();
    expect(server.seen[0]?.names).toEqual([
      "accept",
      "authorization",
      "user-agent",
      "host",
      "connection",
    ]);
  });
});

describe("response headers, as Node reads them", () => {
  it("takes the first of two Retry-After lines (Node drops the repeat), not both joined", async () => {
    const server = await serve((res) => {
      res.setHeader("Retry-After", ["1000", "0"]);
      res.writeHead(503);
      res.end();
    });
    const error = await failure(clientFor(server.url).updateCampaign("00001", {}));
    // Joined ("1000, 0") the header would be unreadable, and the client would back off and retry.
    expect(error.message).toContain("Thulium asked to retry after 1000 s");
    expect(error.details.attempts).toBe(1);
    expect(server.seen).toHaveLength(1);
  });

  it("names the first of two Location lines of a redirect", async () => {
    const server = await serve((res) => {
      res.setHeader("Location", ["https://first.example/api", "https://second.example/api"]);
      res.writeHead(301);
      res.end();
    });
    const error = await failure(clientFor(server.url).updateCampaign("00001", {}));
    expect(error.details.kind).toBe("redirect");
    expect(error.message).toContain("redirecting to https://first.example/api;");
  });
});

describe("a caller's signal", () => {
  it("cuts a try whose body is still arriving, long before the try's deadline", async () => {
    let headersSent = false;
    const server = await serve((res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('[{"id":"00001"');
      headersSent = true;
    });
    const controller = new AbortController();
    const api = clientFor(server.url, { timeoutMs: 60_000 });
    const started = Date.now();
    const pending = failure(
      api.getText("/outbounds", "Reading campaigns", { signal: controller.signal }),
    );
    await expect.poll(() => headersSent).toBe(true);
    // Let the headers reach the client, so the abort lands while the body is being read.
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    const error = await pending;
    expect(error.details).toMatchObject({ kind: "aborted", attempts: 1 });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("holds one abort listener however many requests used it, before and after", async () => {
    const server = await serve(noContent);
    const controller = new AbortController();
    const api = clientFor(server.url);
    const ids = Array.from({ length: 40 }, (_, i) => String(i + 1).padStart(5, "0"));
    for (const id of ids.slice(0, 10))
      await api.updateCampaign(id, {}, { signal: controller.signal });
    await Promise.all(
      ids.slice(10).map((id) => api.updateCampaign(id, {}, { signal: controller.signal })),
    );
    expect(server.seen).toHaveLength(40);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
  });
});
