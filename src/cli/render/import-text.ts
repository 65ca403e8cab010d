/**
 * `import`'s text report: each file written, each campaign skipped with its reasons, one
 * summary line saying what was read and written, and what to run next. Every value that
 * came from Thulium (names reach file names and file texts) is shown escaped.
 */
import { plural } from "../../core/words.js";
import type { ImportFile } from "../../io/campaign-files/import-files.js";
import type { ImportResult } from "../../use-cases/import.js";
import { escapeMessage, escapeText } from "./escape.js";

export interface ImportTextOptions {
  /** The state file as shown to the user. */
  stateFile: string;
  /** Whether --sandbox was given (the next steps repeat it). */
  sandbox: boolean;
}

export function renderImportText(result: ImportResult, options: ImportTextOptions): string {
  const lines: string[] = [];
  const dir = `${escapeText(result.dir)}/`;
  if (result.dryRun) {
    lines.push(...dryRunLines(result));
  } else {
    for (const file of result.written) {
      lines.push(
        `Wrote ${escapeText(file.file)} (campaign ${file.id}${file.valid ? "" : ", invalid: not recorded"})`,
      );
    }
  }
  for (const file of result.invalid) {
    lines.push(`Skipped campaign ${file.id}: its live values break the schema:`);
    lines.push(...reasons(file));
  }
  for (const file of result.writtenInvalid) {
    lines.push(
      `${escapeText(file.file)} was written although invalid (--include-invalid): fix it where validate points:`,
    );
    lines.push(...reasons(file));
  }
  if (lines.length > 0) lines.push("");
  lines.push(summary(result, dir, options.stateFile));
  if (!result.dryRun && result.written.length > 0) {
    const flag = options.sandbox ? " --sandbox" : "";
    lines.push(
      "Next: `thulium-campaigns validate` checks the files; " +
        `\`thulium-campaigns plan${flag}\` should show no change; ` +
        `\`thulium-campaigns drift${flag}\` compares them with Thulium later. Then commit the files and the state.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function dryRunLines(result: ImportResult): string[] {
  const lines: string[] = [];
  const files = result.written;
  if (files.length === 0) return lines;
  lines.push(`Would write ${plural(files.length, "file")}:`);
  for (const file of files) lines.push(`  ${escapeText(file.file)} (campaign ${file.id})`);
  const first = files[0] as ImportFile;
  lines.push("", `${escapeText(first.file)} would read:`, escapeMessage(first.text).trimEnd(), "");
  return lines;
}

function reasons(file: ImportFile): string[] {
  return file.issues
    .filter((issue) => issue.severity === "error")
    .map(
      (issue) =>
        `  ${escapeText(issue.file)}:${issue.line}:${issue.column} ${fieldOf(issue.path)}${escapeMessage(issue.message)}`,
    );
}

function summary(result: ImportResult, dir: string, stateFile: string): string {
  const read = `Read ${plural(result.listed, "campaign")} from Thulium's list`;
  const parts = [read];
  const count = result.written.length;
  if (result.dryRun) {
    parts.push(
      count === 0
        ? "nothing to write"
        : `would write ${plural(count, "file")} to ${dir} and record them in ${escapeText(stateFile)} (dry run: nothing was written)`,
    );
  } else if (count === 0) {
    parts.push("wrote nothing");
  } else {
    const recorded = count - result.writtenInvalid.length;
    parts.push(
      `wrote ${plural(count, "file")} to ${dir}` +
        (recorded > 0
          ? ` and recorded ${recorded === count ? "them" : recorded} in ${escapeText(stateFile)}`
          : ""),
    );
  }
  if (result.alreadyManaged > 0) {
    parts.push(`left ${result.alreadyManaged} already declared or managed alone`);
  }
  if (result.invalid.length > 0) {
    parts.push(`skipped ${result.invalid.length} (invalid live values: see above)`);
  }
  return `${parts.join("; ")}.`;
}

/** `/parameters/caller_id` → `parameters.caller_id: `; nothing for the document itself. */
function fieldOf(pointer: string): string {
  if (pointer === "") return "";
  return `${escapeText(pointer.slice(1).split("/").join("."))}: `;
}
