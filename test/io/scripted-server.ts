/**
 * A bare node:http server on 127.0.0.1:0 whose answers a test scripts request by request,
 * recording what the client sent. Real sockets: nothing in the client is mocked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Responder = (req: Received, res: ServerResponse, index: number) => void;

export interface ScriptedServer {
  /** `http://127.0.0.1:PORT/api` */
  url: string;
  origin: string;
  received: Received[];
  close(): Promise<void>;
}

/** Start a server answering the n-th request with `responders[n]` (the last one repeats). */
export async function scriptedServer(...responders: Responder[]): Promise<ScriptedServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const entry: Received = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      const index = received.push(entry) - 1;
      const responder = responders[Math.min(index, responders.length - 1)];
      responder?.(entry, res, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answer with a status, optional body and headers. */
export function reply(
  status: number,
  body?: string | object,
  headers: Record<string, string> = {},
): Responder {
  return (_req, res) => {
    const text =
      body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const type = typeof body === "object" ? { "Content-Type": "application/json" } : {};
    res.writeHead(status, { ...type, ...headers });
    res.end(text);
  };
}

/** Destroy the connection without answering. */
export const drop: Responder = (_req, res) => {
  res.socket?.destroy();
};

/** Never answer (the client's timeout must fire). */
export const hang: Responder = () => undefined;
