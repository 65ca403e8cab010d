/**
 * Every form the test password could leak in, beyond the shared helper's three (plain,
 * encodeURIComponent, Basic value): the way a URL's userinfo encodes it (differs from
 * encodeURIComponent for `&`, `'`, `(`…), base64 of the password alone and of the Basic
 * pair in Latin-1, which is what some servers and proxies decode and echo back.
 */
import { expect } from "vitest";
import { secretForms } from "../../helpers/secrets.js";

/** A password no output could contain by chance, with characters every encoding treats differently. */
export const SECRET_USER = "api_sekret";
export const SECRET_PASSWORD = "Tajne/Hasło:7 ü&(Zx)'q";

export function allSecretForms(password = SECRET_PASSWORD, user = SECRET_USER): string[] {
  const url = new URL("http://127.0.0.1/");
  url.username = user;
  url.password = password;
  return [
    ...new Set([
      ...secretForms(password, user),
      url.password,
      Buffer.from(password, "utf8").toString("base64"),
      Buffer.from(`${user}:${password}`, "latin1").toString("base64"),
    ]),
  ];
}

/** Fails naming the text (file, stream, error view) that contains any form of the password. */
export function expectNothingSecret(texts: ReadonlyMap<string, string>): void {
  const forms = allSecretForms();
  for (const [label, text] of texts)
    for (const form of forms)
      expect(text.includes(form), `${label} contains the password as ${JSON.stringify(form)}`).toBe(
        false,
      );
}
