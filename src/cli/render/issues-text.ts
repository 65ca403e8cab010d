import type { Issue } from "../../core/issue.js";
import type { Output } from "../output.js";

/** `file:line:col error /path: message`, one line per issue, coloured by severity. */
export function renderIssuesText(issues: readonly Issue[], output: Output): string {
  return issues
    .map((issue) => {
      const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
      const label =
        issue.severity === "error"
          ? output.paint(["bold", "red"], "error")
          : output.paint(["bold", "yellow"], "warning");
      const field = issue.path === "" ? "" : `${output.paint("cyan", issue.path)}: `;
      return `${output.paint("bold", where)} ${label} ${field}${issue.message}\n`;
    })
    .join("");
}
