/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), which make
 * GitHub mark the offending lines in a pull request's diff.
 * Escaping follows the runner's rules (actions/toolkit, command.ts): in the message
 * `%`, `\r` and `\n`; in property values also `:` and `,`.
 */
import type { Issue } from "../../core/issue.js";
import { escapeText } from "./escape.js";

/** Escape a workflow command's message. */
export function escapeGithubData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** Escape a workflow command's property value (`file=…`). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/** One `::error` / `::warning` line per issue; file-wide issues carry no line or column. */
export function renderIssuesGithub(issues: readonly Issue[]): string {
  return issues
    .map((issue) => {
      const properties = [`file=${escapeText(escapeGithubProperty(issue.file))}`];
      if (issue.line > 0) properties.push(`line=${issue.line}`, `col=${issue.column}`);
      properties.push(`title=${escapeGithubProperty(`thulium-campaigns ${issue.severity}`)}`);
      const message = issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
      return `::${issue.severity} ${properties.join(",")}::${escapeText(escapeGithubData(message))}\n`;
    })
    .join("");
}
