/**
 * A loopback HTTP proxy that holds every request until the test lets it through, one at a
 * time or all at once. It makes "while an apply is in the middle of its run" a state the
 * test controls rather than a race it hopes to win.
 */
import { createServer, request as forward } from "node:http";
import type { AddressInfo } from "node:net";

export interface GateProxy {
  /** The proxy's API base (same path as the target's): use it as THULIUM_URL. */
  url: string;
  /** Requests that arrived, let through or not. */
  readonly arrived: number;
  /** Requests waiting at the gate. */
  readonly waiting: number;
  /** Resolves once `count` requests have arrived in total. */
  waitForArrivals(count: number): Promise<void>;
  /** Lets the oldest waiting request through; false when none waits. */
  releaseOne(): boolean;
  /** Lets every request through from now on. */
  open(): void;
  close(): Promise<void>;
}

/** Starts a gate in front of `targetUrl` (e.g. a sandbox's `http://127.0.0.1:N/api`). */
export async function startGateProxy(targetUrl: string): Promise<GateProxy> {
  const target = new URL(targetUrl);
  const waiting: (() => void)[] = [];
  const arrivalWatchers: { count: number; resolve: () => void }[] = [];
  let arrived = 0;
  let isOpen = false;

  const server = createServer((req, res) => {
    arrived += 1;
    for (const watcher of [...arrivalWatchers])
      if (arrived >= watcher.count) {
        arrivalWatchers.splice(arrivalWatchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    // Buffer the body now, so a request waiting at the gate is complete when let through.
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    const pass = () => {
      const upstream = forward(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      const send = () => upstream.end(Buffer.concat(chunks));
      if (req.readableEnded) send();
      else req.on("end", send);
    };
    if (isOpen) pass();
    else waiting.push(pass);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    get arrived() {
      return arrived;
    },
    get waiting() {
      return waiting.length;
    },
    waitForArrivals(count) {
      if (arrived >= count) return Promise.resolve();
      return new Promise((resolve) => arrivalWatchers.push({ count, resolve }));
    },
    releaseOne() {
      const next = waiting.shift();
      next?.();
      return next !== undefined;
    },
    open() {
      isOpen = true;
      for (const pass of waiting.splice(0)) pass();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
