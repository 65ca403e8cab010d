/**
 * Turning a request body into a JSON object the way a lenient server would: JSON is
 * accepted whatever the Content-Type says (curl's `-d` sends form encoding by default,
 * and Thulium's own curl examples rely on that), as long as it parses.
 */
import type { IncomingMessage } from "node:http";
import { readBody } from "./http.js";
import { type ApiErrorEntry, CODES } from "./validate.js";

/** A parsed body, or the error reply to send instead. */
export type ParsedBody =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: number; errors: ApiErrorEntry[] };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Read and parse a JSON object body. */
export async function parseJsonBody(req: IncomingMessage): Promise<ParsedBody> {
  const raw = await readBody(req);
  if (raw === "too-large") return fail(413, "Request body is too large.", CODES.tooLarge);
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return fail(400, "Request body is not valid UTF-8.", CODES.invalidJson);
  }
  if (text.trim() === "")
    return fail(400, "Request body must be a JSON object.", CODES.notAnObject);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (!declaresJson(req.headers["content-type"]))
      return fail(
        415,
        "Request body must be JSON (Content-Type: application/json).",
        CODES.unsupportedMediaType,
      );
    return fail(
      400,
      `Request body is not valid JSON: ${(error as Error).message}`,
      CODES.invalidJson,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return fail(400, "Request body must be a JSON object.", CODES.notAnObject);
  return { ok: true, body: value as Record<string, unknown> };
}

function declaresJson(contentType: string | undefined): boolean {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || type.endsWith("+json");
}

function fail(status: number, message: string, code: number): ParsedBody {
  return { ok: false, status, errors: [{ message, code }] };
}
