/**
 * THULIUM_URL, checked and normalised once. The result is both where requests go
 * (`${base}/outbounds/:id`) and the target recorded in the state file, so the two can never
 * disagree: every caller (the target choice, the client options, the apply connection)
 * uses this one function.
 */
import { UsageError } from "../../errors.js";

const EXAMPLE = "e.g. https://acme.thulium.com/api";

/**
 * Checks an API base URL and returns it normalised: lower-case scheme and host (the URL
 * parser does this), default port dropped, no trailing slash, path case kept (paths are
 * case-sensitive).
 *
 * The raw string is checked as well as the parsed URL: `new URL` keeps no trace of an
 * empty query (`…/api?`), an empty fragment (`…/api#`) or empty credentials (`https://@…`),
 * yet `…/api?` + `/outbounds/1` is a request to `/api`, not to `/api/outbounds/1`.
 *
 * @param name - how the value is named in messages (default `THULIUM_URL`).
 * @throws UsageError for anything but a plain http(s) URL. The value itself is never
 *   echoed: a malformed URL may hold a password pasted into the wrong variable.
 */
export function normaliseBaseUrl(raw: string, name = "THULIUM_URL"): string {
  const text = raw.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UsageError(
      `${name} is not a valid absolute URL (its value is not shown); set it to the API base including https://, ${EXAMPLE}.`,
    );
  }
  if (parsed.username !== "" || parsed.password !== "" || hasUserInfo(text)) {
    throw new UsageError(
      `${name} contains a user name or password (not shown here); remove them from the URL and set THULIUM_USER and THULIUM_PASSWORD instead.`,
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new UsageError(
      `${name} must be an http:// or https:// URL, ${EXAMPLE}; it starts with ${JSON.stringify(parsed.protocol)}.`,
    );
  }
  if (text.includes("?") || text.includes("#")) {
    // Requests go to $THULIUM_URL/outbounds/:id, which a query or fragment would break;
    // and a query is where tokens tend to hide, so it is not echoed either.
    throw new UsageError(
      `${name} must not contain a query string or #fragment, not even an empty ? or # at the end; set it to the API base, ${EXAMPLE} (its value is not shown: a query may hold a token).`,
    );
  }
  const pathname = parsed.pathname.replace(/\/+$/, "");
  return `${parsed.protocol}//${parsed.host}${pathname}`;
}

/**
 * An `@` in the authority (between `//` and the first `/`, `\`, `?` or `#`), even with
 * nothing before it: `https://@host` parses with no credentials, but was meant to have some.
 */
function hasUserInfo(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:[/\\]*[^/\\?#]*@/i.test(text);
}
