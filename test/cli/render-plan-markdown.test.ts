import { describe, expect, it } from "vitest";
import { PLAN_MARKER, renderPlanMarkdown } from "../../src/cli/render/plan-markdown.js";
import { computePlan } from "../../src/core/diff.js";
import { emptyState } from "../../src/core/state.js";
import { largePlan, mixedPlan } from "./plan-fixture.js";

/** Table rows of the changed-campaigns table (one per campaign id). */
const rowIds = (markdown: string) => [...markdown.matchAll(/^\| (\d{5}) \|/gm)].map((m) => m[1]);
const detailIds = (markdown: string) =>
  [...markdown.matchAll(/<details><summary><code>(\d{5})<\/code>/g)].map((m) => m[1]);

describe("renderPlanMarkdown", () => {
  it("starts with the hidden marker and the summary line, then a table and a details block per campaign", () => {
    const md = renderPlanMarkdown(mixedPlan(true));
    const lines = md.split("\n");
    expect(lines[0]).toBe(PLAN_MARKER);
    expect(PLAN_MARKER).toBe("<!-- thulium-campaigns-plan -->");
    expect(md).toContain("**Plan: 2 to update, 0 to forget, 1 to deactivate, 1 unchanged.**");
    expect(md).toContain("| id | name | action | fields changed | file |");
    expect(md).toContain(
      "| 00002 | Nowa | update (first apply) | <code>name</code>, <code>dialer</code> | campaigns/y.yaml |",
    );
    expect(md).toContain(
      "| 00003 | Stara | deactivate | <code>active</code> | campaigns/old.yaml |",
    );
    expect(rowIds(md)).toEqual(["00001", "00002", "00003"]);
    expect(detailIds(md)).toEqual(["00001", "00002", "00003"]);
    expect(md).toContain(
      "| <code>order</code> | <code>10</code> | <em>no longer managed: Thulium keeps its current value</em> |",
    );
    expect(md).toContain('```json\n{\n  "dialer": "preview",\n  "name": "Nowa"\n}\n```');
    // Issue 10, item 17: what was changed and what is sent; a first apply has no "before".
    expect(md).toContain(
      "<summary><code>00001</code> Kampania X: update, 2 fields changed, 2 no longer managed, 2 sent</summary>",
    );
    expect(md).toContain(
      "<summary><code>00002</code> Nowa: update (first apply)</summary>\n\nNot yet managed: every declared field is sent.\n\n| field | sent |\n| --- | --- |\n| <code>name</code> | <code>&quot;Nowa&quot;</code> |\n",
    );
    expect(md).toContain(
      "<summary><code>00003</code> Stara: deactivate, 2 fields sent: the last-applied ones, with active: false</summary>",
    );
    expect(md).not.toContain("(none)");
    expect(md).not.toContain("…and");
    expect(md.endsWith("</details>\n")).toBe(true);
  });

  it("says so when there is nothing to do", () => {
    const plan = computePlan([], emptyState(), { only: [], prune: false });
    expect(renderPlanMarkdown(plan)).toBe(
      `${PLAN_MARKER}\n### thulium-campaigns plan\n\nNo changes. The campaign files match the last-applied state.\n`,
    );
  });

  it("escapes table pipes, HTML, markdown and mentions in names", () => {
    const plan = computePlan(
      [
        {
          id: "00001",
          fields: { name: "A | <img src=x> *b* @team #1\nnext" },
          location: { file: "c|d.yaml", line: 1, column: 1 },
        },
      ],
      emptyState(),
      { only: [], prune: false },
    );
    const md = renderPlanMarkdown(plan);
    const row = md.split("\n").find((line) => line.startsWith("| 00001"));
    expect(row).toBe(
      "| 00001 | A &#124; &lt;img src=x&gt; \\*b\\* &#64;team &#35;1 next | update (first apply) | <code>name</code> | c&#124;d.yaml |",
    );
    expect(md).toContain(
      "<summary><code>00001</code> A &#124; &lt;img src=x&gt; *b* &#64;team &#35;1 next: update (first apply)</summary>",
    );
    // Raw HTML only survives inside the fenced JSON body, where it is literal text.
    expect(md.replace(/```json\n[^`]*```/g, "")).not.toContain("<img");
    expect(md).toContain('"name": "A | <img src=x> *b* @team #1\\nnext"');
  });

  it("keeps a backtick-laden name inside its code block", () => {
    const plan = computePlan(
      [
        {
          id: "00001",
          fields: { name: "x ``` y ```` z" },
          location: { file: "a.yaml", line: 1, column: 1 },
        },
      ],
      emptyState(),
      { only: [], prune: false },
    );
    expect(renderPlanMarkdown(plan)).toContain(
      '`````json\n{\n  "name": "x ``` y ```` z"\n}\n`````',
    );
  });

  it("stays within 60,000 characters for 2,000 changed campaigns and ends with the …and N more line", () => {
    const plan = largePlan(2000);
    const md = renderPlanMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.length).toBeGreaterThan(55_000); // the budget is used, not wasted
    const shown = rowIds(md).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(2000);
    expect(md.endsWith(`\n…and ${2000 - shown} more campaigns; see the JSON plan.\n`)).toBe(true);
    expect(rowIds(md)).toEqual(plan.changes.slice(0, shown).map((c) => c.id));
    expect(md.split("\n")[0]).toBe(PLAN_MARKER);
    expect(md).toContain("**Plan: 2000 to update, 0 to forget, 0 to deactivate, 0 unchanged.**");
  });

  it("keeps every row and drops detail blocks first when only those do not fit", () => {
    const plan = largePlan(20);
    const full = renderPlanMarkdown(plan);
    const maxChars = Math.floor(full.length / 2);
    const md = renderPlanMarkdown(plan, { maxChars });
    expect(md.length).toBeLessThanOrEqual(maxChars);
    expect(rowIds(md)).toHaveLength(20);
    const detailed = detailIds(md).length;
    expect(detailed).toBeGreaterThan(0);
    expect(detailed).toBeLessThan(20);
    expect(
      md.endsWith(`…and the details of ${20 - detailed} more campaigns; see the JSON plan.\n`),
    ).toBe(true);
  });

  it("respects any cap", () => {
    const plan = largePlan(50);
    for (const maxChars of [300, 1000, 5000, 20_000]) {
      expect(renderPlanMarkdown(plan, { maxChars }).length).toBeLessThanOrEqual(maxChars);
    }
  });
});
