import { describe, expect, it } from "vitest";
import type { CampaignFields } from "../../src/core/campaign.js";
import {
  type CampaignCandidate,
  campaignRuleIssues,
  duplicateIdIssues,
} from "../../src/core/rules.js";

const TODAY = "2026-06-15";

/** A candidate whose every field sits on its own line: key at column 1, value at column 10. */
function candidate(fields: CampaignFields): CampaignCandidate {
  const pointers = [
    "/id",
    ...Object.keys(fields).map((name) => `/${name}`),
    ...Object.keys(fields.parameters ?? {}).map((name) => `/parameters/${name}`),
  ];
  const positions = Object.fromEntries(
    pointers.map((pointer, index) => [
      pointer,
      { key: { line: index + 1, column: 1 }, value: { line: index + 1, column: 10 } },
    ]),
  );
  return { id: "00001", fields, file: "c.yaml", positions };
}

const rules = (fields: CampaignFields) =>
  campaignRuleIssues(candidate(fields), { today: TODAY }).map(
    (i) => `${i.severity} ${i.line}:${i.column} ${i.path} ${i.message}`,
  );

describe("campaignRuleIssues", () => {
  it("finds nothing wrong with a consistent campaign", () => {
    expect(
      rules({
        dialer: "predictive",
        start_date: "2027-01-01",
        end_date: "2027-01-01",
        parameters: { predictive_min_calls: 2, predictive_max_calls: 2 },
      }),
    ).toEqual([]);
  });

  it("rejects an end_date before the start_date", () => {
    expect(rules({ start_date: "2027-05-01", end_date: "2027-04-30" })).toEqual([
      "error 3:10 /end_date end_date 2027-04-30 is before start_date 2027-05-01",
    ]);
  });

  it("rejects predictive_min_calls above predictive_max_calls", () => {
    expect(
      rules({
        dialer: "predictive",
        parameters: { predictive_max_calls: 1.5, predictive_min_calls: 2 },
      }),
    ).toEqual([
      "error 5:10 /parameters/predictive_min_calls predictive_min_calls (2) is above predictive_max_calls (1.5)",
    ]);
  });

  it("warns when an active campaign's end_date has passed, but not for today or inactive ones", () => {
    expect(rules({ end_date: "2026-06-14" })).toEqual([
      "warning 2:10 /end_date end_date 2026-06-14 is in the past (today is 2026-06-15); the dialer will not call from this campaign",
    ]);
    expect(rules({ end_date: "2026-06-14", active: true })).toHaveLength(1);
    expect(rules({ end_date: TODAY })).toEqual([]);
    expect(rules({ end_date: "2020-01-01", active: false })).toEqual([]);
  });

  it("does not also warn about the past when end_date is already before start_date", () => {
    expect(rules({ start_date: "2020-02-01", end_date: "2020-01-01" })).toEqual([
      "error 3:10 /end_date end_date 2020-01-01 is before start_date 2020-02-01",
    ]);
  });

  it("warns, at the key, about parameters the dialer ignores", () => {
    expect(rules({ dialer: "progressive", parameters: { preview_timeout: 30 } })).toEqual([
      "warning 4:1 /parameters/preview_timeout preview_timeout has no effect unless dialer is preview (dialer is progressive)",
    ]);
    expect(rules({ parameters: { predictive_max_calls: 2, predictive_min_calls: 1 } })).toEqual([
      "warning 3:1 /parameters/predictive_max_calls predictive_max_calls has no effect unless dialer is predictive (no dialer is declared)",
      "warning 4:1 /parameters/predictive_min_calls predictive_min_calls has no effect unless dialer is predictive (no dialer is declared)",
    ]);
    expect(
      rules({ dialer: "preview", parameters: { preview_timeout: 30, caller_id: "1" } }),
    ).toEqual([]);
  });
});

describe("duplicateIdIssues", () => {
  const at = (id: string, file: string, line: number) => ({
    id,
    file,
    position: { line, column: 5 },
  });

  it("reports each declaration of a repeated id, naming the others", () => {
    const issues = duplicateIdIssues([
      at("00001", "a.yaml", 2),
      at("00002", "a.yaml", 9),
      at("00001", "b.yaml", 3),
    ]);
    expect(issues).toEqual([
      {
        severity: "error",
        file: "a.yaml",
        line: 2,
        column: 5,
        path: "/id",
        message: "campaign id 00001 is declared more than once: also at b.yaml:3:5",
      },
      {
        severity: "error",
        file: "b.yaml",
        line: 3,
        column: 5,
        path: "/id",
        message: "campaign id 00001 is declared more than once: also at a.yaml:2:5",
      },
    ]);
  });

  it("is silent when every id is unique", () => {
    expect(duplicateIdIssues([at("00001", "a.yaml", 1), at("00002", "a.yaml", 5)])).toEqual([]);
  });
});
