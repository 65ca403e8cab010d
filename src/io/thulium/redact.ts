/**
 * Redaction at the source: every text the client puts into an error passes through here,
 * so the password — plain, URL-encoded, or inside the Basic `Authorization` value — never
 * leaves the client, even when a server or proxy echoes the request back in its error page.
 */
const REDACTED = "[REDACTED]";

/** The `Authorization` header value for HTTP Basic (RFC 7617, UTF-8). */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/** A function removing every form of the credentials from a text. */
export function createRedactor(user: string, password: string): (text: string) => string {
  const forms = [
    Buffer.from(`${user}:${password}`, "utf8").toString("base64"),
    Buffer.from(`${user}:${password}`, "latin1").toString("base64"),
    password,
    encodeURIComponent(password),
    Buffer.from(password, "utf8").toString("base64"),
  ];
  // Longest first, so a form containing another is removed whole.
  const secrets = [...new Set(forms)]
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const secret of secrets) result = result.split(secret).join(REDACTED);
    return result;
  };
}
