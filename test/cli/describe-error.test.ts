import { describe, expect, it } from "vitest";
import { describeApiError } from "../../src/cli/describe-error.js";
import { ApiError } from "../../src/errors.js";

const error = (messages: string[], requestId?: string) =>
  new ApiError("Campaign 00002: Thulium rejected the request as invalid (HTTP 400 Bad Request).", {
    messages,
    fatal: false,
    ...(requestId === undefined ? {} : { requestId }),
  });

describe("describeApiError", () => {
  it("quotes Thulium's sentence without doubling its full stop, then the request id", () => {
    expect(describeApiError(error(["Wrong format of phone number."], "53678450401cf"))).toBe(
      "Campaign 00002: Thulium rejected the request as invalid (HTTP 400 Bad Request). Thulium says: Wrong format of phone number. (request_id 53678450401cf)",
    );
  });

  it("ends unpunctuated messages with a full stop and joins several with semicolons", () => {
    expect(describeApiError(error(["Bad date", "Bad order"]))).toMatch(
      /Thulium says: Bad date; Bad order\.$/,
    );
  });

  it("says nothing of Thulium when it sent no messages", () => {
    expect(describeApiError(error([]))).toBe(
      "Campaign 00002: Thulium rejected the request as invalid (HTTP 400 Bad Request).",
    );
  });
});
