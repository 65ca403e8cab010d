/**
 * Sending one API request through ky, with the client's own retry loop around it.
 *
 * Why not ky's built-in retry: it cannot refuse to retry a POST after an ambiguous failure
 * while still retrying it when the connection was refused, and its timeout stops at the
 * response headers. Here every try has one deadline covering the body too, error bodies are
 * read only up to a limit, redirects are never followed, and every failure becomes an
 * ApiError with the credentials scrubbed. ky still does all the HTTP.
 */
import { setTimeout as sleep } from "node:timers/promises";
import ky, { type KyInstance } from "ky";
import type { ApiError } from "../../errors.js";
import { ERROR_BODY_LIMIT, readBounded, summariseErrorBody } from "./body.js";
import { type Failure, type RequestLabel, toApiError } from "./failure.js";
import type { ResolvedClientOptions } from "./options.js";
import { basicAuthorization, createRedactor } from "./redact.js";
import {
  backoffDelay,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
} from "./retry-policy.js";

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
}

/** A 2xx response: its status and its body as text ("" when there is none). */
export interface Success {
  status: number;
  text: string;
}

type Outcome = { ok: true; success: Success } | { ok: false; failure: Failure };

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

    for (let attempt = 1; ; attempt++) {
      if (spec.signal?.aborted) throw fail(aborted(), attempt - 1);
      const outcome = await tryOnce(http, spec, label.url, options.timeoutMs);
      if (outcome.ok) return outcome.success;
      const { failure } = outcome;
      if (!failure.retryable || attempt >= options.retries) throw fail(failure, attempt);
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
      try {
        await sleep(delayMs, undefined, spec.signal ? { signal: spec.signal } : {});
      } catch {
        throw fail(aborted(), attempt);
      }
    }
  };
}

function aborted(): Failure {
  return { kind: "aborted", retryable: false, messages: [] };
}

/** One try: send, read, classify. Never throws. */
async function tryOnce(
  http: KyInstance,
  spec: RequestSpec,
  url: string,
  timeoutMs: number,
): Promise<Outcome> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const signal = spec.signal ? AbortSignal.any([spec.signal, deadline.signal]) : deadline.signal;
  try {
    const response = await http(url, {
      method: spec.method,
      signal,
      ...(spec.json === undefined
        ? {}
        : {
            body: JSON.stringify(spec.json),
            headers: { "Content-Type": "application/json; charset=utf-8" },
          }),
    });
    return await classify(response, spec);
  } catch (error) {
    if (spec.signal?.aborted) return { ok: false, failure: aborted() };
    if (deadline.signal.aborted)
      return {
        ok: false,
        failure: { kind: "timeout", retryable: spec.idempotent, messages: [], code: "TIMEOUT" },
      };
    return { ok: false, failure: networkFailure(error, spec.idempotent) };
  } finally {
    clearTimeout(timer);
  }
}

async function classify(response: Response, spec: RequestSpec): Promise<Outcome> {
  const { status } = response;
  if (status >= 200 && status < 300) {
    // A PUT/DELETE body is never needed; read a bounded amount so the connection is reusable.
    if (spec.method === "PUT" || spec.method === "DELETE") {
      await readBounded(response, ERROR_BODY_LIMIT);
      return { ok: true, success: { status, text: "" } };
    }
    return { ok: true, success: { status, text: await response.text() } };
  }
  const { text, truncated } = await readBounded(response, ERROR_BODY_LIMIT);
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

/** fetch reports network trouble as `TypeError: fetch failed` with the real error as cause. */
function networkFailure(error: unknown, idempotent: boolean): Failure {
  let cause: unknown = error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  const code =
    (cause as { code?: unknown } | null)?.code ??
    (cause instanceof Error ? cause.name : "NETWORK_ERROR");
  const detail = cause instanceof Error ? cause.message : String(cause);
  const codeText = String(code);
  return {
    kind: "network",
    retryable: isRetryableNetworkError(codeText, idempotent),
    messages: [],
    code: codeText,
    detail,
  };
}
