import { plural } from "../../core/words.js";
import type { CheckStatus, DoctorCheck, DoctorResult } from "../../use-cases/doctor.js";
import type { Output } from "../output.js";
import { escapeSerialised, escapeText } from "./escape.js";

const MARKS: Record<CheckStatus, { text: string; style: Parameters<Output["paint"]>[0] }> = {
  ok: { text: "ok", style: "green" },
  warn: { text: "warn", style: ["bold", "yellow"] },
  fail: { text: "FAIL", style: ["bold", "red"] },
  skipped: { text: "skip", style: "dim" },
};

/**
 * doctor's checklist: one line per check (status, name, finding), a `fix:` line under each
 * warning and failure, a verdict, and with --show-shape the list's skeleton as JSON.
 */
export function renderDoctorText(result: DoctorResult, output: Output): string {
  const width = Math.max(...result.checks.map((check) => check.name.length));
  const indent = " ".repeat(6 + width + 2);
  const lines = [
    `${output.paint("bold", "doctor: set-up checks")} (reads only, writes nothing)`,
    "",
  ];
  for (const check of result.checks) {
    const mark = MARKS[check.status];
    const status = output.paint(mark.style, mark.text.padEnd(4));
    lines.push(`${status}  ${check.name.padEnd(width)}  ${escapeText(check.finding)}`);
    if (check.fix !== undefined)
      lines.push(`${indent}${output.paint("bold", "fix:")} ${escapeText(check.fix)}`);
  }
  lines.push("", verdict(result, output));
  if (result.shape !== undefined) {
    lines.push("");
    if ("skeleton" in result.shape)
      lines.push(
        "Shape of the answer to GET outbounds (key names and JSON types; values replaced, at most 3 items per list):",
        escapeSerialised(JSON.stringify(result.shape.skeleton, null, 2)),
      );
    else lines.push(`No shape to show: ${escapeText(result.shape.unavailable)}.`);
  }
  return `${lines.join("\n")}\n`;
}

function verdict(result: DoctorResult, output: Output): string {
  const names = (checks: DoctorCheck[]) => checks.map((check) => check.name).join(", ");
  const failed = result.checks.filter((check) => check.status === "fail");
  const warned = result.checks.filter((check) => check.status === "warn");
  const skipped = result.checks.filter((check) => check.status === "skipped").length;
  const warnings =
    warned.length === 0 ? "" : `; ${plural(warned.length, "warning")} (${names(warned)})`;
  if (failed.length > 0) {
    const also = skipped === 0 ? "" : `, ${skipped} skipped`;
    return `${output.paint("red", "✗")} ${plural(failed.length, "essential check")} failed (${names(failed)})${also}${warnings}. Fix ${failed.length === 1 ? "it" : "them"} and run doctor again.`;
  }
  return `${output.paint("green", "✓")} No essential check failed${warnings}.`;
}
