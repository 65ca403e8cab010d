/**
 * One failed try, described as data, and the ApiError made from the last one. Kept apart
 * from the transport so the wording of every failure lives in one place.
 */
import { ApiError } from "../../errors.js";
import { type BodyText, summariseErrorBody } from "./body.js";
import { isRetryableNetworkError, isRetryableStatus, parseRetryAfter } from "./retry-policy.js";
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

/**
 * A non-2xx answer (ky's HTTPError) with the body its try read: Thulium's messages and
 * request id, or a summary of what else answered; a 3xx is a redirect, never followed.
 */
export function responseFailure(response: Response, body: BodyText, idempotent: boolean): Failure {
  const { status } = response;
  if (status >= 300 && status < 400) {
    const failure: Failure = { kind: "redirect", retryable: false, status, messages: [] };
    const location = response.headers.get("location");
    if (location !== null) failure.location = location;
    return failure;
  }
  const failure: Failure = {
    kind: "http",
    retryable: isRetryableStatus(status, idempotent),
    status,
    statusText: response.statusText,
    ...summariseErrorBody(body.text, body.truncated),
  };
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  if (retryAfter !== undefined) failure.retryAfterMs = retryAfter;
  return failure;
}

/**
 * Thulium answers PUT and DELETE with 204 and no body (the docs' sample shows 200, empty).
 * A 2xx carrying an HTML page is not Thulium's API answering but something in front of it
 * or beside it: a login page, a captive portal, the web app when THULIUM_URL lacks /api.
 * Taking it as success would record a change Thulium never saw, and `plan` would then say
 * "No changes" forever; so it fails instead (a rerun sends it again, harmlessly), and it
 * stops the run, since every other request would get the same page.
 */
export function notTheApiFailure(response: Response, body: BodyText): Failure | undefined {
  const { status } = response;
  // The body decides, not the header alone: PHP-style back ends label even an empty 204
  // `text/html`, and that is a perfectly good success.
  const markup = /^\s*</.test(body.text);
  const html =
    /^\s*<(!doctype|html|head|body)\b/i.test(body.text) ||
    (markup && /^\s*text\/html\b/i.test(response.headers.get("content-type") ?? ""));
  if (!html) return undefined;
  const page = summariseErrorBody(body.text, body.truncated).summary;
  return {
    kind: "protocol",
    retryable: false,
    fatal: true,
    status,
    messages: [],
    detail: `HTTP ${status} with an HTML page${page === undefined ? "" : ` ("${page}")`} instead of the API's answer: a login or proxy page, or THULIUM_URL not ending in /api? The change was not recorded as applied`,
  };
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
