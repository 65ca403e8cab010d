/**
 * One fixture per failure mode (test/fixtures/campaigns/), each asserting the exact file,
 * line, column, field path and message, and how many campaigns survive as valid.
 * Hostile inputs that cannot be committed (10 MB files, symlink loops, pipes) are in
 * campaign-files.hostile.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { Issue } from "../../src/core/issue.js";
import { loadCampaignFiles } from "../../src/io/campaign-files/index.js";

const FIXTURES = "test/fixtures/campaigns/";
const cwd = new URL("../../", import.meta.url).pathname;

/** [fixture file or folder, valid campaigns, issues (file relative to FIXTURES; § = FIXTURES)]. */
const CASES: [string, number, Issue[]][] = [
  [
    "active-yes.yaml",
    0,
    [
      {
        severity: "error",
        file: "active-yes.yaml",
        line: 3,
        column: 9,
        path: "/active",
        message: 'must be true or false, not the text "yes" (YAML 1.2 reads yes/no/on/off as text)',
      },
    ],
  ],
  [
    "alias-bomb.yaml",
    0,
    [
      {
        severity: "error",
        file: "alias-bomb.yaml",
        line: 4,
        column: 8,
        path: "",
        message:
          'too many alias expansions (over 100): this looks like an alias-expansion ("billion laughs") attack; campaign files need no such aliases',
      },
    ],
  ],
  [
    "binary-nul.yaml",
    0,
    [
      {
        severity: "error",
        file: "binary-nul.yaml",
        line: 2,
        column: 10,
        path: "",
        message: "the file contains binary data (a NUL byte), not YAML text",
      },
    ],
  ],
  [
    "caller-id-number.yaml",
    0,
    [
      {
        severity: "error",
        file: "caller-id-number.yaml",
        line: 4,
        column: 14,
        path: "/parameters/caller_id",
        message:
          '0221234567 was read by YAML as the number 221234567; quote it: caller_id: "0221234567"',
      },
    ],
  ],
  [
    "caller-id-spaces.yaml",
    0,
    [
      {
        severity: "error",
        file: "caller-id-spaces.yaml",
        line: 4,
        column: 14,
        path: "/parameters/caller_id",
        message:
          'must be digits with an optional leading +, such as "+48221234567", not "22 123 45 67"',
      },
    ],
  ],
  [
    "comment-only.yaml",
    0,
    [
      {
        severity: "warning",
        file: "comment-only.yaml",
        line: 0,
        column: 0,
        path: "",
        message: "the file is empty: it declares no campaign",
      },
    ],
  ],
  [
    "custom-tag.yaml",
    1,
    [
      {
        severity: "warning",
        file: "custom-tag.yaml",
        line: 3,
        column: 7,
        path: "",
        message:
          "Unresolved tag: !secret; campaign files need no YAML tags, so it is read as plain text",
      },
    ],
  ],
  [
    "dialer-not-allowed.yaml",
    0,
    [
      {
        severity: "error",
        file: "dialer-not-allowed.yaml",
        line: 3,
        column: 9,
        path: "/dialer",
        message: "must be one of predictive, progressive, preview",
      },
    ],
  ],
  [
    "dialer-typo.yaml",
    0,
    [
      {
        severity: "error",
        file: "dialer-typo.yaml",
        line: 3,
        column: 9,
        path: "/dialer",
        message: 'must be one of predictive, progressive, preview; did you mean "predictive"?',
      },
    ],
  ],
  [
    "dialer-wrong-case.yaml",
    0,
    [
      {
        severity: "error",
        file: "dialer-wrong-case.yaml",
        line: 3,
        column: 9,
        path: "/dialer",
        message:
          'must be one of predictive, progressive, preview; did you mean "predictive"? (values are lower case)',
      },
    ],
  ],
  [
    "duplicate-ids",
    0,
    [
      {
        severity: "error",
        file: "duplicate-ids/a.yaml",
        line: 2,
        column: 5,
        path: "/id",
        message: "campaign id 00001 is declared more than once: also at §duplicate-ids/b.yaml:3:5",
      },
      {
        severity: "error",
        file: "duplicate-ids/b.yaml",
        line: 3,
        column: 5,
        path: "/id",
        message: "campaign id 00001 is declared more than once: also at §duplicate-ids/a.yaml:2:5",
      },
    ],
  ],
  [
    "duplicate-key.yaml",
    0,
    [
      {
        severity: "error",
        file: "duplicate-key.yaml",
        line: 4,
        column: 1,
        path: "",
        message: 'field "name" appears more than once in this mapping (first on line 3); keep one',
      },
    ],
  ],
  [
    "empty-document.yaml",
    1,
    [
      {
        severity: "warning",
        file: "empty-document.yaml",
        line: 4,
        column: 4,
        path: "",
        message: "empty YAML document: it declares no campaign",
      },
    ],
  ],
  [
    "end-before-start.yaml",
    0,
    [
      {
        severity: "error",
        file: "end-before-start.yaml",
        line: 4,
        column: 11,
        path: "/end_date",
        message: "end_date 2027-04-30 is before start_date 2027-05-01",
      },
    ],
  ],
  [
    "end-date-format.yaml",
    0,
    [
      {
        severity: "error",
        file: "end-date-format.yaml",
        line: 3,
        column: 11,
        path: "/end_date",
        message: 'must be a date written YYYY-MM-DD, such as "2027-03-01", not "30.06.2027"',
      },
    ],
  ],
  [
    "end-date-past.yaml",
    1,
    [
      {
        severity: "warning",
        file: "end-date-past.yaml",
        line: 4,
        column: 11,
        path: "/end_date",
        message:
          "end_date 2020-12-31 is in the past (today is 2026-06-15); the dialer will not call from this campaign",
      },
    ],
  ],
  [
    "group-id-negative.yaml",
    0,
    [
      {
        severity: "error",
        file: "group-id-negative.yaml",
        line: 3,
        column: 11,
        path: "/group_id",
        message: "must be a whole number of at least 0, not -3",
      },
    ],
  ],
  [
    "group-id-past-2-53.yaml",
    0,
    [
      {
        severity: "error",
        file: "group-id-past-2-53.yaml",
        line: 3,
        column: 11,
        path: "/group_id",
        message:
          "9007199254740993 is too large to be sent exactly (whole numbers go up to 9007199254740991, that is 2^53 − 1); it would be sent as 9007199254740992",
      },
    ],
  ],
  [
    "id-missing.yaml",
    0,
    [
      {
        severity: "error",
        file: "id-missing.yaml",
        line: 2,
        column: 1,
        path: "/id",
        message:
          'missing required field "id" (the campaign\'s five-digit Thulium id, e.g. id: "00001")',
      },
    ],
  ],
  [
    "id-too-short.yaml",
    0,
    [
      {
        severity: "error",
        file: "id-too-short.yaml",
        line: 2,
        column: 5,
        path: "/id",
        message: 'must be exactly five digits, such as "00001", not "1234"',
      },
    ],
  ],
  [
    "id-unquoted.yaml",
    0,
    [
      {
        severity: "error",
        file: "id-unquoted.yaml",
        line: 2,
        column: 5,
        path: "/id",
        message: '00001 was read by YAML as the number 1; quote it: id: "00001"',
      },
    ],
  ],
  [
    "list-of-campaigns.yaml",
    0,
    [
      {
        severity: "error",
        file: "list-of-campaigns.yaml",
        line: 2,
        column: 1,
        path: "",
        message:
          'a campaign must be a mapping of fields (id: "00001", name: …), not a list; write one campaign per YAML document, separated by ---',
      },
    ],
  ],
  [
    "long-value-excerpt.yaml",
    0,
    [
      {
        severity: "error",
        file: "long-value-excerpt.yaml",
        line: 2,
        column: 1,
        path: "",
        message:
          'a campaign must be a mapping of fields (id: "00001", name: …), not the text "password=correct-horse-battery-staple-9f…"',
      },
    ],
  ],
  [
    "min-above-max.yaml",
    0,
    [
      {
        severity: "error",
        file: "min-above-max.yaml",
        line: 6,
        column: 25,
        path: "/parameters/predictive_min_calls",
        message: "predictive_min_calls (2) is above predictive_max_calls (1.5)",
      },
    ],
  ],
  [
    "name-empty.yaml",
    0,
    [
      {
        severity: "error",
        file: "name-empty.yaml",
        line: 3,
        column: 7,
        path: "/name",
        message: "must not be empty",
      },
    ],
  ],
  [
    "name-missing-value.yaml",
    0,
    [
      {
        severity: "error",
        file: "name-missing-value.yaml",
        line: 3,
        column: 1,
        path: "/name",
        message: "must be text, not an empty value",
      },
    ],
  ],
  [
    "name-number.yaml",
    0,
    [
      {
        severity: "error",
        file: "name-number.yaml",
        line: 3,
        column: 7,
        path: "/name",
        message: "must be text, not the number 2027",
      },
    ],
  ],
  [
    "non-string-key.yaml",
    0,
    [
      {
        severity: "error",
        file: "non-string-key.yaml",
        line: 3,
        column: 3,
        path: "",
        message: "a key must be a plain field name, not a list or mapping",
      },
    ],
  ],
  [
    "not-utf8-windows-1250.yaml",
    0,
    [
      {
        severity: "error",
        file: "not-utf8-windows-1250.yaml",
        line: 3,
        column: 23,
        path: "",
        message:
          "the file is not UTF-8 (byte 0xBF is not valid UTF-8); it was probably saved in another encoding such as Windows-1250 — re-save it as UTF-8",
      },
    ],
  ],
  [
    "order-fraction.yaml",
    0,
    [
      {
        severity: "error",
        file: "order-fraction.yaml",
        line: 3,
        column: 8,
        path: "/order",
        message: "must be a whole number, not the number 1.5",
      },
    ],
  ],
  [
    "order-zero.yaml",
    0,
    [
      {
        severity: "error",
        file: "order-zero.yaml",
        line: 3,
        column: 8,
        path: "/order",
        message: "must be a whole number from 1 to 99999, not 0",
      },
    ],
  ],
  [
    "parameters-not-mapping.yaml",
    0,
    [
      {
        severity: "error",
        file: "parameters-not-mapping.yaml",
        line: 3,
        column: 13,
        path: "/parameters",
        message: 'must be a mapping of parameter names to values, not the text "221234567"',
      },
    ],
  ],
  [
    "parity-too-high.yaml",
    0,
    [
      {
        severity: "error",
        file: "parity-too-high.yaml",
        line: 3,
        column: 9,
        path: "/parity",
        message: "must be a whole number from 1 to 100, not 101",
      },
    ],
  ],
  [
    "predictive-max-zero.yaml",
    0,
    [
      {
        severity: "error",
        file: "predictive-max-zero.yaml",
        line: 5,
        column: 25,
        path: "/parameters/predictive_max_calls",
        message: "must be a number above 0, not 0",
      },
    ],
  ],
  [
    "predictive-without-predictive.yaml",
    1,
    [
      {
        severity: "warning",
        file: "predictive-without-predictive.yaml",
        line: 4,
        column: 3,
        path: "/parameters/predictive_max_calls",
        message:
          "predictive_max_calls has no effect unless dialer is predictive (no dialer is declared)",
      },
      {
        severity: "warning",
        file: "predictive-without-predictive.yaml",
        line: 5,
        column: 3,
        path: "/parameters/predictive_min_calls",
        message:
          "predictive_min_calls has no effect unless dialer is predictive (no dialer is declared)",
      },
    ],
  ],
  [
    "preview-timeout-without-preview.yaml",
    1,
    [
      {
        severity: "warning",
        file: "preview-timeout-without-preview.yaml",
        line: 5,
        column: 3,
        path: "/parameters/preview_timeout",
        message: "preview_timeout has no effect unless dialer is preview (dialer is progressive)",
      },
    ],
  ],
  [
    "preview-timeout-zero.yaml",
    0,
    [
      {
        severity: "error",
        file: "preview-timeout-zero.yaml",
        line: 5,
        column: 20,
        path: "/parameters/preview_timeout",
        message: "must be a whole number of at least 1, not 0",
      },
    ],
  ],
  [
    "second-document-error.yaml",
    1,
    [
      {
        severity: "error",
        file: "second-document-error.yaml",
        line: 7,
        column: 8,
        path: "/order",
        message: "must be a whole number from 1 to 99999, not 100000",
      },
    ],
  ],
  [
    "start-date-impossible.yaml",
    0,
    [
      {
        severity: "error",
        file: "start-date-impossible.yaml",
        line: 3,
        column: 13,
        path: "/start_date",
        message: '"2027-02-30" is not a real calendar date',
      },
    ],
  ],
  [
    "syntax-unclosed-quote.yaml",
    0,
    [
      {
        severity: "error",
        file: "syntax-unclosed-quote.yaml",
        line: 3,
        column: 7,
        path: "",
        message: 'the " quote opened here is never closed; end the value with a closing "',
      },
    ],
  ],
  [
    "tab-indent.yaml",
    0,
    [
      {
        severity: "error",
        file: "tab-indent.yaml",
        line: 4,
        column: 1,
        path: "",
        message:
          "a tab is used for indentation; YAML allows only spaces there — replace the tab with spaces",
      },
    ],
  ],
  [
    "unknown-field-typo.yaml",
    0,
    [
      {
        severity: "error",
        file: "unknown-field-typo.yaml",
        line: 3,
        column: 1,
        path: "/nmae",
        message: 'unknown field "nmae"; did you mean "name"?',
      },
    ],
  ],
  [
    "unknown-field.yaml",
    0,
    [
      {
        severity: "error",
        file: "unknown-field.yaml",
        line: 3,
        column: 1,
        path: "/colour",
        message:
          'unknown field "colour"; allowed: id, name, dialer, active, start_date, end_date, order, parity, group_id, parameters, agents, agents_policy',
      },
    ],
  ],
  [
    "unknown-parameter.yaml",
    0,
    [
      {
        severity: "error",
        file: "unknown-parameter.yaml",
        line: 4,
        column: 3,
        path: "/parameters/callerid",
        message: 'unknown parameter "callerid"; did you mean "caller_id"?',
      },
    ],
  ],
  [
    "unresolved-alias.yaml",
    0,
    [
      {
        severity: "error",
        file: "unresolved-alias.yaml",
        line: 3,
        column: 7,
        path: "",
        message: "alias *missing has no anchor &missing before it",
      },
    ],
  ],
  [
    "utf16.yaml",
    0,
    [
      {
        severity: "error",
        file: "utf16.yaml",
        line: 1,
        column: 1,
        path: "",
        message: "the file is saved as UTF-16; re-save it as UTF-8",
      },
    ],
  ],
];

describe("campaign file fixtures", () => {
  it("covers at least 25 failure modes", () => {
    expect(CASES.filter(([, , issues]) => issues.length > 0).length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)("%s", async (fixture, valid, expected) => {
    const result = await loadCampaignFiles(`${FIXTURES}${fixture}`, { cwd, today: "2026-06-15" });
    const withPaths = expected.map((issue) => ({
      ...issue,
      file: `${FIXTURES}${issue.file}`,
      message: issue.message.replaceAll("§", FIXTURES),
    }));
    expect(result.issues).toEqual(withPaths);
    expect(result.campaigns).toHaveLength(valid);
  });
});
