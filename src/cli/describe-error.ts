import type { ApiError } from "../errors.js";

/** The message plus Thulium's own messages and request id, the things support asks for. */
export function describeApiError(error: ApiError): string {
  const { messages, requestId } = error.details;
  const thulium = messages.length > 0 ? ` Thulium says: ${messages.join("; ")}.` : "";
  const request = requestId === undefined ? "" : ` (request_id ${requestId})`;
  return `${error.message}${thulium}${request}`;
}
