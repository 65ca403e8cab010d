import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { call, codesOf, messagesOf } from "./helpers.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  if (sandbox.store.get("09098") === undefined) sandbox.store.create({ name: "Start" }, "09098");
});

describe("the documentation's own example", () => {
  it("accepts curl's form-encoded -d body as JSON and answers 204", async () => {
    // What `curl -u api_user:api_pass -X PUT …/api/outbounds/09098 -d '…'` sends.
    const result = await call(sandbox, "PUT", "/outbounds/09098", {
      raw: '{"name":"Some new name","active":true,"parameters":{"caller_id":"1234"}}',
      contentType: "application/x-www-form-urlencoded",
    });
    expect(result.status).toBe(204);
    expect(sandbox.store.get("09098")).toMatchObject({
      name: "Some new name",
      active: true,
      parameters: { caller_id: "1234" },
    });
  });

  it("keeps UTF-8 names intact", async () => {
    const name = "Kampania sprzedażowa 2015 — zażółć gęślą jaźń";
    expect((await call(sandbox, "PUT", "/outbounds/09098", { json: { name } })).status).toBe(204);
    const list = (await call(sandbox, "GET", "/outbounds")).body as { id: string; name: string }[];
    expect(list.find((c) => c.id === "09098")?.name).toBe(name);
  });
});

describe("PUT rejects values breaking the documented rules with 400", () => {
  const invalid: [string, unknown, RegExp][] = [
    ["unknown field", { colour: "red" }, /Unknown field colour/],
    ["name not a string", { name: 5 }, /name must be a non-empty string/],
    ["empty name", { name: "  " }, /name must be a non-empty string/],
    [
      "dialer outside the enum",
      { dialer: "manual" },
      /dialer must be one of predictive, progressive, preview/,
    ],
    ["active as a string", { active: "true" }, /active must be a boolean/],
    [
      "start_date in another format",
      { start_date: "06.05.2030" },
      /start_date must be a date in YYYY-MM-DD/,
    ],
    ["end_date not a real day", { end_date: "2023-02-29" }, /end_date must be a date/],
    ["month 13", { start_date: "2030-13-01" }, /start_date must be a date/],
    ["order 0", { order: 0 }, /order must be between 1 and 99999/],
    ["order 100000", { order: 100_000 }, /order must be between 1 and 99999/],
    ["order fractional", { order: 1.5 }, /order must be an integer/],
    ["order as a string", { order: "5" }, /order must be an integer/],
    ["parity 101", { parity: 101 }, /parity must be between 1 and 100/],
    ["parity 0", { parity: 0 }, /parity must be between 1 and 100/],
    ["group_id as a string", { group_id: "15" }, /group_id must be an integer/],
    ["parameters not an object", { parameters: ["caller_id"] }, /parameters must be an object/],
    ["unknown parameter", { parameters: { volume: 3 } }, /Unknown parameter volume/],
    [
      "caller_id as a number",
      { parameters: { caller_id: 1234 } },
      /caller_id must be a phone number/,
    ],
    [
      "caller_id with letters",
      { parameters: { caller_id: "12ab" } },
      /caller_id must be a phone number/,
    ],
    [
      "preview_timeout negative",
      { parameters: { preview_timeout: -1 } },
      /preview_timeout must be between/,
    ],
    [
      "predictive_max_calls as text",
      { parameters: { predictive_max_calls: "2" } },
      /predictive_max_calls must be/,
    ],
    ["null for a field", { end_date: null }, /end_date must be a date/],
  ];
  it.each(invalid)("%s", async (_label, body, message) => {
    const before = sandbox.store.get("09098");
    const result = await call(sandbox, "PUT", "/outbounds/09098", { json: body });
    expect(result.status).toBe(400);
    const parsed = result.body as {
      request_id: string;
      errors: { message: string; code: number }[];
    };
    expect(parsed.request_id).toBe(result.headers.get("x-request-id"));
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.message).toMatch(message);
    expect(typeof parsed.errors[0]?.code).toBe("number");
    expect(sandbox.store.get("09098")).toEqual(before);
  });

  it("reports every broken rule at once", async () => {
    const result = await call(sandbox, "PUT", "/outbounds/09098", {
      json: { order: 0, parity: 500, dialer: "x", extra: 1 },
    });
    expect(result.status).toBe(400);
    expect(messagesOf(result)).toHaveLength(4);
  });

  it("accepts boundary values, a leap day, and every documented field at once", async () => {
    const full = {
      name: "Pełna",
      dialer: "predictive",
      active: false,
      start_date: "2028-02-29",
      end_date: "2028-12-31",
      order: 99_999,
      parity: 1,
      group_id: 0,
      parameters: {
        caller_id: "+48221234567",
        preview_timeout: 30,
        predictive_max_calls: 2.5,
        predictive_min_calls: 1,
      },
    };
    expect((await call(sandbox, "PUT", "/outbounds/09098", { json: full })).status).toBe(204);
    expect(sandbox.store.get("09098")).toEqual({ id: "09098", ...full });
  });
});

describe("bodies that are not a JSON object", () => {
  it("answers 415 for an unparseable body sent as another content type", async () => {
    const result = await call(sandbox, "PUT", "/outbounds/09098", {
      raw: "name=x",
      contentType: "text/plain",
    });
    expect(result.status).toBe(415);
    expect(messagesOf(result)[0]).toMatch(/must be JSON/);
  });

  it("answers 400 for malformed JSON declared as JSON", async () => {
    const result = await call(sandbox, "PUT", "/outbounds/09098", {
      raw: '{"name": ',
      contentType: "application/json",
    });
    expect(result.status).toBe(400);
    expect(messagesOf(result)[0]).toMatch(/not valid JSON/);
  });

  it.each([
    ["an empty body", ""],
    ["an array", "[1]"],
    ["a string", '"x"'],
    ["null", "null"],
  ])("answers 400 for %s", async (_label, raw) => {
    const result = await call(sandbox, "PUT", "/outbounds/09098", {
      raw,
      contentType: "application/json",
    });
    expect(result.status).toBe(400);
    expect(messagesOf(result)).toEqual(["Request body must be a JSON object."]);
  });

  it("answers 400 for bytes that are not UTF-8", async () => {
    const latin2 = new Uint8Array([...Buffer.from('{"name":"'), 0xb1, ...Buffer.from('"}')]);
    const result = await call(sandbox, "PUT", "/outbounds/09098", {
      raw: latin2,
      contentType: "application/json",
    });
    expect(result.status).toBe(400);
    expect(messagesOf(result)).toEqual(["Request body is not valid UTF-8."]);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const result = await call(sandbox, "PUT", "/outbounds/09098", {
      json: { name: "x".repeat(1024 * 1024 + 1) },
    });
    expect(result.status).toBe(413);
    expect(codesOf(result)).toHaveLength(1);
  });

  it("validates POST bodies by the same rules", async () => {
    const result = await call(sandbox, "POST", "/outbounds", { json: { order: 0 } });
    expect(result.status).toBe(400);
    expect(messagesOf(result)[0]).toMatch(/order must be between/);
  });
});
