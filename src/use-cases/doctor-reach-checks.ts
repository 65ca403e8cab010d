/**
 * `doctor`'s network checks up to the credentials: could the server be reached (TCP, TLS),
 * and did `GET outbounds` with the credentials succeed. Pure: the probe's outcome and the
 * client's error are passed in.
 */
import { ApiError } from "../errors.js";
import type { Reachability } from "../io/thulium/index.js";
import { describeTlsProblem, findListPage, type TlsProblem } from "../io/thulium/index.js";
import { type DoctorCheck, fail, ok } from "./doctor-check.js";

/** How the target is named in fixes: THULIUM_URL, or the sandbox. */
export type TargetKind = "env" | "sandbox";

/** The credential-less probe's outcome, in words. */
export function checkReachability(
  baseUrl: string,
  reach: Reachability,
  kind: TargetKind,
): DoctorCheck {
  const { origin, host } = new URL(baseUrl);
  switch (reach.kind) {
    case "answered":
      return ok(
        "reachability",
        `${origin} answered (HTTP ${reach.status} to GET outbounds sent without credentials)`,
      );
    case "tls":
      return fail(
        "reachability",
        `${describeTlsProblem(reach.problem, origin)} (${reach.code})`,
        TLS_FIX[reach.problem],
      );
    case "refused":
      return fail(
        "reachability",
        `nothing accepts connections at ${host} (${reach.code})`,
        kind === "sandbox"
          ? "the in-process sandbox stopped; run doctor --sandbox again"
          : "check the host and port in THULIUM_URL, and that the server is up (for a sandbox started with `thulium-campaigns sandbox`: is it still running?)",
      );
    case "unknown-host":
      return fail(
        "reachability",
        `the host name ${new URL(baseUrl).hostname} could not be resolved (${reach.code})`,
        "check the host name in THULIUM_URL (e.g. acme.thulium.com), and this machine's DNS and network (VPN, proxy)",
      );
    case "timeout":
      return fail(
        "reachability",
        `no answer from ${origin} within ${reach.timeoutMs} ms`,
        "check the network path to Thulium (firewall, proxy, VPN); if the server is only slow, raise THULIUM_TIMEOUT_MS",
      );
    case "network":
      return fail(
        "reachability",
        `the connection to ${origin} failed: ${reach.detail} (${reach.code})`,
        "check the host and port in THULIUM_URL and the network path to it (firewall, proxy, VPN)",
      );
  }
}

/** What to change, per TLS problem (the finding already says what most likely happened). */
const TLS_FIX: Record<TlsProblem, string> = {
  "not-tls":
    "if this server really speaks plain HTTP (a local sandbox), use http:// in THULIUM_URL; otherwise check the host and port",
  "handshake-reset":
    "if this server speaks plain HTTP, use http:// in THULIUM_URL; otherwise ask whoever runs the firewall or proxy whether it cuts TLS connections",
  "self-signed":
    "check the host in THULIUM_URL; for a server with its own certificate, set NODE_EXTRA_CA_CERTS to that certificate (a PEM file)",
  "untrusted-issuer":
    "set NODE_EXTRA_CA_CERTS to the certificate (a PEM file) of the authority that signed it, e.g. your company's TLS-inspecting proxy",
  expired: "check this machine's date and time, and the host in THULIUM_URL",
  "wrong-host": "check the host in THULIUM_URL, e.g. https://acme.thulium.com/api",
  other:
    "check https:// against http:// in THULIUM_URL, and that the server accepts TLS 1.2 or later",
};

/**
 * The outcome of `GET outbounds` with the credentials: `error` is what the client threw on
 * the first request (undefined when it answered 2xx with a body the client accepted).
 */
export function checkCredentials(
  first: { text: string } | { error: unknown },
  kind: TargetKind,
): DoctorCheck {
  if ("text" in first) {
    // A 2xx that is not JSON is something in front of the API (a login page answers 200
    // to anyone): it says nothing about the credentials.
    const notJson = notJsonSeen(first.text);
    if (notJson === undefined)
      return ok("credentials", "accepted: GET outbounds answered 2xx with JSON");
    return fail(
      "credentials",
      `GET outbounds answered 2xx with ${notJson}, so the credentials could not be checked`,
      NOT_THE_API_FIX,
    );
  }
  const { error } = first;
  if (!(error instanceof ApiError)) throw error;
  const finding = withoutSubject(error.message);
  const { status } = error.details;
  const where =
    kind === "sandbox"
      ? "THULIUM_USER and THULIUM_PASSWORD (or unset both: the sandbox then takes api_user and api_pass)"
      : "THULIUM_USER and THULIUM_PASSWORD: the login and password of an API user (Thulium: Administration → Users → API Users), not of a person's panel account";
  if (status === 401)
    return fail(
      "credentials",
      `Thulium rejected the API user and password (HTTP 401 to GET outbounds)`,
      `check ${where}`,
    );
  if (status === 403)
    return fail(
      "credentials",
      "the API user may not read outbound campaigns (HTTP 403 to GET outbounds)",
      "in Thulium, give this API user access to outbound campaigns (its permissions in the API user settings), or use an API user that has it",
    );
  if (status === 404)
    return fail(
      "credentials",
      `${finding} (the credentials could not be checked)`,
      "set THULIUM_URL to the API base, ending in /api, e.g. https://acme.thulium.com/api",
    );
  if (error.details.kind === "redirect")
    return fail(
      "credentials",
      finding,
      "set THULIUM_URL to the API's own address (https://, ending in /api); redirects are never followed, so the password goes nowhere else",
    );
  if (error.details.kind === "protocol")
    return fail(
      "credentials",
      `${finding} (so the credentials could not be checked)`,
      NOT_THE_API_FIX,
    );
  return fail(
    "credentials",
    finding,
    "run doctor again; if it repeats, check Thulium's status and the network path to it",
  );
}

const NOT_THE_API_FIX =
  "set THULIUM_URL to the API base ending in /api (not the web panel, a login page or a proxy), e.g. https://acme.thulium.com/api";

/** How a body that is not JSON looks (list-body.ts words it); undefined for JSON. */
function notJsonSeen(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    const page = findListPage(text);
    return "seen" in page ? page.seen : "text that is not JSON";
  }
}

/** "Listing campaigns: Thulium answered ….": the client's message as a finding (no subject, no final stop). */
export function withoutSubject(message: string): string {
  return message.replace(/^[A-Z][a-z]+ (?:campaigns|campaign statistics): /, "").replace(/\.$/, "");
}
