/**
 * One failed try, described as data, and the ApiError made from the last one. Kept apart
 * from the transport so the wording of every failure lives in one place.
 */
import { ApiError } from "../../errors.js";
import { isRetryableNetworkError } from "./retry-policy.js";
import {
  describeTlsProblem,
  isLastingTlsProblem,
  type TlsProblem,
  tlsProblemOf,
} from "./tls-problem.js";

/** Why a try failed. `retryable` already accounts for the method's idempotency. */
export interface Failure {
  kind: "http" | "network" | "timeout" | "redirect" | "aborted" | "protocol";
  retryable: boolean;
  status?: number;
  statusText?: string;
  messages: string[];
  requestId?: string;
  /** Readable summary of a body that is not Thulium's JSON. */
  summary?: string;
  /** Network error code (ECONNRESET, …) or detail. */
  code?: string;
  detail?: string;
  /** Set when a network error was about TLS; its message then replaces `detail`. */
  tls?: TlsProblem;
  location?: string;
  /** The server's `Retry-After`, in ms. */
  retryAfterMs?: number;
  /** Stops the whole run: every other request would fail the same way. */
  fatal?: boolean;
}

/** What the request was, for the message. */
export interface RequestLabel {
  method: string;
  url: string;
  campaignId?: string;
  /** "Campaign 00001", "Listing campaigns", … */
  subject: string;
  timeoutMs: number;
}

/** Turn the last failure into the ApiError callers see; `redact` scrubs credentials. */
export function toApiError(
  failure: Failure,
  label: RequestLabel,
  attempts: number,
  redact: (text: string) => string,
  note = "",
): ApiError {
  const tries = attempts > 1 ? ` Gave up after ${attempts} tries.` : "";
  const message = `${label.subject}: ${describe(failure, label)}${note}${tries}`;
  const details: ApiError["details"] = {
    messages: failure.messages.map(redact),
    fatal: isFatal(failure),
    kind: failure.kind,
    attempts,
  };
  if (label.campaignId !== undefined) details.campaignId = label.campaignId;
  if (failure.status !== undefined) details.status = failure.status;
  if (failure.requestId !== undefined) details.requestId = redact(failure.requestId);
  return new ApiError(redact(message), details);
}

/**
 * 401 and 403 fail every request alike, so a run stops at once. A redirect does too: it
 * comes from THULIUM_URL pointing at the wrong place (http→https, a login page).
 */
function isFatal(failure: Failure): boolean {
  if (failure.fatal === true) return true;
  return failure.status === 401 || failure.status === 403 || failure.kind === "redirect";
}

function describe(failure: Failure, label: RequestLabel): string {
  const request = `${label.method} ${label.url}`;
  switch (failure.kind) {
    case "timeout":
      return `no response within ${label.timeoutMs} ms (${request}).`;
    case "network":
      if (failure.tls !== undefined)
        return `${describeTlsProblem(failure.tls, new URL(label.url).origin)} (${request}; ${failure.code ?? "TLS"}).`;
      return `network error on ${request}: ${failure.detail ?? "connection failed"}${failure.code ? ` (${failure.code})` : ""}.`;
    case "aborted":
      return `cancelled before Thulium answered (${request}); the change may or may not have been applied.`;
    case "redirect":
      return `Thulium answered ${failure.status} redirecting to ${failure.location ?? "(no Location)"}; not followed, so the credentials are not sent elsewhere. Check THULIUM_URL (https? ending in /api?).`;
    case "protocol":
      return `unexpected response to ${request}: ${failure.detail ?? "unreadable body"}.`;
    case "http":
      return `${httpMeaning(failure, label)}${failure.summary === undefined ? "" : ` The response was not Thulium's JSON: "${failure.summary}".`}`;
  }
}

function httpMeaning(failure: Failure, label: RequestLabel): string {
  const status = `HTTP ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ""}`;
  switch (failure.status) {
    case 400:
      return `Thulium rejected the request as invalid (${status}).`;
    case 401:
      return `Thulium rejected the API credentials (${status}); check THULIUM_USER and THULIUM_PASSWORD.`;
    case 403:
      return `the API user lacks permission for ${label.method} outbounds (${status}); grant it in Thulium's API user settings.`;
    case 404:
      return label.campaignId === undefined
        ? `not found (${status}) at ${label.url}; check that THULIUM_URL ends in /api.`
        : `no such campaign in Thulium (${status}); check the id, and that THULIUM_URL ends in /api.`;
    case 410:
      return `the campaign was permanently deleted in Thulium (${status}).`;
    default:
      return `Thulium answered ${status} (${label.method} ${label.url}).`;
  }
}

/** fetch reports network trouble as `TypeError: fetch failed` with the real error as cause. */
export function networkFailure(error: unknown, idempotent: boolean): Failure {
  let cause: unknown = error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  const code =
    (cause as { code?: unknown } | null)?.code ??
    (cause instanceof Error ? cause.name : "NETWORK_ERROR");
  const detail = cause instanceof Error ? cause.message : String(cause);
  const codeText = String(code);
  if (isUndecodableBody(codeText))
    return {
      kind: "protocol",
      retryable: idempotent,
      messages: [],
      code: codeText,
      detail: `the response body could not be decoded: ${detail} (${codeText})`,
    };
  const failure: Failure = {
    kind: "network",
    retryable: isRetryableNetworkError(codeText, idempotent),
    messages: [],
    code: codeText,
    detail,
  };
  const tls = tlsProblemOf(codeText, detail);
  if (tls !== undefined) {
    failure.tls = tls;
    // A certificate or protocol mismatch fails every request alike: no retry, and the run stops.
    if (isLastingTlsProblem(tls)) {
      failure.retryable = false;
      failure.fatal = true;
    }
  }
  return failure;
}

/** zlib (Z_DATA_ERROR, …), brotli (ERR__ERROR_FORMAT_…) or a coding the client lacks. */
function isUndecodableBody(code: string): boolean {
  return /^Z_|^ERR__|^ERR_UNSUPPORTED_CONTENT_ENCODING$/.test(code);
}
