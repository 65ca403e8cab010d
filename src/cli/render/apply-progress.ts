/** Lines that `apply` prints as campaigns complete, and its final summary. */
import type { CampaignOutcome, ExecuteResult } from "../../use-cases/execute-plan.js";
import { describeApiError } from "../describe-error.js";
import type { Output } from "../output.js";
import { escapeText } from "./escape.js";
import { appliedCounts } from "./plan-describe.js";

const VERB = { update: "updated", forget: "forgotten", deactivate: "deactivated" } as const;

export function renderOutcomeLine(outcome: CampaignOutcome, output: Output): string {
  const { change, durationMs, error } = outcome;
  const label =
    change.name === undefined
      ? change.id
      : `${change.id} ${escapeText(JSON.stringify(change.name))}`;
  const took = `${Math.round(durationMs)} ms`;
  if (error !== undefined) {
    return `${output.paint("red", "✗")} ${label} failed: ${escapeText(describeApiError(error))}\n`;
  }
  // What changed and what the PUT carried: "1 field" alone read as if only one was sent.
  const counts = appliedCounts(change);
  const detail = counts === null ? "" : ` (${counts})`;
  return `${output.paint("green", "✓")} ${label} ${VERB[change.action]}${detail} ${output.paint("dim", took)}\n`;
}

/** A one-line bar redrawn in place; only used on an interactive terminal for long runs. */
export function renderProgressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}`;
}

export function renderApplySummary(result: ExecuteResult, output: Output): string {
  const count = (action: string) => result.succeeded.filter((c) => c.action === action).length;
  const failed = result.failed.length;
  const parts = [
    `${count("update")} updated`,
    `${count("forget")} forgotten`,
    `${count("deactivate")} deactivated`,
    `${failed} failed`,
  ];
  if (result.notStarted.length > 0) parts.push(`${result.notStarted.length} not started`);
  const head =
    failed > 0 || result.notStarted.length > 0
      ? output.paint(["bold", "red"], "Apply incomplete:")
      : output.paint(["bold", "green"], "Apply complete!");
  return `\n${head} ${parts.join(", ")}.\n`;
}
