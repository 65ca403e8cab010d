/**
 * Sending one API request. ky does the HTTP work: it builds the request (its headers and
 * body aside, see below), makes each try (try-once.ts is its `fetch`) under its per-try
 * `timeout`, counts the tries up to its retry `limit`, never follows a redirect, and throws
 * HTTPError for an answer that is not 2xx.
 * This module tells ky which failures to retry (`shouldRetry`), waits before each retry
 * (`beforeRetry`), and turns whatever ky throws into one ApiError, credentials scrubbed.
 *
 * Kept here because ky 1.14 cannot do it:
 * - Which failures to retry. A POST is retried only when nothing can have been created
 *   (429, connection refused), a lasting TLS problem never: ky's `statusCodes` and
 *   `methods` apply to every method alike, so `shouldRetry` decides every case.
 * - The wait between tries (backoff with full jitter, or `Retry-After`). Ctrl-C
 *   (`stopRetrying`) must end a wait at once, and ky's wait ends only on ky's `signal`,
 *   which ky joins to its own with AbortSignal.any: ~0.1 ms more CPU per request on
 *   Node 20, +19% per PUT measured against the sandbox. So ky waits 0 ms, and
 *   `beforeRetry`, which ky awaits before the next try, waits instead and throws to stop
 *   (ky's readme advises throwing over returning `ky.stop`). With the wait go the rest of
 *   ky's wait rules: a `Retry-After` beyond `maxRetryAfterMs` fails the request, saying so
 *   (ky's `maxRetryAfter` would wait that long, then retry); an unreadable one, or only
 *   ky's other rate-limit headers, mean the backoff; each wait is reported before it starts.
 * - The JSON body reaches the try as a string, around ky: given to ky, it becomes a Request
 *   body stream that ky clones for every try and the adapter reads back, which more than
 *   doubles ky's CPU per request on Node 20 (~0.3 ms more, measured).
 * - The headers, the same for every request of a client, reach the try as they are, around
 *   ky, for the same reason: given to ky, they are merged and copied into a new Headers
 *   object several times per request (merging the instance's options, ky's own options,
 *   the Request and its per-try clone), ~10% of ky's CPU per request on Node 20 (measured).
 * - A 2xx HTML page answering a PUT is a failure (failure.ts says why); to ky it is success.
 */
import ky, { type BeforeRetryState, isHTTPError, isTimeoutError } from "ky";
import { ApiError } from "../../errors.js";
import {
  type Failure,
  networkFailure,
  notTheApiFailure,
  type RequestLabel,
  responseFailure,
  toApiError,
} from "./failure.js";
import { sleepUnlessAborted } from "./link-abort.js";
import type { ResolvedClientOptions, RetryEvent } from "./options.js";
import { basicAuthorization, createRedactor } from "./redact.js";
import { backoffDelay, kyRetryOptions } from "./retry-policy.js";
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
const ABORTED: Failure = { kind: "aborted", retryable: false, messages: [] };

/** Build the function that sends requests for one client. */
export function createTransport(options: ResolvedClientOptions): Send {
  const redact = createRedactor(options.user, options.password);
  // ky deep-merges an instance's options into every request's, nested objects key by key:
  // so the instance holds only flat values, and each request brings its `retry` whole.
  const http = ky.create({ timeout: options.timeoutMs, redirect: "manual" });
  const retry = kyRetryOptions(options.retries);
  const headers = headersFor(options);

  return async (spec) => {
    const label = labelOf(spec, options);
    let tries = 0;
    /** Why the last failure was not retried, when there is more to say than the failure. */
    let note = "";
    /** The failure `shouldRetry` last judged: `beforeRetry` waits and reports for it. */
    let last = ABORTED;
    const fail = (failure: Failure, why = note): ApiError =>
      toApiError(failure, label, tries, redact, why);
    const failureOf = (error: unknown): Failure =>
      spec.signal?.aborted ? ABORTED : tryFailure(error, spec.idempotent);

    const shouldRetry = ({ error }: { error: unknown }): boolean => {
      last = failureOf(error);
      const why = reasonNotToRetry(last, spec, options.maxRetryAfterMs);
      if (why === undefined) return true;
      note = why;
      return false;
    };
    const waitBeforeRetry = async ({ retryCount }: BeforeRetryState): Promise<void> => {
      const delayMs =
        last.retryAfterMs ?? backoffDelay(retryCount, options.retryBaseMs, options.maxBackoffMs);
      options.onRetry?.(retryEvent(spec, retryCount, delayMs, last));
      if (await sleepUnlessAborted(delayMs, spec.signal, spec.stopRetrying)) return;
      throw spec.signal?.aborted ? fail(ABORTED, "") : fail(last, STOPPED_NOTE);
    };

    if (spec.signal?.aborted) throw fail(ABORTED);
    const body = spec.json === undefined ? undefined : JSON.stringify(spec.json);
    let response: Response;
    try {
      response = await http(label.url, {
        method: spec.method,
        fetch: tryOnce({
          body,
          headers: body === undefined ? headers.withoutBody : headers.withBody,
          signal: spec.signal,
          redact,
          onTry: () => tries++,
        }),
        retry: { ...retry, shouldRetry },
        hooks: { beforeRetry: [waitBeforeRetry] },
      });
    } catch (error) {
      if (error instanceof ApiError) throw error; // from waitBeforeRetry
      throw fail(failureOf(error));
    }

    const read = bodyOf(response);
    // Every call that changes something (PUT, DELETE, POST: create, add_agents, remove_agents).
    if (spec.method !== "GET") {
      const notApi = notTheApiFailure(response, read);
      if (notApi !== undefined) throw fail(notApi);
    }
    return { status: response.status, text: read.text };
  };
}

/**
 * The headers every request sends, built once per client: names in lower case and in the
 * order a Headers object would list them, exactly what went out when ky carried them.
 */
function headersFor(options: ResolvedClientOptions): {
  withoutBody: Readonly<Record<string, string>>;
  withBody: Readonly<Record<string, string>>;
} {
  const authorization = basicAuthorization(options.user, options.password);
  const accept = "application/json";
  const userAgent = options.userAgent;
  return {
    withoutBody: { accept, authorization, "user-agent": userAgent },
    withBody: {
      accept,
      authorization,
      "content-type": "application/json; charset=utf-8",
      "user-agent": userAgent,
    },
  };
}

function labelOf(spec: RequestSpec, options: ResolvedClientOptions): RequestLabel {
  const label: RequestLabel = {
    method: spec.method,
    url: `${options.baseUrl}${spec.path}`,
    subject: spec.campaignId === undefined ? spec.subject : `Campaign ${spec.campaignId}`,
    timeoutMs: options.timeoutMs,
  };
  if (spec.campaignId !== undefined) label.campaignId = spec.campaignId;
  return label;
}

/**
 * Why a failed try is not tried again: "" when the failure itself says so, a note for the
 * message otherwise; undefined to retry it.
 */
function reasonNotToRetry(
  failure: Failure,
  spec: RequestSpec,
  maxRetryAfterMs: number,
): string | undefined {
  if (!failure.retryable) return "";
  if (spec.stopRetrying?.aborted) return STOPPED_NOTE;
  const after = failure.retryAfterMs;
  if (after !== undefined && after > maxRetryAfterMs)
    return ` Thulium asked to retry after ${Math.ceil(after / 1000)} s, more than the ${Math.ceil(maxRetryAfterMs / 1000)} s allowed.`;
  return undefined;
}

function retryEvent(
  spec: RequestSpec,
  attempt: number,
  delayMs: number,
  failure: Failure,
): RetryEvent {
  return {
    ...(spec.campaignId === undefined ? {} : { campaignId: spec.campaignId }),
    method: spec.method,
    attempt,
    delayMs,
    reason:
      failure.status === undefined ? (failure.code ?? failure.kind) : `HTTP ${failure.status}`,
    fromRetryAfter: failure.retryAfterMs !== undefined,
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
