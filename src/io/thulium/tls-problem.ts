/**
 * TLS and protocol failures, in words. Node reports them as OpenSSL text
 * ("error:0A00010B:SSL routines:ssl3_get_record:wrong version number") or bare codes
 * (DEPTH_ZERO_SELF_SIGNED_CERT), which tell a user nothing about what to change; each is
 * mapped here to what most likely happened and the fix.
 */

/** What went wrong while setting up TLS. */
export type TlsProblem =
  | "not-tls"
  | "handshake-reset"
  | "self-signed"
  | "untrusted-issuer"
  | "expired"
  | "wrong-host"
  | "other";

const UNTRUSTED_ISSUER = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
]);

/** Classifies a network error by its code and message; undefined when it is not about TLS. */
export function tlsProblemOf(code: string, message: string): TlsProblem | undefined {
  if (
    code === "ERR_SSL_WRONG_VERSION_NUMBER" ||
    code === "ERR_SSL_PACKET_LENGTH_TOO_LONG" ||
    /wrong version number|packet length too long|unknown protocol/i.test(message)
  )
    return "not-tls";
  if (code === "ECONNRESET" && /before secure TLS connection/i.test(message))
    return "handshake-reset";
  if (code === "DEPTH_ZERO_SELF_SIGNED_CERT") return "self-signed";
  if (UNTRUSTED_ISSUER.has(code)) return "untrusted-issuer";
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") return "expired";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return "wrong-host";
  if (code === "EPROTO" || /^ERR_(SSL|TLS)_/.test(code) || /SSL routines/i.test(message))
    return "other";
  return undefined;
}

/**
 * A certificate or protocol mismatch fails every request alike, so it is neither retried
 * nor worth trying other campaigns; a handshake cut short may be the network's doing.
 */
export function isLastingTlsProblem(problem: TlsProblem): boolean {
  return problem !== "handshake-reset";
}

/** The sentence for a problem with the server at `origin` (scheme, host and port). */
export function describeTlsProblem(problem: TlsProblem, origin: string): string {
  switch (problem) {
    case "not-tls":
      return `the server at ${origin} did not speak TLS: does THULIUM_URL need http:// instead of https://?`;
    case "handshake-reset":
      return `${origin} closed the connection during the TLS handshake: does THULIUM_URL need http:// instead of https://? (A firewall or proxy cutting TLS connections does this too.)`;
    case "self-signed":
      return `the TLS certificate of ${origin} is self-signed, so it cannot be trusted as it is: check the host in THULIUM_URL; if this server really uses its own certificate, point NODE_EXTRA_CA_CERTS at that certificate (a PEM file).`;
    case "untrusted-issuer":
      return `the TLS certificate of ${origin} is signed by an authority this machine does not trust (often a company proxy that inspects TLS): point NODE_EXTRA_CA_CERTS at that authority's certificate (a PEM file).`;
    case "expired":
      return `the TLS certificate of ${origin} has expired or is not valid yet: check this machine's clock, and that the host in THULIUM_URL is right.`;
    case "wrong-host":
      return `the TLS certificate of ${origin} is not for that host name: check the host in THULIUM_URL (e.g. https://acme.thulium.com/api).`;
    case "other":
      return `the TLS handshake with ${origin} failed: check that THULIUM_URL is right (https:// for a TLS server, http:// for a plain one) and that the server accepts TLS 1.2 or later.`;
  }
}
