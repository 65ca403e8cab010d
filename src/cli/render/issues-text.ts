import type { Issue } from "../../core/issue.js";
import type { Output } from "../output.js";
import { escapeLineStart, escapeText } from "./escape.js";

/**
 * `file:line:col error /path: message`, one line per issue, coloured by severity.
 * The location comes first so terminals and editors can turn it into a link.
 */
export function renderIssuesText(issues: readonly Issue[], output: Output): string {
  return issues
    .map((issue) => {
      // The file begins the line: escapeLineStart keeps a hostile name from opening it.
      const file = escapeLineStart(issue.file);
      const where = issue.line > 0 ? `${file}:${issue.line}:${issue.column}` : file;
      const label =
        issue.severity === "error"
          ? output.paint(["bold", "red"], "error")
          : output.paint(["bold", "yellow"], "warning");
      const field = issue.path === "" ? "" : `${output.paint("cyan", escapeText(issue.path))}: `;
      return `${output.paint("bold", where)} ${label} ${field}${escapeText(issue.message)}\n`;
    })
    .join("");
}

/** Counts a validation summary is made of. */
export interface ValidationCounts {
  files: number;
  /** Campaign documents found, valid or not. */
  campaigns: number;
  errors: number;
  warnings: number;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * The last line of `validate`: `✓ 5 campaigns in 5 files are valid (1 warning).` or
 * `✗ 2 errors, 1 warning in 3 files (4 campaigns); nothing was sent.`
 */
export function renderValidationSummary(counts: ValidationCounts, output: Output): string {
  const { files, campaigns, errors, warnings } = counts;
  const inFiles = `in ${plural(files, "file")}`;
  if (errors === 0) {
    const verb = campaigns === 1 ? "is" : "are";
    const note = warnings === 0 ? "" : ` (${plural(warnings, "warning")})`;
    return `${output.paint("green", "✓")} ${plural(campaigns, "campaign")} ${inFiles} ${verb} valid${note}.\n`;
  }
  const problems = [
    plural(errors, "error"),
    ...(warnings > 0 ? [plural(warnings, "warning")] : []),
  ];
  return `${output.paint("red", "✗")} ${problems.join(", ")} ${inFiles} (${plural(campaigns, "campaign")}).\n`;
}
