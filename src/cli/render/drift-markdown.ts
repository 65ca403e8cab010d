/**
 * `drift --format markdown`, sized for a GitHub issue body (the scheduled-drift workflow
 * opens one issue while drift lasts and finds it again by the marker on the first line):
 * the summary, one table row per drifted field (last applied, in Thulium, dialling now),
 * then the missing, unmanaged, not-shown and unreadable notes. GitHub refuses bodies over
 * 65,536 characters, so rows are capped (60,000 characters in all by default) and the
 * output says how many it left out.
 */
import type { DriftResult } from "../../use-cases/drift.js";
import {
  agentsUnreadableLine,
  diallingLabel,
  driftSummary,
  driftValue,
  namedIds,
  notVisibleLine,
  statsLine,
  unmanagedLine,
  unreadableLine,
} from "./drift-describe.js";
import { escapeInline } from "./markdown-escape.js";

/** First line of every markdown drift report, for CI to find its own issue. */
export const DRIFT_MARKER = "<!-- thulium-campaigns drift -->";

/** Default cap, below GitHub's 65,536-character limit with room to spare. */
export const DEFAULT_MAX_CHARS = 60_000;

export interface DriftMarkdownOptions {
  /** The state file as messages show it. */
  stateFile: string;
  /** The command that shows how to restore the declarations. */
  planHint: string;
  /** Longest output, in UTF-16 code units. Default {@link DEFAULT_MAX_CHARS}. */
  maxChars?: number;
}

const TABLE_HEAD =
  "| id | name | field | last applied | in Thulium | dialling now |\n| --- | --- | --- | --- | --- | --- |\n";

export function renderDriftMarkdown(result: DriftResult, options: DriftMarkdownOptions): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const { drift } = result;
  const head = `${DRIFT_MARKER}\n### thulium-campaigns drift\n\n**${escapeInline(driftSummary(result))}**\n\nTarget <code>${escapeInline(result.target)}</code>, state file <code>${escapeInline(options.stateFile)}</code>.\n\n`;

  const notes: string[] = [];
  if (drift.missing_in_thulium.length > 0)
    notes.push(
      `Missing from Thulium's list (in the state file; deleted in Thulium, or hidden from this API user): ${namedIds(drift.missing_in_thulium)}.`,
    );
  for (const line of [
    unmanagedLine(result),
    notVisibleLine(result),
    unreadableLine(result),
    agentsUnreadableLine(result),
    statsLine(result),
  ])
    if (line !== null) notes.push(line);
  const hint =
    drift.drifted.length + drift.missing_in_thulium.length > 0
      ? `To see what a refresh would restore: <code>${escapeInline(options.planHint)}</code>`
      : "";
  const tail = [...notes.map(escapeInline), ...(hint === "" ? [] : [hint])]
    .map((paragraph) => `${paragraph}\n\n`)
    .join("");

  const rows = drift.drifted.flatMap((campaign) => {
    const name = escapeInline(campaign.name ?? "");
    const dialling = escapeInline(diallingLabel(result, campaign.id) ?? "");
    const row = (path: string, applied: string, live: string) =>
      `| ${campaign.id} | ${name} | <code>${escapeInline(path)}</code> | ${applied} | ${live} | ${dialling} |\n`;
    const { missing = [], unexpected = [] } = campaign.agents ?? {};
    return [
      ...campaign.fields.map((field) => row(field.path, cell(field.applied), cell(field.live))),
      // One row per login: a member as applied, not one in Thulium (and the reverse under exact).
      ...missing.map((login) => row("agents", logins([login]), "not a member")),
      ...unexpected.map((login) => row("agents", "not declared (exact)", logins([login]))),
    ];
  });
  let table = "";
  if (rows.length > 0) {
    const budget =
      maxChars - head.length - tail.length - TABLE_HEAD.length - footer(rows.length).length - 2;
    let used = 0;
    let shown = 0;
    for (const row of rows) {
      if (used + row.length > budget) break;
      used += row.length;
      shown += 1;
    }
    table = `${TABLE_HEAD}${rows.slice(0, shown).join("")}\n`;
    if (shown < rows.length) table += footer(rows.length - shown);
  }
  const text = `${head}${table}${tail}`.trimEnd();
  return `${text.length <= maxChars - 1 ? text : text.slice(0, Math.max(0, maxChars - 1))}\n`;
}

function footer(left: number): string {
  return `…and ${left} more drifted ${left === 1 ? "field" : "fields"}; see \`drift --format json\`.\n\n`;
}

function logins(list: readonly string[]): string {
  return `<code>${escapeInline(list.join(", "))}</code>`;
}

function cell(value: unknown): string {
  return `<code>${escapeInline(driftValue(value))}</code>`;
}
