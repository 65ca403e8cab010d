/** The secrets rule, as an assertion: the password never appears in output or files. */
import { expect } from "vitest";

/** Every form a leaked password could take: plain, URL-encoded, inside a Basic header. */
export function secretForms(password: string, user?: string): string[] {
  const forms = [password, encodeURIComponent(password)];
  if (user !== undefined) forms.push(Buffer.from(`${user}:${password}`).toString("base64"));
  return [...new Set(forms)];
}

/**
 * Fails if any of `texts` contains the password in any form. `texts` may be strings, a
 * CLI result (stdout and stderr) or a map of file name → content (names show in failures).
 */
export function expectNoSecrets(
  texts: readonly (string | { stdout: string; stderr: string } | Map<string, string>)[],
  password: string,
  user?: string,
): void {
  if (password.length < 6) throw new Error("use a recognisable password of 6+ characters");
  const labelled: [string, string][] = [];
  texts.forEach((text, i) => {
    if (typeof text === "string") labelled.push([`text #${i}`, text]);
    else if (text instanceof Map)
      for (const [name, content] of text) labelled.push([name, content]);
    else labelled.push([`stdout #${i}`, text.stdout], [`stderr #${i}`, text.stderr]);
  });
  for (const [label, content] of labelled)
    for (const secret of secretForms(password, user))
      expect(
        content.includes(secret),
        `${label} contains the password (${secret.length} chars)`,
      ).toBe(false);
}
