/**
 * Small HTTP helpers for the sandbox: request ids, Thulium-shaped error bodies, reading a
 * request body with a size limit, and Basic authentication.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiErrorEntry } from "./validate.js";

/** Request bodies above this size are refused (413): campaign bodies are tiny. */
export const BODY_LIMIT = 1024 * 1024;

/** Thulium-like request ids (13 hex digits): a random per-process prefix and a counter. */
export function requestIdGenerator(): () => string {
  const prefix = randomBytes(3).toString("hex");
  let counter = 0;
  return () => `${prefix}${(counter++).toString(16).padStart(7, "0")}`;
}

const JSON_TYPE = "application/json; charset=utf-8";

/** Send a JSON body. Every response names its request id in `X-Request-Id`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), requestId, headers);
}

/** Send a body already serialised as JSON. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "Content-Type": JSON_TYPE,
    "Content-Length": Buffer.byteLength(text),
    "X-Request-Id": requestId,
    ...headers,
  });
  res.end(text);
}

/** Thulium's error body: `{"request_id", "errors": [{"message", "code"}]}`. */
export function sendErrors(
  res: ServerResponse,
  status: number,
  requestId: string,
  errors: readonly ApiErrorEntry[],
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { request_id: requestId, errors }, requestId, headers);
}

/** 204 No Content, as Thulium answers PUT and DELETE. */
export function sendNoContent(res: ServerResponse, requestId: string): void {
  res.writeHead(204, { "X-Request-Id": requestId });
  res.end();
}

/** Bodies being read, by request: reading starts once, when the request arrives. */
const bodies = new WeakMap<IncomingMessage, Promise<Buffer | "too-large">>();

/**
 * The request body, or "too-large" once it passes `limit` bytes. The first call starts
 * reading; later calls share it. The server calls it as each request arrives, before any
 * injected delay: a client that hangs up during the delay has already sent its whole
 * request, which a real server would still process (a timed-out PUT that lands anyway).
 * Left unread until after the delay, a closed request would never emit "end" or "close"
 * again, and its handler would hang forever.
 */
export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer | "too-large"> {
  let body = bodies.get(req);
  if (body === undefined) {
    body = collectBody(req, limit);
    bodies.set(req, body);
  }
  return body;
}

function collectBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    if (req.destroyed && !req.readableEnded) {
      reject(new Error("the client closed the connection before sending the body"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    let ended = false;
    req.on("end", () => {
      ended = true;
      resolve(tooLarge ? "too-large" : Buffer.concat(chunks));
    });
    req.on("error", reject);
    // A client that goes away mid-body may not cause "error"; never leave the handler hanging.
    req.on("close", () => {
      if (!ended) reject(new Error("the client closed the connection before sending the body"));
    });
  });
}

/** Checks `Authorization: Basic …` against one user and password, in constant time. */
export function basicAuthChecker(
  user: string,
  password: string,
): (header: string | undefined) => boolean {
  const expected = Buffer.from(`${user}:${password}`, "utf8");
  return (header) => {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
    if (match?.[1] === undefined) return false;
    const given = Buffer.from(match[1], "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}
