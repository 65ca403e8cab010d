/**
 * Last line of defence for the secrets rule: every error message the CLI prints passes
 * through here. It is the client's own redactor (io/thulium/redact.ts), so the CLI removes
 * the password in exactly the forms the client does: plain, JSON-escaped, percent-encoded,
 * as HTML references, and as base64 of `user:password` (the Basic value) or of itself.
 */
import { createRedactor } from "../io/thulium/redact.js";

let cached: { user: string; password: string; redact: (text: string) => string } | undefined;

/** `text` with THULIUM_PASSWORD (as `env` has it) removed in every form. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  const password = env.THULIUM_PASSWORD ?? "";
  const user = env.THULIUM_USER ?? "";
  // Building the redactor compiles a pattern: do it once per set of credentials.
  if (cached === undefined || cached.user !== user || cached.password !== password)
    cached = { user, password, redact: createRedactor(user, password) };
  return cached.redact(text);
}
