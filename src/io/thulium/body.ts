/**
 * Reading response bodies safely: error bodies are read only up to a limit (a proxy can
 * answer with megabytes of HTML), and turned into Thulium's messages and request id when
 * they are Thulium's JSON, or into a short readable summary when they are not.
 */

/** Error bodies are read up to this many bytes; the rest is discarded. */
export const ERROR_BODY_LIMIT = 64 * 1024;
/** A summary of a non-JSON body is at most this many characters. */
const SUMMARY_LENGTH = 200;

/** A body as text, and whether it was cut at the read limit. */
export interface BodyText {
  text: string;
  truncated: boolean;
}

/** Read at most `limit` bytes of a body as UTF-8, then stop reading (and close it). */
export async function readBounded(response: Response, limit: number): Promise<BodyText> {
  if (response.body === null) return { text: "", truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limit - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      size = limit;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated };
}

/** What an error body says, as far as it can be understood. */
export interface ErrorBodySummary {
  /** Thulium's `errors[].message` list (empty when the body is not Thulium's JSON). */
  messages: string[];
  requestId?: string;
  /** A one-line description of a body that is not Thulium's JSON (HTML title, text start). */
  summary?: string;
}

/** Understand an error body: Thulium JSON, other JSON, HTML, or plain text. */
export function summariseErrorBody(text: string, truncated: boolean): ErrorBodySummary {
  const trimmed = text.trim();
  if (trimmed === "") return { messages: [] };
  const parsed = parseJsonObject(trimmed);
  if (parsed !== undefined) {
    const result: ErrorBodySummary = { messages: thuliumMessages(parsed) };
    const id = parsed.request_id;
    if (typeof id === "string" || typeof id === "number") result.requestId = collapse(String(id));
    if (result.messages.length === 0) result.summary = shorten(collapse(trimmed));
    return result;
  }
  return { messages: [], summary: summariseText(trimmed, truncated) };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function thuliumMessages(body: Record<string, unknown>): string[] {
  const messages: string[] = [];
  if (Array.isArray(body.errors)) {
    for (const entry of body.errors) {
      const message = (entry as { message?: unknown } | null)?.message;
      if (typeof message === "string" && message !== "") messages.push(collapse(message));
    }
  }
  // Not Thulium's documented shape, but common enough from gateways to be worth showing.
  if (messages.length === 0 && typeof body.message === "string")
    messages.push(collapse(body.message));
  return messages;
}

/** An HTML page becomes its <title> (or its text); plain text its first characters. */
function summariseText(text: string, truncated: boolean): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  if (title !== undefined && title.trim() !== "") return shorten(decodeEntities(collapse(title)));
  const plain = /<[a-z!/][^>]*>/i.test(text)
    ? text.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")
    : text;
  const summary = shorten(decodeEntities(collapse(plain)));
  return truncated && summary.length < SUMMARY_LENGTH ? `${summary}…` : summary;
}

/** One line of plain text: no newlines, and no control characters that could drive a terminal. */
export function collapse(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, " ").trim();
}

function shorten(text: string): string {
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH)}…` : text;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}
