/**
 * Sending one API request. ky does the HTTP work: it builds the request, tries it (through
 * try-once.ts, its `fetch`), counts the tries, waits the backoff (`delay`, `jitter`,
 * `backoffLimit`) or the server's `Retry-After` (`afterStatusCodes`, `maxRetryAfter`) between
 * them, never follows a redirect, and throws HTTPError for an answer that is not 2xx. This
 * module decides which failures are worth another try (`shouldRetry`), reports each retry
 * before its wait, and turns whatever ky throws into one ApiError with the credentials
 * scrubbed.
 *
 * Kept here because ky 1.14 cannot do it:
 * - A POST is retried only when nothing can have been created (429, connection refused),
 *   and a lasting TLS problem not at all: ky's status codes and methods cannot say that.
 * - A `Retry-After` beyond `maxRetryAfterMs` fails the request, saying so; ky would wait
 *   `maxRetryAfter` and retry (its readme says "canceled", its code waits). So the header is
 *   read here too, and ky is left to wait only a value both read alike.
 * - Each retry is reported before its wait, with the wait: ky has no hook there, so it is
 *   told from the last calls ky makes before waiting (`shouldRetry` for a `Retry-After`,
 *   `jitter` for a backoff).
 * - Ctrl-C (`stopRetrying`) ends the wait between tries but not the try in flight: ky's
 *   `beforeRetry` (with `ky.stop`) runs only after its wait, which can be a minute, so the
 *   stop signal is ky's `signal` instead, which ky's wait follows; the try follows only the
 *   caller's signal (try-once.ts).
 * - The JSON body is handed to the try as a string, around ky: given to ky, it becomes a
 *   Request body stream that ky clones for every try and the adapter reads back, which
 *   doubles the CPU per PUT on Node 20 (measured: ~0.25 ms more per request).
 */
import ky, { isHTTPError, isTimeoutError } from "ky";
import type { ApiError } from "../../errors.js";
import {
  type Failure,
  networkFailure,
  notTheApiFailure,
  type RequestLabel,
  responseFailure,
  toApiError,
} from "./failure.js";
import { linkAbort } from "./link-abort.js";
import type { ResolvedClientOptions } from "./options.js";
import { basicAuthorization, createRedactor } from "./redact.js";
import { fullJitter, kyRetryOptions } from "./retry-policy.js";
import { bodyOf, tryOnce } from "./try-once.js";

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

/** A 2xx response: its status and its body as text. */
export interface Success {
  status: number;
  text: string;
}

/** Sends one request (with retries); resolves on 2xx, rejects with an ApiError. */
export type Send = (spec: RequestSpec) => Promise<Success>;

const STOPPED_NOTE = " Not retried: the run is stopping.";
const JSON_BODY = { "Content-Type": "application/json; charset=utf-8" };

/** Build the function that sends requests for one client. */
export function createTransport(options: ResolvedClientOptions): Send {
  const redact = createRedactor(options.user, options.password);
  const http = ky.create({
    timeout: false, // a deadline per try, covering the body: see try-once.ts
    redirect: "manual",
    headers: {
      Authorization: basicAuthorization(options.user, options.password),
      Accept: "application/json",
      "User-Agent": options.userAgent,
    },
    retry: kyRetryOptions(options),
  });

  return async (spec) => {
    const label: RequestLabel = {
      method: spec.method,
      url: `${options.baseUrl}${spec.path}`,
      subject: spec.campaignId === undefined ? spec.subject : `Campaign ${spec.campaignId}`,
      timeoutMs: options.timeoutMs,
    };
    if (spec.campaignId !== undefined) label.campaignId = spec.campaignId;
    let tries = 0;
    /** The last failure `shouldRetry` judged, and why it declined to retry it (if it did). */
    let last: { error: unknown; failure: Failure } | undefined;
    let note = "";
    const fail = (failure: Failure, why = note): ApiError =>
      toApiError(failure, label, tries, redact, why);
    const failureOf = (error: unknown): Failure => {
      if (spec.signal?.aborted) return ABORTED;
      if (last !== undefined && error === last.error) return last.failure;
      return tryFailure(error, spec.idempotent);
    };
    const announce = (delayMs: number, fromRetryAfter: boolean) =>
      options.onRetry?.({
        ...(spec.campaignId === undefined ? {} : { campaignId: spec.campaignId }),
        method: spec.method,
        attempt: tries,
        delayMs,
        reason: reasonOf(last?.failure),
        fromRetryAfter,
      });

    if (spec.signal?.aborted) throw fail(ABORTED);
    const wait = waitSignal(spec);
    const body = spec.json === undefined ? undefined : JSON.stringify(spec.json);
    let response: Response;
    try {
      response = await http(label.url, {
        method: spec.method,
        ...(body === undefined ? {} : { headers: JSON_BODY }),
        fetch: tryOnce({
          body,
          timeoutMs: options.timeoutMs,
          signal: spec.signal,
          redact,
          onTry: () => tries++,
        }),
        ...(wait === undefined ? {} : { signal: wait.signal }),
        retry: {
          shouldRetry: ({ error }) => {
            const failure = failureOf(error);
            last = { error, failure };
            if (!failure.retryable) return false;
            if (spec.stopRetrying?.aborted) {
              note = STOPPED_NOTE;
              return false;
            }
            const after = failure.retryAfterMs;
            if (after === undefined) return true; // ky backs off; `jitter` below reports it
            if (after > options.maxRetryAfterMs) {
              note = ` Thulium asked to retry after ${Math.ceil(after / 1000)} s, more than the ${Math.ceil(options.maxRetryAfterMs / 1000)} s allowed.`;
              return false;
            }
            announce(after, true);
            // ky waits the Retry-After itself: the status is one of its `afterStatusCodes`.
            return undefined;
          },
          jitter: (ceiling) => {
            const delayMs = fullJitter(ceiling);
            announce(delayMs, false);
            return delayMs;
          },
        },
      });
    } catch (error) {
      if (spec.signal?.aborted) throw fail(ABORTED, "");
      // ky's wait ended by `stopRetrying`: it rejects with the wait signal's reason.
      if (last !== undefined && wait !== undefined && error === wait.signal.reason)
        throw fail(last.failure, STOPPED_NOTE);
      throw fail(failureOf(error));
    } finally {
      wait?.unlink();
    }

    const read = bodyOf(response);
    if (spec.method === "PUT" || spec.method === "DELETE") {
      const notApi = notTheApiFailure(response, read);
      if (notApi !== undefined) throw fail(notApi);
    }
    return { status: response.status, text: read.text };
  };
}

const ABORTED: Failure = { kind: "aborted", retryable: false, messages: [] };

/**
 * The signal ky's wait between tries follows: it ends on the caller's signal or on
 * `stopRetrying`. One per request, linked without AbortSignal.any (see try-once.ts).
 */
function waitSignal(spec: RequestSpec): { signal: AbortSignal; unlink: () => void } | undefined {
  const sources = [spec.signal, spec.stopRetrying].filter((signal) => signal !== undefined);
  if (sources.length === 0) return undefined;
  const controller = new AbortController();
  const unlinks = sources.map((source) => linkAbort(source, controller));
  return {
    signal: controller.signal,
    unlink: () => {
      for (const unlink of unlinks) unlink();
    },
  };
}

/**
 * What a try's error says — the one place ky's errors become a Failure: an HTTPError is the
 * answer with the body its try read, a TimeoutError the try's deadline, anything else a
 * network error (`TypeError: fetch failed` with the system error as cause).
 */
function tryFailure(error: unknown, idempotent: boolean): Failure {
  if (isHTTPError(error))
    return responseFailure(error.response, bodyOf(error.response), idempotent);
  if (isTimeoutError(error))
    return { kind: "timeout", retryable: idempotent, messages: [], code: "TIMEOUT" };
  return networkFailure(error, idempotent);
}

/** Why a retry happens, for the retry event: `HTTP 503`, `TIMEOUT`, `ECONNRESET`, … */
function reasonOf(failure: Failure | undefined): string {
  if (failure === undefined) return "unknown";
  return failure.status === undefined ? (failure.code ?? failure.kind) : `HTTP ${failure.status}`;
}
