import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { clientOptionsFromEnv, createThuliumClient } from "../../src/io/thulium/index.js";
import { backoffDelay, parseRetryAfter } from "../../src/io/thulium/retry-policy.js";

const ENV = {
  THULIUM_URL: "https://acme.thulium.com/api/",
  THULIUM_USER: "api_user",
  THULIUM_PASSWORD: "hunter2-secret",
};

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error("expected a UsageError");
}

describe("clientOptionsFromEnv", () => {
  it("reads the URL (trailing slash removed) and credentials", () => {
    expect(clientOptionsFromEnv(ENV)).toEqual({
      baseUrl: "https://acme.thulium.com/api",
      user: "api_user",
      password: "hunter2-secret",
    });
  });

  it("reads the optional timeout and retries", () => {
    const options = clientOptionsFromEnv({
      ...ENV,
      THULIUM_TIMEOUT_MS: "5000",
      THULIUM_RETRIES: "2",
      THULIUM_RETRY_BASE_MS: "0",
    });
    expect(options).toMatchObject({ timeoutMs: 5000, retries: 2, retryBaseMs: 0 });
    expect(clientOptionsFromEnv(ENV)).not.toHaveProperty("retryBaseMs");
  });

  it.each(["THULIUM_URL", "THULIUM_USER", "THULIUM_PASSWORD"])("names a missing %s", (name) => {
    for (const value of [undefined, ""]) {
      const error = usageError(() => clientOptionsFromEnv({ ...ENV, [name]: value }));
      expect(error.message).toContain(`${name} is not set`);
      expect(error.message).not.toContain(ENV.THULIUM_PASSWORD);
    }
  });

  // The same normaliser as the state's target (io/thulium/base-url.ts), so the same words.
  it.each([
    ["acme.thulium.com/api", /THULIUM_URL is not a valid absolute URL/],
    ["ftp://acme.thulium.com/api", /must be an http:\/\/ or https:\/\/ URL/],
    ["https://user:pw@acme.thulium.com/api", /contains a user name or password/],
    ["https://@acme.thulium.com/api", /contains a user name or password/],
    ["https://acme.thulium.com/api?x=1", /must not contain a query/],
    ["https://acme.thulium.com/api?", /must not contain a query/],
    ["https://acme.thulium.com/api#", /must not contain a query/],
  ])("refuses THULIUM_URL=%s", (url, message) => {
    expect(usageError(() => clientOptionsFromEnv({ ...ENV, THULIUM_URL: url })).message).toMatch(
      message,
    );
  });

  it.each([
    ["THULIUM_TIMEOUT_MS", "0"],
    ["THULIUM_TIMEOUT_MS", "fast"],
    ["THULIUM_RETRIES", "1.5"],
    ["THULIUM_RETRIES", "-1"],
    ["THULIUM_RETRY_BASE_MS", "-5"],
    ["THULIUM_RETRY_BASE_MS", "1e400"],
    ["THULIUM_TIMEOUT_MS", "2147483648"],
    ["THULIUM_TIMEOUT_MS", "1e3"],
    ["THULIUM_TIMEOUT_MS", "0x10"],
    ["THULIUM_RETRIES", "101"],
    ["THULIUM_RETRY_BASE_MS", "10001"],
  ])("refuses %s=%s", (name, value) => {
    expect(usageError(() => clientOptionsFromEnv({ ...ENV, [name]: value })).message).toContain(
      name,
    );
  });

  it.each([
    ["THULIUM_TIMEOUT_MS", "2147483647", "timeoutMs", 2_147_483_647],
    ["THULIUM_TIMEOUT_MS", " 1 ", "timeoutMs", 1],
    ["THULIUM_RETRIES", "100", "retries", 100],
    ["THULIUM_RETRY_BASE_MS", "10000", "retryBaseMs", 10_000],
  ])("accepts %s=%j, the end of its range", (name, value, option, expected) => {
    expect(clientOptionsFromEnv({ ...ENV, [name]: value })).toMatchObject({ [option]: expected });
  });

  it("says what is wrong with a timeout past the timer limit, which would act as 1 ms", () => {
    const error = usageError(() =>
      clientOptionsFromEnv({ ...ENV, THULIUM_TIMEOUT_MS: "2147483648" }),
    );
    expect(error.message).toBe(
      'THULIUM_TIMEOUT_MS must be at most 2147483647 (about 24.8 days, the longest a Node.js timer can wait; a larger value would end every try at once), got "2147483648".',
    );
    expect(() => createThuliumClient({ ...clientOptionsFromEnv(ENV), timeoutMs: 2 ** 31 })).toThrow(
      UsageError,
    );
  });

  it("refuses a user containing ':' (HTTP Basic cannot carry it)", () => {
    expect(usageError(() => clientOptionsFromEnv({ ...ENV, THULIUM_USER: "a:b" })).message).toMatch(
      /':'/,
    );
  });

  it("createThuliumClient checks its options too", () => {
    usageError(() => createThuliumClient({ baseUrl: "nope", user: "u", password: "p" }));
    usageError(() =>
      createThuliumClient({ baseUrl: "http://127.0.0.1/api", user: "u", password: "" }),
    );
  });
});

describe("retry policy", () => {
  it("full jitter: between 0 and base × 2^(attempt-1), capped", () => {
    expect(backoffDelay(1, 300, 10_000, () => 0.999)).toBe(299);
    expect(backoffDelay(3, 300, 10_000, () => 0.5)).toBe(600);
    expect(backoffDelay(10, 300, 10_000, () => 0.999)).toBe(9990);
    expect(backoffDelay(2, 300, 10_000, () => 0)).toBe(0);
  });

  it("parses Retry-After as seconds or an HTTP date, ignoring nonsense", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
