/**
 * When a failed request may be tried again, and how long to wait. Pure functions, so the
 * policy can be read (and tested) apart from the HTTP plumbing; transport.ts hands them to
 * ky as its `shouldRetry` and `beforeRetry`.
 */
import type { RetryOptions } from "ky";

/** Statuses that say "not now" rather than "no": worth another try. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Network failures that happen before the request reaches the server, so even a
 * non-idempotent POST can be retried without risking a duplicate.
 */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * ky's retry options for a client making `tries` tries per request, the first included. ky
 * runs the tries and counts them; the request's `shouldRetry` decides after each failure,
 * for every method (POST included, hence `methods`); ky's own wait is none, because the
 * request's `beforeRetry` waits instead (see transport.ts for why).
 */
export function kyRetryOptions(tries: number): RetryOptions {
  return { limit: tries - 1, methods: ["get", "put", "delete", "post"], delay: () => 0 };
}

/**
 * May a response with this status be retried? PUT, GET and DELETE are idempotent: a retry
 * after a 5xx cannot do harm. POST (create) is not: a 500, 502 or 504 may come after the
 * campaign was created, so only 429 — the server refusing before doing anything — is retried.
 */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (!idempotent) return status === 429;
  return RETRYABLE_STATUSES.has(status);
}

/** May a network error (by its code) be retried? Timeouts count as code `TIMEOUT`. */
export function isRetryableNetworkError(code: string, idempotent: boolean): boolean {
  return idempotent || NOT_SENT_CODES.has(code);
}

/**
 * Exponential backoff with full jitter (a uniform wait between 0 and base × 2^(attempt-1),
 * capped), so many clients failing together do not retry in lock-step.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Parse `Retry-After`: delta-seconds or an HTTP date. Returns the wait in ms (never
 * negative), or undefined when absent or unparseable.
 */
export function parseRetryAfter(
  header: string | null,
  now: number = Date.now(),
): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (text === "") return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Anything else must look like an HTTP date; Date.parse would take "-5" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
