/**
 * A minimal `fetch` over node:http/https with keep-alive agents, handed to ky through its
 * documented `fetch` option (by try-once.ts, which reads the body too): ky still builds
 * (headers and body aside: try-once.ts hands them over, transport.ts says why), times,
 * retries and checks every request, and this only moves the bytes.
 *
 * Why not the global fetch: on Node 20 undici's fetch costs about 1–2 ms of CPU per request
 * (Request/Headers/AbortSignal objects and web streams), which on a 2-core machine caps a
 * large apply far below what the network allows. Measured on 1,000 PUTs at concurrency 64
 * against the sandbox: ~870 ms of CPU with fetch, ~175 ms with node:http (server included).
 *
 * Scope: exactly what the client needs. Redirects are never followed (a 3xx is ky's
 * HTTPError, and the client's error); the headers are a plain object sent as they are; the
 * body is a string or absent; the response body is streamed so the caller can bound how
 * much it reads, and decoded (gzip, br, deflate) as fetch would, so every check judges the
 * body a browser would show, never its compressed bytes.
 */
import http from "node:http";
import type https from "node:https";
import { Readable } from "node:stream";
import { decodedBody } from "./decode-body.js";
import { whenAborted } from "./link-abort.js";

const AGENT_OPTIONS = { keepAlive: true, maxSockets: 256 };

/** How requests go out for one protocol: its `request` and its keep-alive agent. */
interface Sender {
  request: typeof http.request;
  agent: http.Agent;
}
const plainSender: Sender = { request: http.request, agent: new http.Agent(AGENT_OPTIONS) };

/**
 * node:https (and TLS with it) loads at the first https request, not with this module:
 * ~5 ms of start-up in front of an http target's first request (the sandbox's) otherwise.
 */
let tlsSender: Promise<Sender> | undefined;
function secureSender(): Promise<Sender> {
  tlsSender ??= import("node:https").then(({ default: secure }: { default: typeof https }) => ({
    request: secure.request,
    agent: new secure.Agent(AGENT_OPTIONS),
  }));
  return tlsSender;
}

/** Statuses whose responses never carry a body (the Response constructor insists). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export interface HttpFetchInit {
  method: string;
  /** Sent as they are (lower-case names); `content-length` is added for a body. */
  headers: Readonly<Record<string, string>>;
  body?: string;
  signal: AbortSignal;
  /**
   * A second signal that also aborts the request: a caller's long-lived one, listened to
   * through link-abort.ts (see there), so a try need not join it to `signal` with an
   * AbortController of its own.
   */
  alsoAbortOn?: AbortSignal | undefined;
}

/** Where to connect for an origin, parsed once: a large apply sends every request to one. */
interface Origin {
  protocol: "http:" | "https:";
  hostname: string;
  port: string;
}
const origins = new Map<string, Origin>();

/**
 * The request options for `url`: the origin's parsed once and cached (a `new URL` per
 * request was a measurable part of the client's CPU), the path taken as it is. `url` comes
 * from ky's Request, so it is already absolute and normalised.
 */
function requestTarget(url: string): Origin & { path: string } {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  const origin = pathStart === -1 ? url : url.slice(0, pathStart);
  const hash = url.indexOf("#");
  const path = pathStart === -1 ? "/" : url.slice(pathStart, hash === -1 ? undefined : hash);
  let parsed = origins.get(origin);
  if (parsed === undefined) {
    const whole = new URL(origin);
    parsed = {
      protocol: whole.protocol === "https:" ? "https:" : "http:",
      // node:http wants an IPv6 address without its brackets.
      hostname: whole.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: whole.port,
    };
    origins.set(origin, parsed);
  }
  return { ...parsed, path };
}

export function httpFetch(url: string, init: HttpFetchInit): Promise<Response> {
  const target = requestTarget(url);
  if (target.protocol === "http:") return send(plainSender, target, init);
  return secureSender().then((sender) => send(sender, target, init));
}

function send(
  sender: Sender,
  target: Origin & { path: string },
  init: HttpFetchInit,
): Promise<Response> {
  const headers =
    init.body === undefined
      ? init.headers
      : { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) };
  const other = init.alsoAbortOn;

  return new Promise((resolve, reject) => {
    if (init.signal.aborted || other?.aborted) {
      reject(abortError());
      return;
    }
    const request = sender.request({
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port === "" ? {} : { port: target.port }),
      path: target.path,
      method: init.method,
      headers,
      agent: sender.agent,
    });
    const onAbort = () => request.destroy(abortError());
    init.signal.addEventListener("abort", onAbort, { once: true });
    const stopListening = other === undefined ? undefined : whenAborted(other, onAbort);
    const done = () => {
      init.signal.removeEventListener("abort", onAbort);
      stopListening?.();
    };

    request.on("error", (error) => {
      done();
      // The same shape as undici's: a TypeError whose cause carries the system error code.
      reject(error.name === "AbortError" ? error : new TypeError("fetch failed", { cause: error }));
    });
    request.on("response", (incoming) => {
      const status = incoming.statusCode ?? 0;
      // Handed to the Response as a list: a Headers object would be filled, then copied.
      const responseHeaders: [string, string][] = [];
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const each of value) responseHeaders.push([name, each]);
        else responseHeaders.push([name, value]);
      }
      incoming.on("close", done);
      // An abort after the headers (the deadline, while reading the body) ends the stream.
      incoming.on("error", () => undefined);
      const body = NULL_BODY.has(status)
        ? null
        : (Readable.toWeb(decodedBody(incoming)) as unknown as ReadableStream<Uint8Array>);
      if (body === null) incoming.resume();
      resolve(
        new Response(body, {
          status,
          statusText: incoming.statusMessage ?? "",
          headers: responseHeaders,
        }),
      );
    });
    request.end(init.body);
  });
}

function abortError(): Error {
  return new DOMException("This operation was aborted", "AbortError");
}
