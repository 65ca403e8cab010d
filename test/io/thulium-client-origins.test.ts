/**
 * The node:http adapter parses each origin once and reuses it (a `new URL` per request was
 * a measurable part of a large apply's CPU): requests still reach the right server, port
 * and path, with several origins in one process and with an IPv6 address.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createThuliumClient } from "../../src/io/thulium/index.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

/** A server that answers 204 and notes each request's method, URL and body. */
async function listen(host: string) {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, seen };
}

const client = (baseUrl: string) =>
  createThuliumClient({ baseUrl, user: "api_user", password: "api_pass", retries: 1 });

it("sends each request to its own origin and path, whichever was parsed first", async () => {
  const [a, b] = [await listen("127.0.0.1"), await listen("127.0.0.1")];
  const apiA = client(`http://127.0.0.1:${a.port}/api`);
  const apiB = client(`http://localhost:${b.port}/thulium/api/`);
  await apiA.updateCampaign("00001", { name: "A" });
  await apiB.updateCampaign("00002", { name: "B" });
  await apiA.updateCampaign("00003", { name: "C" });
  expect(a.seen).toEqual([
    'PUT /api/outbounds/00001 {"name":"A"}',
    'PUT /api/outbounds/00003 {"name":"C"}',
  ]);
  expect(b.seen).toEqual(['PUT /thulium/api/outbounds/00002 {"name":"B"}']);
});

it("reaches a server on an IPv6 address", async (context) => {
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen("::1");
  } catch {
    context.skip(); // no IPv6 loopback here
    return;
  }
  await client(`http://[::1]:${server.port}/api`).updateCampaign("00001", { name: "A" });
  expect(server.seen).toEqual(['PUT /api/outbounds/00001 {"name":"A"}']);
});
