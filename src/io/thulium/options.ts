/**
 * Client options and how they are read from the environment. Credentials come only from
 * the environment (never from flags, which show in `ps` and CI logs) and are never echoed.
 */
import { UsageError } from "../../errors.js";
import { normaliseBaseUrl } from "./base-url.js";

/** How the Thulium client connects, authenticates and retries. */
export interface ClientOptions {
  /** The API base, e.g. `https://acme.thulium.com/api`; requests go to `${baseUrl}/outbounds/:id`. */
  baseUrl: string;
  /** The API user (Administration → Users → API Users). */
  user: string;
  /** The API user's password. Never printed, logged or put into an error. */
  password: string;
  /** Time allowed for one try, response body included, in ms: 1 to 2147483647. Default 30000. */
  timeoutMs?: number;
  /** Total tries per request, the first included (THULIUM_RETRIES: 1 to 100). Default 4. */
  retries?: number;
  /**
   * Base of the exponential backoff in ms (full jitter: a random wait up to base × 2^n;
   * THULIUM_RETRY_BASE_MS: 0 to 10000). Default 300.
   */
  retryBaseMs?: number;
  /** Upper bound of one backoff wait in ms. Default 10000. */
  maxBackoffMs?: number;
  /** A `Retry-After` longer than this (ms) is not waited for: the request fails instead. Default 60000. */
  maxRetryAfterMs?: number;
  /** The `User-Agent` header. Default `thulium-campaigns`. */
  userAgent?: string;
  /** Told before each retry, e.g. to show "retrying 00001 in 1.2 s after 503". */
  onRetry?: (event: RetryEvent) => void;
}

/** One decision to try again. */
export interface RetryEvent {
  campaignId?: string;
  method: string;
  /** The try that failed, from 1. */
  attempt: number;
  /** How long the client waits before the next try, in ms. */
  delayMs: number;
  /** Why: `HTTP 503`, `timeout`, or the network error code. */
  reason: string;
  /** True when the wait came from the server's `Retry-After` header. */
  fromRetryAfter: boolean;
}

/** Options with every default filled in. */
export type ResolvedClientOptions = Required<Omit<ClientOptions, "onRetry">> &
  Pick<ClientOptions, "onRetry">;

/** The defaults of every optional client option. */
export const DEFAULTS = {
  timeoutMs: 30_000,
  retries: 4,
  retryBaseMs: 300,
  maxBackoffMs: 10_000,
  maxRetryAfterMs: 60_000,
  userAgent: "thulium-campaigns",
} as const;

/**
 * The largest wait a Node.js timer can take: a larger delay fires after 1 ms instead (with
 * only a warning), which would make every request "time out" at once.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** Accepted ranges of the numeric settings, shared by the options and the environment. */
export const LIMITS = {
  timeoutMs: { min: 1, max: MAX_TIMER_MS },
  /** More tries than this would keep a run against a failing server going for hours. */
  retries: { min: 1, max: 100 },
  /** A larger base never waits longer: each backoff wait is capped at maxBackoffMs. */
  retryBaseMs: { min: 0, max: DEFAULTS.maxBackoffMs },
} as const;

/** Fill in defaults and check the base URL, credentials and ranges; throws UsageError. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const resolved: ResolvedClientOptions = {
    ...DEFAULTS,
    ...options,
    baseUrl: normaliseBaseUrl(options.baseUrl, "baseUrl"),
  };
  if (resolved.user === "") throw new UsageError("The Thulium API user is empty.");
  if (resolved.user.includes(":"))
    throw new UsageError("The Thulium API user must not contain ':' (HTTP Basic forbids it).");
  if (resolved.password === "") throw new UsageError("The Thulium API password is empty.");
  if (!(resolved.timeoutMs > 0 && resolved.timeoutMs <= MAX_TIMER_MS))
    throw new UsageError(`The request timeout must be from 1 to ${MAX_TIMER_MS} ms.`);
  resolved.retries = Math.max(1, Math.floor(resolved.retries));
  return resolved;
}

/**
 * Read THULIUM_URL, THULIUM_USER, THULIUM_PASSWORD and the optional THULIUM_TIMEOUT_MS
 * (per try, default 30000, at most 2147483647), THULIUM_RETRIES (total tries, default 4,
 * at most 100) and THULIUM_RETRY_BASE_MS (backoff base, default 300, at most 10000; 0
 * retries at once, which tests and soak runs against a local sandbox want). A missing,
 * malformed or out-of-range one is a UsageError naming the variable.
 */
export function clientOptionsFromEnv(env: NodeJS.ProcessEnv): ClientOptions {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === "")
      throw new UsageError(
        `${name} is not set; apply needs THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD.`,
      );
    return value;
  };
  const password = required("THULIUM_PASSWORD");
  const options: ClientOptions = {
    baseUrl: normaliseBaseUrl(required("THULIUM_URL")),
    user: required("THULIUM_USER"),
    password,
  };
  if (options.user.includes(":"))
    throw new UsageError(
      "THULIUM_USER must not contain ':' (HTTP Basic authentication forbids it).",
    );
  const timeout = wholeNumber(env, "THULIUM_TIMEOUT_MS", LIMITS.timeoutMs, TIMEOUT_WHY);
  if (timeout !== undefined) options.timeoutMs = timeout;
  const retries = wholeNumber(env, "THULIUM_RETRIES", LIMITS.retries, RETRIES_WHY);
  if (retries !== undefined) options.retries = retries;
  const retryBase = wholeNumber(env, "THULIUM_RETRY_BASE_MS", LIMITS.retryBaseMs, BASE_WHY);
  if (retryBase !== undefined) options.retryBaseMs = retryBase;
  return options;
}

const TIMEOUT_WHY =
  "about 24.8 days, the longest a Node.js timer can wait; a larger value would end every try at once";
const RETRIES_WHY = "tries per request, the first included";
const BASE_WHY = `ms; no wait between tries is longer than ${DEFAULTS.maxBackoffMs} ms anyway`;

/**
 * An optional whole-number variable within `range`: digits only (no sign, exponent or
 * hex), since `Number()` would take "0x10" as 16 and "1e3" as 1000 without a word.
 */
function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  range: { min: number; max: number },
  why: string,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const text = raw.trim();
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < range.min) {
    const kind = range.min === 0 ? "whole number (0 or more)" : "positive whole number";
    throw new UsageError(
      `${name} must be a ${kind}, got "${raw}"; the accepted range is ${range.min} to ${range.max}.`,
    );
  }
  if (value > range.max)
    throw new UsageError(`${name} must be at most ${range.max} (${why}), got "${raw}".`);
  return value;
}
