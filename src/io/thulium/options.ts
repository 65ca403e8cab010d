/**
 * Client options and how they are read from the environment. Credentials come only from
 * the environment (never from flags, which show in `ps` and CI logs) and are never echoed.
 */
import { UsageError } from "../../errors.js";

/** How the Thulium client connects, authenticates and retries. */
export interface ClientOptions {
  /** The API base, e.g. `https://acme.thulium.com/api`; requests go to `${baseUrl}/outbounds/:id`. */
  baseUrl: string;
  /** The API user (Administration → Users → API Users). */
  user: string;
  /** The API user's password. Never printed, logged or put into an error. */
  password: string;
  /** Time allowed for one try, response body included, in ms. Default 30000. */
  timeoutMs?: number;
  /** Total tries per request, the first included. Default 4. */
  retries?: number;
  /** Base of the exponential backoff in ms (full jitter: a random wait up to base × 2^n). Default 300. */
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

/** Fill in defaults and check the base URL and credentials; throws UsageError. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const resolved: ResolvedClientOptions = {
    ...DEFAULTS,
    ...options,
    baseUrl: normaliseBaseUrl(options.baseUrl, "baseUrl", options.password),
  };
  if (resolved.user === "") throw new UsageError("The Thulium API user is empty.");
  if (resolved.user.includes(":"))
    throw new UsageError("The Thulium API user must not contain ':' (HTTP Basic forbids it).");
  if (resolved.password === "") throw new UsageError("The Thulium API password is empty.");
  if (!(resolved.timeoutMs > 0)) throw new UsageError("The request timeout must be positive.");
  resolved.retries = Math.max(1, Math.floor(resolved.retries));
  return resolved;
}

/**
 * Check an API base URL and strip trailing slashes. Only http(s), and no user:password in
 * the URL: credentials belong in THULIUM_USER/THULIUM_PASSWORD, where they are redacted.
 */
export function normaliseBaseUrl(raw: string, name: string, password = ""): string {
  const shown = password === "" ? raw : raw.split(password).join("[REDACTED]");
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(
      `${name} is not a valid URL: "${shown}". Expected e.g. https://acme.thulium.com/api`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError(`${name} must be an http(s) URL, not ${url.protocol}`);
  if (url.username !== "" || url.password !== "")
    throw new UsageError(
      `${name} must not contain a user or password; set THULIUM_USER and THULIUM_PASSWORD instead.`,
    );
  if (url.search !== "" || url.hash !== "")
    throw new UsageError(`${name} must not contain a query or fragment: "${shown}"`);
  return url.href.replace(/\/+$/, "");
}

/**
 * Read THULIUM_URL, THULIUM_USER, THULIUM_PASSWORD and the optional THULIUM_TIMEOUT_MS
 * (per try, default 30000), THULIUM_RETRIES (total tries, default 4) and
 * THULIUM_RETRY_BASE_MS (backoff base, default 300; 0 retries at once, which tests and
 * soak runs against a local sandbox want). A missing or malformed one is a UsageError
 * naming the variable.
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
    baseUrl: normaliseBaseUrl(required("THULIUM_URL"), "THULIUM_URL", password),
    user: required("THULIUM_USER"),
    password,
  };
  if (options.user.includes(":"))
    throw new UsageError(
      "THULIUM_USER must not contain ':' (HTTP Basic authentication forbids it).",
    );
  const timeout = positiveInteger(env, "THULIUM_TIMEOUT_MS");
  if (timeout !== undefined) options.timeoutMs = timeout;
  const retries = positiveInteger(env, "THULIUM_RETRIES");
  if (retries !== undefined) options.retries = retries;
  const retryBase = wholeNumber(env, "THULIUM_RETRY_BASE_MS", 0);
  if (retryBase !== undefined) options.retryBaseMs = retryBase;
  return options;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  return wholeNumber(env, name, 1);
}

/** An optional whole-number variable of at least `min`; a malformed one is a UsageError. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, min: 0 | 1): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new UsageError(
      `${name} must be a ${min === 0 ? "whole number (0 or more)" : "positive whole number"}, got "${raw}".`,
    );
  return value;
}
