/**
 * `plan --format text`, Terraform-like. One header per campaign, with a symbol:
 *   `+` update of a campaign not yet in the state (its first apply), green
 *   `~` update of a campaign already in the state, yellow
 *   `-` forget: dropped from the state, nothing sent, red
 *   `!` deactivate (--prune): a PUT of the last-applied fields with `active: false`, then
 *       dropped from the state, red
 * then what the change changes and sends (`(1 field changed, 11 sent)`), the field changes
 * and the request, then the summary line.
 */
import { requestsOf } from "../../core/operation.js";
import type { Plan, PlannedChange } from "../../core/plan.js";
import type { Output } from "../output.js";
import { escapeText } from "./escape.js";
import {
  agentsLine,
  changeCounts,
  describeField,
  exactUnreadNote,
  membershipNote,
  removalNote,
  summaryLine,
} from "./plan-describe.js";
import { noChangesLine, refreshNote } from "./refresh-describe.js";

type Style = Parameters<Output["paint"]>[0];

/** Render the plan as text; colour only through `output.paint` (plain when colour is off). */
export function renderPlanText(plan: Plan, output: Output): string {
  let text = "";
  for (const part of planTextParts(plan, output)) text += part;
  return text;
}

/**
 * The plan text in parts, which joined are `renderPlanText`: one per change, then the
 * summary. `apply --auto-approve` renders a few at a time between its first requests'
 * events (cli/flows/held-output.ts), so a large plan's text never holds up an answer.
 */
export function* planTextParts(plan: Plan, output: Output): Generator<string, void, undefined> {
  if (plan.changes.length === 0) {
    yield `${output.paint("green", noChangesLine(plan))}\n${coverageNotes(plan, output)}`;
    return;
  }
  let separator = "";
  for (const change of plan.changes) {
    yield `${separator}${renderChange(change, output)}`;
    separator = "\n";
  }
  yield `\n${output.paint("bold", summaryLine(plan.summary))}\n${coverageNotes(plan, output)}`;
}

/** --refresh: after the plan, what the comparison with Thulium's list covered. */
function coverageNotes(plan: Plan, output: Output): string {
  const notes = [refreshNote(plan), exactUnreadNote(plan)].filter((n) => n !== null);
  return notes.map((note) => `${output.paint("dim", note)}\n`).join("");
}

function renderChange(change: PlannedChange, output: Output): string {
  const [symbol, style] = marker(change);
  const name = change.name === undefined ? "" : ` ${printable(JSON.stringify(change.name))}`;
  const header = `${output.paint(style, `${symbol} ${change.id}`)}${name} (${printable(change.source)})`;
  const lines = [header];
  const counts = changeCounts(change);
  if (counts !== null) lines.push(output.paint("dim", `    (${counts})`));
  for (const field of change.fields) {
    const line = `    ${printable(describeField(field, change))}`;
    lines.push(field.unmanaged ? output.paint("dim", line) : line);
  }
  const agents = agentsLine(change);
  if (agents !== null) lines.push(`    ${printable(agents)}`);
  const membership = membershipNote(change);
  if (membership !== null) lines.push(output.paint("dim", `    (${printable(membership)})`));
  const note = removalNote(change);
  if (note !== null) lines.push(output.paint("dim", `    (${note})`));
  for (const { method, path, body } of requestsOf(change)) {
    const request = printable(`${method} ${path} ${JSON.stringify(body)}`);
    lines.push(output.paint("dim", `    request: ${request}`));
  }
  return `${lines.join("\n")}\n`;
}

function marker(change: PlannedChange): [string, Style] {
  switch (change.action) {
    case "update":
      return change.firstApply ? ["+", "green"] : ["~", "yellow"];
    case "forget":
      return ["-", "red"];
    case "deactivate":
      return ["!", "red"];
  }
}

/** Names, file names and values are untrusted text: shown escaped (see escape.ts). */
function printable(text: string): string {
  return escapeText(text);
}
