/** A problem found in a campaign file, pointing at the exact place. */
export interface Issue {
  severity: "error" | "warning";
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  line: number;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  column: number;
  /** JSON Pointer of the field inside the campaign (`/parameters/caller_id`), or "" for the document. */
  path: string;
  message: string;
}

/** Stable order for reports: by file, then position, then errors before warnings. */
export function compareIssues(a: Issue, b: Issue): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.severity !== b.severity) return a.severity === "error" ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
