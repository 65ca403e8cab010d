/** Plain HTTP calls to a sandbox (real loopback requests, nothing mocked). */
import type { Sandbox } from "../../src/sandbox/index.js";

export const DOCS_AUTH = `Basic ${Buffer.from("api_user:api_pass").toString("base64")}`;

export interface CallOptions {
  /** JSON-encoded unless `raw` is given. */
  json?: unknown;
  raw?: string | Uint8Array;
  contentType?: string;
  /** Authorization header; the documentation's api_user:api_pass unless given (null: none). */
  auth?: string | null;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** One request to `sandbox.url + path`. */
export async function call(
  sandbox: Pick<Sandbox, "url">,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? DOCS_AUTH : options.auth;
  if (auth !== null) headers.Authorization = auth;
  let body: string | Uint8Array | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["Content-Type"] = "application/json; charset=utf-8";
  }
  if (options.contentType !== undefined) headers["Content-Type"] = options.contentType;
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** The messages of a Thulium error body. */
export function messagesOf(result: CallResult): string[] {
  const errors = (result.body as { errors?: { message: string }[] } | undefined)?.errors ?? [];
  return errors.map((error) => error.message);
}

/** The codes of a Thulium error body. */
export function codesOf(result: CallResult): number[] {
  const errors = (result.body as { errors?: { code: number }[] } | undefined)?.errors ?? [];
  return errors.map((error) => error.code);
}
