import type { ApiError } from "../errors.js";

/** The message plus Thulium's own messages and request id, the things support asks for. */
export function describeApiError(error: ApiError): string {
  const { messages, requestId } = error.details;
  // Thulium's messages are sentences ("Wrong format of phone number."): add a full stop
  // only when the last one lacks closing punctuation, never a second one.
  const said = messages.join("; ");
  const thulium =
    messages.length > 0 ? ` Thulium says: ${said}${/[.!?]$/.test(said) ? "" : "."}` : "";
  const request = requestId === undefined ? "" : ` (request_id ${requestId})`;
  return `${error.message}${thulium}${request}`;
}
