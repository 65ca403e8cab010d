/**
 * Last line of defence for the secrets rule: whatever reaches the terminal passes through
 * here, and the API password (plain, URL-encoded, or inside a Basic Authorization value)
 * never does. The client redacts at the source too; this catches anything that slips by.
 */
const REDACTED = "[REDACTED]";

export function secretForms(env: NodeJS.ProcessEnv): string[] {
  const password = env.THULIUM_PASSWORD;
  if (password === undefined || password === "") return [];
  const user = env.THULIUM_USER ?? "";
  const basic = Buffer.from(`${user}:${password}`).toString("base64");
  return [...new Set([basic, password, encodeURIComponent(password)])].filter((s) => s.length > 0);
}

export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  let result = text;
  for (const secret of secretForms(env)) result = result.split(secret).join(REDACTED);
  return result;
}
