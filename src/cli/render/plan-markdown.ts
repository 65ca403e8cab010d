/**
 * `plan --format markdown`, sized for a pull-request comment: a hidden marker (so CI can
 * find and update its sticky comment), the summary line, a table of the changed
 * campaigns, and a `<details>` block per campaign with its field changes and request.
 * GitHub refuses comments over 65,536 characters, so the output is capped (60,000 by
 * default) and says how much it left out.
 */
import { originSuffix } from "../../core/field-origins.js";
import { requestsOf } from "../../core/operation.js";
import {
  type FieldChange,
  overwritesLive,
  type Plan,
  type PlannedChange,
} from "../../core/plan.js";
import { escapeSerialised } from "./escape.js";
import { codeBlock, escapeHtml, escapeInline } from "./markdown-escape.js";
import {
  agentsLine,
  changeCounts,
  exactUnreadNote,
  formatValue,
  membershipNote,
  NOT_YET_MANAGED,
  removalNote,
  summaryLine,
  unmanagedNote,
} from "./plan-describe.js";
import { noChangesLine, refreshNote } from "./refresh-describe.js";

/** First line of every markdown plan, for CI to find its own comment. */
export const PLAN_MARKER = "<!-- thulium-campaigns-plan -->";

/** Default cap, below GitHub's 65,536-character comment limit with room to spare. */
export const DEFAULT_MAX_CHARS = 60_000;

export interface PlanMarkdownOptions {
  /** Longest output, in UTF-16 code units (≥ characters). Default {@link DEFAULT_MAX_CHARS}. */
  maxChars?: number;
  /** A paragraph shown under the heading (the change-window banner). */
  banner?: string;
}

const TABLE_HEAD =
  "| id | name | action | fields changed | file |\n| --- | --- | --- | --- | --- |\n";

/**
 * Render the plan as markdown, never longer than `maxChars`. When it does not fit, table
 * rows are kept before detail blocks (the table gives the overview) and the output ends
 * with "…and N more campaigns; see the JSON plan." (or "…and the details of N more
 * campaigns; …" when every row fits but not every detail block).
 */
export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const banner = options.banner === undefined ? "" : `${options.banner}\n\n`;
  const head = `${PLAN_MARKER}\n### thulium-campaigns plan\n\n${banner}`;
  const notes = [refreshNote(plan), exactUnreadNote(plan)].filter((n) => n !== null);
  const note = notes.length === 0 ? null : notes.join(" ");
  const coverage = note === null ? "" : `${escapeInline(note)}\n\n`;
  if (plan.changes.length === 0)
    return clip(
      `${head}${noChangesLine(plan)}\n${note === null ? "" : `\n${escapeInline(note)}\n`}`,
      maxChars,
    );

  const intro = `${head}**${summaryLine(plan.summary)}**\n\n${coverage}`;
  const total = plan.changes.length;

  // Rows first: as many as fit together with the table head and a worst-case footer.
  const rowBudget = maxChars - intro.length - TABLE_HEAD.length - 1 - footer("rows", total).length;
  const rows = fitting(plan.changes, tableRow, rowBudget);
  const rowCount = rows.length;
  const table = rowCount === 0 ? "" : `${TABLE_HEAD}${rows.join("")}\n`;
  let text = `${intro}${table}`;
  if (rowCount < total) return clip(`${text}${footer("rows", total - rowCount)}`, maxChars);

  // Then detail blocks, in the same order, as many as still fit.
  const detailBudget = maxChars - text.length - footer("details", total).length;
  const details = fitting(plan.changes, detailBlock, detailBudget);
  const detailCount = details.length;
  text += details.join("");
  if (detailCount < total) text += footer("details", total - detailCount);
  // Every piece ends with a blank line to separate it from the next; the output ends with one newline.
  return clip(`${text.trimEnd()}\n`, maxChars);
}

/**
 * The rendered pieces of the leading changes that fit in `budget` characters. Rendering
 * stops at the first piece that does not fit, so a huge plan costs only what is shown.
 */
function fitting(
  changes: readonly PlannedChange[],
  render: (change: PlannedChange) => string,
  budget: number,
): string[] {
  const pieces: string[] = [];
  let used = 0;
  for (const change of changes) {
    const piece = render(change);
    if (used + piece.length > budget) break;
    used += piece.length;
    pieces.push(piece);
  }
  return pieces;
}

function footer(kind: "rows" | "details", left: number): string {
  const what = left === 1 ? "campaign" : "campaigns";
  return kind === "rows"
    ? `…and ${left} more ${what}; see the JSON plan.\n`
    : `…and the details of ${left} more ${what}; see the JSON plan.\n`;
}

/** Safety net for absurdly small caps; normal caps never reach it. */
function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : text.slice(0, Math.max(0, maxChars));
}

function actionLabel(change: PlannedChange): string {
  if (change.action === "update" && change.firstApply) return "update (first apply)";
  return change.action;
}

function tableRow(change: PlannedChange): string {
  const fields =
    change.fields.length === 0
      ? "—"
      : change.fields.map((field) => `<code>${escapeInline(field.path)}</code>`).join(", ");
  const cells = [
    change.id,
    escapeInline(change.name ?? ""),
    actionLabel(change),
    fields,
    escapeInline(change.source),
  ];
  return `| ${cells.join(" | ")} |\n`;
}

function detailBlock(change: PlannedChange): string {
  const name = change.name === undefined ? "" : ` ${escapeHtml(change.name)}`;
  // A first apply says so in a sentence below; the others carry their counts in the summary.
  const counts = change.firstApply ? null : changeCounts(change);
  const label = counts === null ? actionLabel(change) : `${actionLabel(change)}, ${counts}`;
  const parts = [
    `<details><summary><code>${change.id}</code>${name}: ${escapeHtml(label)}</summary>\n\n`,
  ];
  if (change.firstApply) {
    // Nothing was recorded before a first apply: a "before" column would claim Thulium is empty.
    parts.push(`${capitalise(NOT_YET_MANAGED)}.\n\n`);
    if (change.fields.length > 0) {
      parts.push("| field | sent |\n| --- | --- |\n");
      for (const field of change.fields) {
        parts.push(
          `| <code>${escapeInline(field.path)}</code> | ${cellValue(field.after)}${originCell(field)}${liveCell(field)} |\n`,
        );
      }
      parts.push("\n");
    }
  } else if (change.fields.length > 0) {
    parts.push("| field | before | after |\n| --- | --- | --- |\n");
    for (const field of change.fields) {
      const after = field.unmanaged
        ? `<em>${escapeInline(unmanagedNote(field, change))}</em>`
        : `${cellValue(field.after)}${originCell(field)}`;
      parts.push(
        `| <code>${escapeInline(field.path)}</code> | ${cellValue(field.before)}${liveCell(field)} | ${after} |\n`,
      );
    }
    parts.push("\n");
  }
  const agents = agentsLine(change);
  if (agents !== null) parts.push(`${escapeInline(agents)}\n\n`);
  const membership = membershipNote(change);
  if (membership !== null) parts.push(`<em>${escapeInline(membership)}</em>\n\n`);
  const note = removalNote(change);
  if (note !== null) parts.push(`${escapeInline(note)}.\n\n`);
  for (const { method, path, body } of requestsOf(change)) {
    parts.push(`Request: <code>${method} ${escapeInline(path)}</code>\n\n`);
    parts.push(`${codeBlock("json", escapeSerialised(JSON.stringify(body, null, 2)))}\n\n`);
  }
  parts.push("</details>\n\n");
  return parts.join("");
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function cellValue(value: unknown): string {
  return `<code>${escapeInline(formatValue(value))}</code>`;
}

/** An inherited value: the defaults file and line it comes from. */
function originCell(field: FieldChange): string {
  return escapeInline(originSuffix(field.origin));
}

/** `--refresh`: the live value the PUT overwrites, after the before (or sent) value. */
function liveCell(field: FieldChange): string {
  if (!overwritesLive(field)) return "";
  const live = field.live === null ? "not set" : cellValue(field.live);
  return ` (${live} in Thulium)`;
}
