/**
 * A loopback HTTP proxy that records every request it passes on (method, path, status), so
 * a test can count the PUTs a spawned CLI sent to a sandbox running in another process.
 * `answer` may answer a request itself instead (a 403 for `outbounds/stats`, say).
 */
import { createServer, request as forward, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  /** The path and query, as sent (`/api/outbounds?limit=100&offset=100`). */
  path: string;
  status: number;
}

export interface CountingProxy {
  /** The proxy's API base (same path as the target's): use it as THULIUM_URL. */
  url: string;
  /** Every request answered, in order. */
  readonly requests: ProxiedRequest[];
  /** `METHOD path` of the requests answered since `from` (an index into `requests`). */
  since(from: number): string[];
  close(): Promise<void>;
}

/** What `answer` returns to answer a request itself. */
export interface CannedAnswer {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function startCountingProxy(
  targetUrl: string,
  answer?: (req: IncomingMessage) => CannedAnswer | undefined,
): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  const requests: ProxiedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const record = (status: number) =>
        requests.push({ method: req.method ?? "", path: req.url ?? "", status });
      const canned = answer?.(req);
      if (canned !== undefined) {
        record(canned.status);
        res.writeHead(canned.status, {
          "Content-Type": canned.contentType ?? "application/json",
          ...canned.headers,
        });
        res.end(canned.body);
        return;
      }
      const upstream = forward(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (reply) => {
          record(reply.statusCode ?? 502);
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, "")}`,
    requests,
    since: (from) => requests.slice(from).map((r) => `${r.method} ${r.path}`),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
