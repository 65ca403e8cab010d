/** The no-secrets assertion must itself be able to fail, in every form a leak takes. */
import { describe, expect, it } from "vitest";
import { expectNoSecrets } from "./secrets.js";

const password = "S3cr3t-Pa55!";
const basic = Buffer.from(`api_tester:${password}`).toString("base64");

describe("expectNoSecrets", () => {
  it("passes clean output and files", () => {
    expect(() =>
      expectNoSecrets(
        ["plain", { stdout: "ok", stderr: "[REDACTED]" }, new Map([["state.json", "{}"]])],
        password,
        "api_tester",
      ),
    ).not.toThrow();
  });

  it.each([
    ["plain", `x ${password} y`],
    ["URL-encoded", `x ${encodeURIComponent(password)} y`],
    ["inside a Basic header", `Authorization: Basic ${basic}`],
  ])("fails on the password %s", (_form, text) => {
    expect(() => expectNoSecrets([text], password, "api_tester")).toThrow();
    expect(() => expectNoSecrets([{ stdout: "", stderr: text }], password, "api_tester")).toThrow(
      /stderr #0/,
    );
    expect(() => expectNoSecrets([new Map([["p.json", text]])], password, "api_tester")).toThrow(
      /p\.json/,
    );
  });
});
