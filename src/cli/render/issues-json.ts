import type { Issue } from "../../core/issue.js";
import { escapeSerialised } from "./escape.js";

/** The `validate --format json` document, exactly as cli-contract.md specifies it. */
export interface ValidateJson {
  valid: boolean;
  files: number;
  /** Campaign documents found, valid or not. */
  campaigns: number;
  errors: JsonIssue[];
  warnings: JsonIssue[];
}

/** An issue as scripts see it: the severity is implied by the list it is in. */
export interface JsonIssue {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

/** `validate --format json`: one JSON document, newline-terminated. */
export function renderIssuesJson(result: {
  files: number;
  campaigns: number;
  issues: readonly Issue[];
}): string {
  const pick = ({ file, line, column, path, message }: Issue): JsonIssue => ({
    file,
    line,
    column,
    path,
    message,
  });
  const errors = result.issues.filter((issue) => issue.severity === "error").map(pick);
  const warnings = result.issues.filter((issue) => issue.severity === "warning").map(pick);
  const document: ValidateJson = {
    valid: errors.length === 0,
    files: result.files,
    campaigns: result.campaigns,
    errors,
    warnings,
  };
  return `${escapeSerialised(JSON.stringify(document, null, 2))}\n`;
}
