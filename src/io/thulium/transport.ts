/**
 * Sending one API request through ky, with the client's own retry loop around it.
 *
 * Why not ky's built-in retry: it cannot refuse to retry a POST after an ambiguous failure
 * while still retrying it when the connection was refused, and its timeout stops at the
 * response headers. Here every try has one deadline covering the body too, error bodies are
 * read only up to a limit, redirects are never followed, and every failure becomes an
 * ApiError with the credentials scrubbed. ky still does all the HTTP.
 */
import ky, { type KyInstance } from "ky";
import type { ApiError } from "../../errors.js";
import { ERROR_BODY_LIMIT, readBounded, summariseErrorBody } from "./body.js";
import { type Failure, networkFailure, type RequestLabel, toApiError } from "./failure.js";
import { httpFetch } from "./http-fetch.js";
import { linkAbort, sleepUnlessAborted } from "./link-abort.js";
import type { ResolvedClientOptions } from "./options.js";
import { basicAuthorization, createRedactor } from "./redact.js";
import { backoffDelay, isRetryableStatus, parseRetryAfter } from "./retry-policy.js";

/** One request to make. */
export interface RequestSpec {
  method: "GET" | "PUT" | "POST" | "DELETE";
  /** Path below the base URL, already encoded, e.g. `/outbounds/09098`. */
  path: string;
  /** JSON body, if any. */
  json?: unknown;
  campaignId?: string;
  /** Names the request in messages when there is no campaign id. */
  subject: string;
  /** Safe to repeat (PUT, GET, DELETE); POST is not. */
  idempotent: boolean;
  signal?: AbortSignal;
  /** No new try starts once this aborts; the try in flight is left to finish. */
  stopRetrying?: AbortSignal;
}

/** A 2xx response: its status and its body as text ("" when there is none). */
export interface Success {
  status: number;
  text: string;
}

type Outcome = { ok: true; success: Success } | { ok: false; failure: Failure };

/** Sends one request (with retries); resolves on 2xx, rejects with an ApiError. */
export type Send = (spec: RequestSpec) => Promise<Success>;

/** Build the function that sends requests for one client. */
export function createTransport(options: ResolvedClientOptions): Send {
  const redact = createRedactor(options.user, options.password);
  const http = ky.create({
    timeout: false, // our own deadline per try, covering the body as well
    retry: 0, // our own loop, see above
    throwHttpErrors: false,
    redirect: "manual",
    headers: {
      Authorization: basicAuthorization(options.user, options.password),
      Accept: "application/json",
      "User-Agent": options.userAgent,
    },
  });

  return async (spec) => {
    const label: RequestLabel = {
      method: spec.method,
      url: `${options.baseUrl}${spec.path}`,
      subject: spec.campaignId === undefined ? spec.subject : `Campaign ${spec.campaignId}`,
      timeoutMs: options.timeoutMs,
    };
    if (spec.campaignId !== undefined) label.campaignId = spec.campaignId;
    const fail = (failure: Failure, attempts: number, note?: string): ApiError =>
      toApiError(failure, label, attempts, redact, note);

    const body = spec.json === undefined ? undefined : JSON.stringify(spec.json);
    for (let attempt = 1; ; attempt++) {
      if (spec.signal?.aborted) throw fail(aborted(), attempt - 1);
      const outcome = await tryOnce(http, spec, label.url, body, options.timeoutMs, redact);
      if (outcome.ok) return outcome.success;
      const { failure } = outcome;
      if (!failure.retryable || attempt >= options.retries) throw fail(failure, attempt);
      if (spec.stopRetrying?.aborted) throw fail(failure, attempt, STOPPED_NOTE);
      const fromRetryAfter = failure.retryAfterMs !== undefined;
      const delayMs =
        failure.retryAfterMs ?? backoffDelay(attempt, options.retryBaseMs, options.maxBackoffMs);
      if (delayMs > options.maxRetryAfterMs) {
        const note = ` Thulium asked to retry after ${Math.ceil(delayMs / 1000)} s, more than the ${Math.ceil(options.maxRetryAfterMs / 1000)} s allowed.`;
        throw fail(failure, attempt, note);
      }
      options.onRetry?.({
        ...(spec.campaignId === undefined ? {} : { campaignId: spec.campaignId }),
        method: spec.method,
        attempt,
        delayMs,
        reason:
          failure.status === undefined ? (failure.code ?? failure.kind) : `HTTP ${failure.status}`,
        fromRetryAfter,
      });
      if (!(await sleepUnlessAborted(delayMs, spec.signal, spec.stopRetrying))) {
        if (spec.signal?.aborted) throw fail(aborted(), attempt);
        throw fail(failure, attempt, STOPPED_NOTE);
      }
    }
  };
}

const STOPPED_NOTE = " Not retried: the run is stopping.";

function aborted(): Failure {
  return { kind: "aborted", retryable: false, messages: [] };
}

/** One try: send, read, classify. Never throws. */
async function tryOnce(
  http: KyInstance,
  spec: RequestSpec,
  url: string,
  body: string | undefined,
  timeoutMs: number,
  redact: (text: string) => string,
): Promise<Outcome> {
  // One controller per try, aborted by the deadline or by the caller's signal. No
  // AbortSignal.any: on Node 20 it is slow, and a long-lived caller signal collects listeners.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const unlink = spec.signal === undefined ? undefined : linkAbort(spec.signal, controller);
  try {
    const response = await http(url, {
      method: spec.method,
      ...(body === undefined
        ? {}
        : { headers: { "Content-Type": "application/json; charset=utf-8" } }),
      // ky builds, hooks and checks the request; httpFetch moves the bytes over node:http
      // with keep-alive, with the body as the string it is (see http-fetch.ts for why).
      fetch: (input) => {
        const request = input as Request;
        return httpFetch(request.url, {
          method: request.method,
          headers: request.headers,
          signal: controller.signal,
          ...(body === undefined ? {} : { body }),
        });
      },
    });
    return await classify(response, spec, redact);
  } catch (error) {
    if (spec.signal?.aborted) return { ok: false, failure: aborted() };
    if (timedOut)
      return {
        ok: false,
        failure: { kind: "timeout", retryable: spec.idempotent, messages: [], code: "TIMEOUT" },
      };
    return { ok: false, failure: networkFailure(error, spec.idempotent) };
  } finally {
    clearTimeout(timer);
    unlink?.();
  }
}

/**
 * Turn a response into success or a failure. Bodies are redacted as soon as they are read,
 * before anything collapses whitespace, decodes entities or cuts them to a summary: each
 * of those can turn an echoed password into a form (or a half) no later redaction finds.
 * Only the start of a truncated body is ever shown, so a secret cut at the read limit is not.
 */
async function classify(
  response: Response,
  spec: RequestSpec,
  redact: (text: string) => string,
): Promise<Outcome> {
  const { status } = response;
  const read = async () => {
    const { text, truncated } = await readBounded(response, ERROR_BODY_LIMIT);
    return { text: redact(text), truncated };
  };
  if (status >= 200 && status < 300) {
    // A PUT/DELETE body is never needed; read a bounded amount so the connection is reusable.
    if (spec.method === "PUT" || spec.method === "DELETE") {
      const { text, truncated } = await read();
      const notApi = notTheApi(status, response.headers.get("content-type"), text, truncated);
      if (notApi !== undefined) return { ok: false, failure: notApi };
      return { ok: true, success: { status, text: "" } };
    }
    return { ok: true, success: { status, text: await response.text() } };
  }
  const { text, truncated } = await read();
  if (status >= 300 && status < 400) {
    const failure: Failure = { kind: "redirect", retryable: false, status, messages: [] };
    const location = response.headers.get("location");
    if (location !== null) failure.location = location;
    return { ok: false, failure };
  }
  const body = summariseErrorBody(text, truncated);
  const failure: Failure = {
    kind: "http",
    retryable: isRetryableStatus(status, spec.idempotent),
    status,
    statusText: response.statusText,
    ...body,
  };
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  if (retryAfter !== undefined) failure.retryAfterMs = retryAfter;
  return { ok: false, failure };
}

/**
 * Thulium answers PUT and DELETE with 204 and no body (the docs' sample shows 200, empty).
 * A 2xx carrying an HTML page is not Thulium's API answering but something in front of it
 * or beside it: a login page, a captive portal, the web app when THULIUM_URL lacks /api.
 * Taking it as success would record a change Thulium never saw, and `plan` would then say
 * "No changes" forever; so it fails instead (a rerun sends it again, harmlessly), and it
 * stops the run, since every other request would get the same page.
 */
function notTheApi(
  status: number,
  contentType: string | null,
  text: string,
  truncated: boolean,
): Failure | undefined {
  // The body decides, not the header alone: PHP-style back ends label even an empty 204
  // `text/html`, and that is a perfectly good success.
  const markup = /^\s*</.test(text);
  const html =
    /^\s*<(!doctype|html|head|body)\b/i.test(text) ||
    (markup && /^\s*text\/html\b/i.test(contentType ?? ""));
  if (!html) return undefined;
  const page = summariseErrorBody(text, truncated).summary;
  return {
    kind: "protocol",
    retryable: false,
    fatal: true,
    status,
    messages: [],
    detail: `HTTP ${status} with an HTML page${page === undefined ? "" : ` ("${page}")`} instead of the API's answer: a login or proxy page, or THULIUM_URL not ending in /api? The change was not recorded as applied`,
  };
}
