/**
 * The Thulium system a state file belongs to. The state records the normalised
 * THULIUM_URL, so applying it to another system (whose campaigns it knows nothing about)
 * is refused instead of silently sending the wrong "changes".
 */
import type { State } from "../../core/state.js";
import { StateError, UsageError } from "../../errors.js";

const EXAMPLE = "e.g. https://acme.thulium.com/api";

/**
 * Normalises THULIUM_URL: lower-case scheme and host (the URL parser does this), default
 * port dropped, no trailing slash, path case kept (paths are case-sensitive).
 *
 * @throws UsageError for anything but a plain http(s) URL. The value itself is never
 *   echoed: a malformed URL may hold a password pasted into the wrong variable.
 */
export function normaliseTarget(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new UsageError(
      `THULIUM_URL is not a valid absolute URL (its value is not shown); set it to the API base including https://, ${EXAMPLE}.`,
    );
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new UsageError(
      "THULIUM_URL contains a user name or password (not shown here); remove them from the URL and set THULIUM_USER and THULIUM_PASSWORD instead.",
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new UsageError(
      `THULIUM_URL must be an http:// or https:// URL, ${EXAMPLE}; it starts with ${JSON.stringify(parsed.protocol)}.`,
    );
  }
  if (parsed.search !== "" || parsed.hash !== "") {
    // Requests go to $THULIUM_URL/outbounds/:id, which a query or fragment would break;
    // and a query is where tokens tend to hide, so it is not echoed either.
    throw new UsageError(
      `THULIUM_URL must not contain a query string or #fragment (not shown); set it to the API base, ${EXAMPLE}.`,
    );
  }
  const pathname = parsed.pathname.replace(/\/+$/, "");
  return `${parsed.protocol}//${parsed.host}${pathname}`;
}

/**
 * Refuses a state recorded for a different Thulium system. A state with no target yet
 * (never applied) fits any target.
 */
export function assertTarget(state: State, target: string, file: string): void {
  if (state.target === null || state.target === target) return;
  throw new StateError(
    file,
    `State file ${file} was applied to ${state.target}, not ${target}; use another --state file for each Thulium system.`,
  );
}
