/**
 * When a failed request may be tried again, and how long to wait: ky's retry options for a
 * client, and the few rules ky cannot express. Pure, so the policy can be read (and tested)
 * apart from the HTTP plumbing.
 */
import type { RetryOptions } from "ky";

/** Statuses that say "not now" rather than "no": worth another try. */
const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];

/**
 * Network failures that happen before the request reaches the server, so even a
 * non-idempotent POST can be retried without risking a duplicate.
 */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** What the retry options are made from (the client's resolved options). */
export interface RetrySettings {
  /** Total tries, the first included. */
  retries: number;
  retryBaseMs: number;
  maxBackoffMs: number;
  maxRetryAfterMs: number;
}

/**
 * ky's retry options, shared by every request of a client. ky counts the tries, waits the
 * backoff (`delay`, capped by `backoffLimit`) or the server's `Retry-After` (for the same
 * statuses, up to `maxRetryAfter`), and throws the last error. Each request adds its own
 * `shouldRetry` (which failures, see transport.ts) and `jitter` (which reports the wait).
 */
export function kyRetryOptions(settings: RetrySettings): RetryOptions {
  return {
    limit: settings.retries - 1,
    // POST too: `shouldRetry` lets it retry only when nothing can have been created.
    methods: ["get", "put", "delete", "post"],
    statusCodes: RETRYABLE_STATUSES,
    afterStatusCodes: RETRYABLE_STATUSES,
    maxRetryAfter: settings.maxRetryAfterMs,
    // ky's default delay has a fixed 300 ms base and caps after its jitter (so most long
    // waits would be exactly the cap); this caps the ceiling first, and the jitter spreads
    // the wait over all of it. A base of 0 (THULIUM_RETRY_BASE_MS=0) retries at once.
    delay: (attempt) => backoffCeiling(attempt, settings.retryBaseMs, settings.maxBackoffMs),
    backoffLimit: settings.maxBackoffMs,
  };
}

/**
 * May a response with this status be retried? PUT, GET and DELETE are idempotent: a retry
 * after a 5xx cannot do harm. POST (create) is not: a 500, 502 or 504 may come after the
 * campaign was created, so only 429 — the server refusing before doing anything — is retried.
 * ky's `statusCodes` apply to every method alike, hence this.
 */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (!idempotent) return status === 429;
  return RETRYABLE_STATUSES.includes(status);
}

/** May a network error (by its code) be retried? Timeouts count as code `TIMEOUT`. */
export function isRetryableNetworkError(code: string, idempotent: boolean): boolean {
  return idempotent || NOT_SENT_CODES.has(code);
}

/** The longest backoff wait before retry `attempt` (from 1): base × 2^(attempt-1), capped. */
export function backoffCeiling(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Full jitter: a uniform whole-millisecond wait from 0 up to (not including) the ceiling, so
 * many clients failing together do not retry in lock-step.
 */
export function fullJitter(ceilingMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * ceilingMs);
}

/**
 * Parse `Retry-After`: delta-seconds or an HTTP date. Returns the wait in ms (never
 * negative), or undefined when absent or unparseable.
 *
 * ky reads the header too, but the client must know the wait before ky starts it: to refuse
 * one beyond the limit (ky would wait the limit instead), and to report it. ky is left to
 * wait only the values this accepts, on which the two agree (see transport.ts).
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
