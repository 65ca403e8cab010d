import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createOutput } from "../../src/cli/output.js";
import {
  escapeGithubData,
  escapeGithubProperty,
  renderIssuesGithub,
} from "../../src/cli/render/issues-github.js";
import { renderIssuesJson } from "../../src/cli/render/issues-json.js";
import { renderIssuesText, renderValidationSummary } from "../../src/cli/render/issues-text.js";
import type { Issue } from "../../src/core/issue.js";

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const plain = createOutput({ stdout: sink(), stderr: sink(), env: {}, colorFlag: false });
const coloured = createOutput({ stdout: sink(), stderr: sink(), env: { FORCE_COLOR: "1" } });

const ISSUES: Issue[] = [
  {
    severity: "error",
    file: "campaigns/sales.yaml",
    line: 4,
    column: 9,
    path: "/dialer",
    message: "must be one of predictive, progressive, preview",
  },
  {
    severity: "warning",
    file: "campaigns/empty.yaml",
    line: 0,
    column: 0,
    path: "",
    message: "the file is empty: it declares no campaign",
  },
];

describe("text", () => {
  it("prints file:line:col, severity, field and message, one line each", () => {
    expect(renderIssuesText(ISSUES, plain)).toBe(
      "campaigns/sales.yaml:4:9 error /dialer: must be one of predictive, progressive, preview\n" +
        "campaigns/empty.yaml warning the file is empty: it declares no campaign\n",
    );
  });

  it("colours only when colour is on", () => {
    expect(renderIssuesText(ISSUES, coloured)).toContain("\u001b[");
    expect(renderIssuesText(ISSUES, plain)).not.toContain("\u001b[");
  });

  it.each([
    [{ files: 5, campaigns: 5, errors: 0, warnings: 0 }, "✓ 5 campaigns in 5 files are valid.\n"],
    [
      { files: 5, campaigns: 6, errors: 0, warnings: 1 },
      "✓ 6 campaigns in 5 files are valid (1 warning).\n",
    ],
    [
      { files: 1, campaigns: 1, errors: 0, warnings: 2 },
      "✓ 1 campaign in 1 file is valid (2 warnings).\n",
    ],
    [{ files: 3, campaigns: 4, errors: 1, warnings: 0 }, "✗ 1 error in 3 files (4 campaigns).\n"],
    [
      { files: 3, campaigns: 4, errors: 2, warnings: 1 },
      "✗ 2 errors, 1 warning in 3 files (4 campaigns).\n",
    ],
  ])("summary %o", (counts, expected) => {
    expect(renderValidationSummary(counts, plain)).toBe(expected);
  });
});

describe("json", () => {
  it("has exactly the cli-contract shape, errors and warnings apart", () => {
    expect(JSON.parse(renderIssuesJson({ files: 3, campaigns: 4, issues: ISSUES }))).toEqual({
      valid: false,
      files: 3,
      campaigns: 4,
      errors: [
        {
          file: "campaigns/sales.yaml",
          line: 4,
          column: 9,
          path: "/dialer",
          message: "must be one of predictive, progressive, preview",
        },
      ],
      warnings: [
        {
          file: "campaigns/empty.yaml",
          line: 0,
          column: 0,
          path: "",
          message: "the file is empty: it declares no campaign",
        },
      ],
    });
  });

  it("is valid with warnings only", () => {
    const warnings = ISSUES.filter((i) => i.severity === "warning");
    expect(JSON.parse(renderIssuesJson({ files: 1, campaigns: 0, issues: warnings })).valid).toBe(
      true,
    );
  });
});

describe("github", () => {
  it("prints workflow commands GitHub turns into annotations", () => {
    expect(renderIssuesGithub(ISSUES)).toBe(
      "::error file=campaigns/sales.yaml,line=4,col=9,title=thulium-campaigns error::/dialer: must be one of predictive, progressive, preview\n" +
        "::warning file=campaigns/empty.yaml,title=thulium-campaigns warning::the file is empty: it declares no campaign\n",
    );
  });

  it("escapes %, CR and LF in messages, and also : and , in properties", () => {
    expect(escapeGithubData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeGithubProperty("dir,x/a:b%.yaml")).toBe("dir%2Cx/a%3Ab%25.yaml");
    const [line] = renderIssuesGithub([
      { ...ISSUES[0], file: "a,b.yaml", message: "two\nlines" } as Issue,
    ]).split("\n");
    expect(line).toBe(
      "::error file=a%2Cb.yaml,line=4,col=9,title=thulium-campaigns error::/dialer: two%0Alines",
    );
  });
});
