/**
 * redactLiveCampaigns scrubs every text value of Thulium's list of the credentials, in any
 * form, exactly as redacting value by value does, also where it first tests the whole list
 * at once (a list holding no secret anywhere, the usual case, is returned as it is).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LiveCampaign } from "../../src/core/live-campaign.js";
import { redactLiveCampaigns } from "../../src/io/thulium/live-redact.js";
import { basicAuthorization, createRedactor } from "../../src/io/thulium/redact.js";

const USER = "api_user";
const PASSWORD = "Tajne hasło!";
const redact = createRedactor(USER, PASSWORD);

/** Value by value, as the list was redacted before the whole-list test. */
function byValue(value: unknown): unknown {
  if (typeof value === "string") return redact(value);
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, byValue(v)]));
  return value;
}

const PIECES = [
  "Kampania ",
  "2027",
  " ",
  "\n",
  "&",
  "%",
  "\\",
  "[REDACTED]",
  PASSWORD,
  "Tajne",
  " hasło",
  encodeURIComponent(PASSWORD),
  JSON.stringify(PASSWORD).slice(1, -1).replace("ł", "\\u0142"),
  "Tajne&nbsp;has&#322;o!",
  basicAuthorization(USER, PASSWORD).slice("Basic ".length),
  Buffer.from(PASSWORD).toString("base64"),
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((parts) => parts.join(""));
const campaign = fc.record({
  id: fc.constant("00001"),
  fields: fc.record(
    {
      name: text,
      dialer: fc.constantFrom("preview", "predictive"),
      order: fc.integer(),
      parameters: fc.record({ caller_id: text }, { requiredKeys: [] }),
      agents: fc.array(text, { maxLength: 2 }),
    },
    { requiredKeys: ["name"] },
  ),
  unreadable: fc.constant([]),
}) as unknown as fc.Arbitrary<LiveCampaign>;

describe("redactLiveCampaigns", () => {
  it("gives what redacting value by value gives, for lists with and without secrets", () => {
    fc.assert(
      fc.property(fc.array(campaign, { maxLength: 5 }), (campaigns) => {
        const redacted = redactLiveCampaigns(campaigns, redact);
        expect(redacted).toEqual(campaigns.map((c) => ({ ...c, fields: byValue(c.fields) })));
      }),
      { numRuns: 1000 },
    );
  });

  it("finds one secret among 10,000 clean campaigns", () => {
    const campaigns: LiveCampaign[] = Array.from({ length: 10_000 }, (_, index) => ({
      id: String(index + 1).padStart(5, "0"),
      fields: { name: `Kampania ${index}`, parameters: { caller_id: "+48221234567" } },
      unreadable: [],
    }));
    campaigns[7_777] = {
      id: "07778",
      fields: { name: `Kampania ${encodeURIComponent(PASSWORD)}` },
      unreadable: [],
    };
    const redacted = redactLiveCampaigns(campaigns, redact);
    expect(redacted[7_777]?.fields.name).toBe("Kampania [REDACTED]");
    expect(redacted[0]).toEqual(campaigns[0]);
    expect(JSON.stringify(redacted)).not.toContain(encodeURIComponent(PASSWORD));
  });
});
