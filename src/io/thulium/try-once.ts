/**
 * One try of a request, given to ky as its `fetch`: ky calls it once per try, under its
 * `timeout`, and retries or throws on what it returns or throws. It sends through the
 * node:http adapter and reads the body before ky sees the response, so ky's per-try deadline
 * covers the body too (a body that stops arriving is a timeout ky retries like any other),
 * and an error body is read once, bounded and redacted.
 */
import type { Input } from "ky";
import { type BodyText, ERROR_BODY_LIMIT, readBounded } from "./body.js";
import { httpFetch } from "./http-fetch.js";

/** How to make the tries of one request. */
export interface TryOptions {
  /** The JSON body as the string to send, if any (see transport.ts for why ky does not carry it). */
  body: string | undefined;
  /** The headers to send, names in lower case (see transport.ts for why ky does not carry them). */
  headers: Readonly<Record<string, string>>;
  /** The caller's signal: aborts the try in flight (ky is not given it, see transport.ts). */
  signal: AbortSignal | undefined;
  /** Scrubs the credentials from an answer that may end up in a message. */
  redact: (text: string) => string;
  /** Told as each try starts. */
  onTry: () => void;
}

/** What each try read of its response; ky hands the same Response on (or in its HTTPError). */
const bodies = new WeakMap<Response, BodyText>();

/** The body a try read of `response` (redacted unless it is a 2xx answer's data). */
export function bodyOf(response: Response): BodyText {
  return bodies.get(response) ?? { text: "", truncated: false };
}

/** ky's `fetch` for one request. */
export function tryOnce(options: TryOptions): (input: Input) => Promise<Response> {
  return async (input) => {
    const request = input as Request; // ky always passes the Request it built
    options.onTry();
    // ky aborts the request's signal at its deadline. The caller's signal is not joined to
    // it (AbortSignal.any on Node 20 costs more CPU than the rest of a request's client
    // side, and a long-lived caller signal would collect listeners): the adapter listens
    // to both.
    const response = await httpFetch(request.url, {
      method: request.method,
      headers: options.headers,
      signal: request.signal,
      alsoAbortOn: options.signal,
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    bodies.set(response, await readBody(response, request.method, options.redact));
    return response;
  };
}

/**
 * A 2xx answer to GET or POST is the data asked for: read whole. Anything else is read only
 * up to a limit (a proxy can answer with megabytes of HTML; reading it still frees the
 * connection for reuse), and redacted as soon as it is read, before anything collapses
 * whitespace, decodes entities or cuts it to a summary: each of those can turn an echoed
 * password into a form (or a half) no later redaction finds. Only the start of a truncated
 * body is ever shown, so a secret cut at the read limit is not.
 */
async function readBody(
  response: Response,
  method: string,
  redact: (text: string) => string,
): Promise<BodyText> {
  const ok = response.status >= 200 && response.status < 300;
  if (ok && (method === "GET" || method === "POST"))
    return { text: await response.text(), truncated: false };
  const { text, truncated } = await readBounded(response, ERROR_BODY_LIMIT);
  // An empty body (every 204) holds no secret: not redacting it spares an apply whose
  // answers are all 204 compiling the redactor at all (redact.ts compiles at first use).
  return { text: text === "" ? text : redact(text), truncated };
}
