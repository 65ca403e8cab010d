/** The drift views (text, json, markdown) and the refreshed plan's words, rendered from real values. */
import { describe, expect, it } from "vitest";
import { createOutput } from "../../src/cli/output.js";
import { renderDriftJson } from "../../src/cli/render/drift-json.js";
import { DRIFT_MARKER, renderDriftMarkdown } from "../../src/cli/render/drift-markdown.js";
import { renderDriftText } from "../../src/cli/render/drift-text.js";
import { computeDriftReport } from "../../src/core/drift.js";
import type { LiveCampaign } from "../../src/core/live-campaign.js";
import { ApiError } from "../../src/errors.js";
import type { DriftResult } from "../../src/use-cases/drift.js";

const output = createOutput({ colorFlag: false });
const context = { stateFile: ".thulium/state.json", planHint: "thulium-campaigns plan --refresh" };

function result(
  managed: Record<string, { fields: Record<string, unknown> }>,
  live: LiveCampaign[],
  dialling: DriftResult["dialling"] = { read: true, active: new Map() },
): DriftResult {
  const state = Object.fromEntries(
    Object.entries(managed).map(([id, entry]) => [
      id,
      { ...entry, source: `campaigns/${id}.yaml` },
    ]),
  );
  const report = computeDriftReport(state, live);
  return {
    target: "https://acme.thulium.com/api",
    drift: report.drift,
    notVisibleFields: report.notVisibleFields,
    list: { campaigns: live.length, requests: 1, skipped: 0, fieldsShown: [] },
    dialling,
  };
}

describe("drift text", () => {
  it("applied → live per field, the dialling mark, notes, and a summary that counts", () => {
    const text = renderDriftText(
      result(
        {
          "00001": { fields: { name: "A", order: 10, group_id: 3 } },
          "00002": { fields: { name: "B" } },
        },
        [
          { id: "00001", fields: { name: "A", order: 99 }, unreadable: [] },
          { id: "00042", fields: {}, unreadable: [] },
        ],
        {
          read: true,
          active: new Map([
            ["00001", { id: "00001", recordsCount: 1324, completionPercent: 14.87 }],
          ]),
        },
      ),
      output,
      context,
    );
    expect(text).toBe(
      [
        '~ 00001 "A" (campaigns/00001.yaml), dialling now: active, 1,324 records, 14.9% done',
        "    order: 10 → 99 in Thulium",
        "",
        "- 00002 (in the state file .thulium/state.json, missing from Thulium's list: deleted in Thulium, or hidden from this API user)",
        "",
        "Not managed: 1 campaign in Thulium is not in the state: 00042.",
        "Not shown by Thulium's list, so not compared: group_id.",
        "Drift: 1 campaign differs from the last-applied state, 1 managed campaign missing from Thulium; compared 2 fields of 1 campaign; 1 field not shown by Thulium's list was not compared.",
        "To see what a refresh would restore: thulium-campaigns plan --refresh",
        "",
      ].join("\n"),
    );
  });

  it("Thulium's text cannot drive the terminal: control and bidi characters are escaped", () => {
    const text = renderDriftText(
      result({ "00001": { fields: { name: "A" } } }, [
        { id: "00001", fields: { name: "B\u001b[31m\u009b\u202e" }, unreadable: [] },
      ]),
      output,
      context,
    );
    expect(text).toContain('name: "A" → "B\\u001b[31m\\u009b\\u202e" in Thulium');
    for (const char of ["\u001b", "\u009b", "\u202e"]) expect(text).not.toContain(char);
  });

  it("statistics not read: one line, and nothing marked", () => {
    const error = new ApiError("Reading campaign statistics: Thulium refused (HTTP 403).", {
      messages: [],
      fatal: true,
      status: 403,
    });
    const text = renderDriftText(
      result(
        { "00001": { fields: { order: 1 } } },
        [{ id: "00001", fields: { order: 2 }, unreadable: [] }],
        {
          read: false,
          error,
        },
      ),
      output,
      context,
    );
    expect(text).toContain(
      "Campaigns dialling now are not marked: Reading campaign statistics: Thulium refused (HTTP 403).\n",
    );
    expect(text).not.toContain(", dialling now");
  });
});

describe("drift json", () => {
  it("the contract's keys in order, then the added ones", () => {
    const json = JSON.parse(
      renderDriftJson(
        result({ "00001": { fields: { order: 1 } } }, [
          { id: "00001", fields: {}, unreadable: [] },
        ]),
      ),
    );
    expect(Object.keys(json)).toEqual([
      "format_version",
      "target",
      "checked",
      "drifted",
      "missing_in_thulium",
      "unmanaged",
      "not_visible",
      "unreadable",
      "compared_fields",
      "not_visible_fields",
      "dialling_now",
    ]);
    expect(json).toMatchObject({
      checked: 1,
      not_visible: ["order"],
      not_visible_fields: 1,
      compared_fields: 0,
    });
  });
});

describe("drift markdown", () => {
  it("starts with the marker, escapes Thulium's text, and stays under the cap", () => {
    const managed: Record<string, { fields: Record<string, unknown> }> = {};
    const live: LiveCampaign[] = [];
    for (let n = 1; n <= 600; n++) {
      const id = String(n).padStart(5, "0");
      managed[id] = { fields: { name: `K${n}`, order: 1, parity: 1 } };
      live.push({ id, fields: { name: `<b>@x | ${n}</b>`, order: 2, parity: 2 }, unreadable: [] });
    }
    const markdown = renderDriftMarkdown(result(managed, live), { ...context, maxChars: 20_000 });
    expect(
      markdown.startsWith(
        `${DRIFT_MARKER}\n### thulium-campaigns drift\n\n**Drift: 600 campaigns differ`,
      ),
    ).toBe(true);
    expect(markdown.length).toBeLessThanOrEqual(20_000);
    expect(markdown).toMatch(/…and \d+ more drifted fields; see `drift --format json`\./);
    expect(markdown).toContain("&lt;b&gt;&#64;x &#124; 1&lt;/b&gt;");
    expect(markdown).not.toContain("<b>");
  });

  it("no drift: the marker, the summary, no table", () => {
    const markdown = renderDriftMarkdown(
      result({ "00001": { fields: { order: 1 } } }, [
        { id: "00001", fields: { order: 1 }, unreadable: [] },
      ]),
      context,
    );
    expect(markdown).toBe(
      `${DRIFT_MARKER}\n### thulium-campaigns drift\n\n**No drift found: compared 1 field of 1 campaign.**\n\nTarget <code>https://acme.thulium.com/api</code>, state file <code>.thulium/state.json</code>.\n`,
    );
  });
});
