/**
 * THULIUM_URL is normalised once: where requests go and the target the state records come
 * from the same string, and a URL whose query, fragment or credentials `new URL` would
 * silently drop (a bare `?`, `#`, an empty `@`) is refused before anything is sent. A state
 * for a THULIUM_URL that differs only by `/api`, a trailing slash or the scheme is refused
 * with words that say so.
 */
import { afterEach, describe, expect, it } from "vitest";
import { chooseTarget } from "../../src/cli/target.js";
import type { State } from "../../src/core/state.js";
import { StateError, UsageError } from "../../src/errors.js";
import { assertTarget, normaliseTarget } from "../../src/io/state/index.js";
import { normaliseBaseUrl } from "../../src/io/thulium/base-url.js";
import { clientOptionsFromEnv, createThuliumClient } from "../../src/io/thulium/index.js";
import { reply, type ScriptedServer, scriptedServer } from "./scripted-server.js";

const CREDENTIALS = { THULIUM_USER: "api_user", THULIUM_PASSWORD: "hunter2-secret" };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function refusal(url: string): string {
  try {
    normaliseBaseUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe("one normaliser for THULIUM_URL", () => {
  it.each([
    "HTTPS://Acme.Thulium.COM:443/api/",
    "https://acme.thulium.com/api//",
    "  https://acme.thulium.com/api\n",
    "http://127.0.0.1:8080/api",
    "https://acme.thulium.com",
    "https://acme.thulium.com/Custom/API",
  ])("the target, the request base and the plan's target agree for %j", (url) => {
    const env = { THULIUM_URL: url, ...CREDENTIALS };
    const target = normaliseTarget(url);
    expect(clientOptionsFromEnv(env).baseUrl).toBe(target);
    expect(chooseTarget({ sandbox: false }, env, "/tmp").target).toBe(target);
    expect(normaliseBaseUrl(target)).toBe(target);
  });

  it.each([
    ["https://acme.thulium.com/api?", /query string or #fragment, not even an empty \? or #/],
    ["https://acme.thulium.com/api#", /query string or #fragment/],
    ["https://acme.thulium.com/api/?#", /query string or #fragment/],
    ["https://acme.thulium.com/api?token=s3cr3t", /query string or #fragment/],
    ["https://@acme.thulium.com/api", /contains a user name or password \(not shown here\)/],
    ["https://:@acme.thulium.com/api", /contains a user name or password/],
    ["http://@127.0.0.1:8080/api", /contains a user name or password/],
  ])("refuses %j, which new URL would take for a clean URL", (url, message) => {
    expect(refusal(url)).toMatch(message);
  });

  it("sends requests to exactly the recorded target plus /outbounds/:id", async () => {
    server = await scriptedServer(reply(204));
    const env = { THULIUM_URL: `${server.url}/`, ...CREDENTIALS };
    const client = createThuliumClient(clientOptionsFromEnv(env));
    await client.updateCampaign("00001", { name: "A" });
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "PUT /api/outbounds/00001",
    ]);
    expect(`${server.origin}${server.received[0]?.url}`).toBe(
      `${normaliseTarget(env.THULIUM_URL)}/outbounds/00001`,
    );
  });
});

describe("a state recorded for a slightly different THULIUM_URL", () => {
  const file = ".thulium/state.json";
  const state = (target: string): State => ({
    version: 1,
    lineage: "6f1d1c1e-8d4b-4c36-9d2a-0b1f6a6c9e01",
    serial: 3,
    target,
    campaigns: {},
  });
  function mismatch(applied: string, target: string): string {
    try {
      assertTarget(state(applied), target, file);
    } catch (error) {
      expect(error).toBeInstanceOf(StateError);
      return (error as StateError).message;
    }
    throw new Error("expected a StateError");
  }

  it("THULIUM_URL without /api: asks whether /api was left out, and names the fix", () => {
    expect(mismatch("https://x.thulium.com/api", "https://x.thulium.com")).toBe(
      "THULIUM_URL is https://x.thulium.com but this state (.thulium/state.json) was applied to https://x.thulium.com/api: did you leave out /api? Requests go to $THULIUM_URL/outbounds/:id, so set THULIUM_URL to https://x.thulium.com/api.",
    );
  });

  it("a state recorded without /api: says they differ only by /api", () => {
    expect(mismatch("https://x.thulium.com", "https://x.thulium.com/api")).toMatch(
      /^THULIUM_URL is https:\/\/x\.thulium\.com\/api but this state \(\.thulium\/state\.json\) was applied to https:\/\/x\.thulium\.com: the two differ only by \/api\./,
    );
  });

  it("a trailing slash, or http:// against https://", () => {
    expect(mismatch("https://x.thulium.com/api/", "https://x.thulium.com/api")).toMatch(
      /differ only by a trailing slash/,
    );
    expect(mismatch("https://x.thulium.com/api", "http://x.thulium.com/api")).toMatch(
      /differ only by https:\/\/ and http:\/\/\. The state was applied over https:\/\/.*set THULIUM_URL to https:\/\/x\.thulium\.com\/api\./,
    );
  });

  it("another system entirely keeps the plain message", () => {
    expect(mismatch("https://a.thulium.com/api", "https://b.thulium.com/api")).toBe(
      "State file .thulium/state.json was applied to https://a.thulium.com/api, not https://b.thulium.com/api; use another --state file for each Thulium system.",
    );
  });
});
