/** One campaign file's text through YAML and the schema; cross-file rules come later. */
import type { Issue } from "../../core/issue.js";
import type { CampaignCandidate, IdDeclaration, Position } from "../../core/rules.js";
import { checkDocument } from "./check-document.js";
import { parseCampaignDocuments } from "./parse-documents.js";

/** What one file contributes to the folder's result. */
export interface CheckedFile {
  issues: Issue[];
  /** Non-empty documents, valid or not. */
  declared: number;
  declarations: IdDeclaration[];
  candidates: { candidate: CampaignCandidate; valid: boolean }[];
}

/** Parse and schema-check every document of one file. */
export function checkFile(text: string, file: string): CheckedFile {
  const { documents, issues } = parseCampaignDocuments(text, file);
  const result: CheckedFile = { issues, declared: 0, declarations: [], candidates: [] };
  // No document because the file was refused (nested too deeply) is not an empty file.
  if (documents.length === 0 && issues.length === 0) {
    result.issues.push(
      warning(file, { line: 0, column: 0 }, "the file is empty: it declares no campaign"),
    );
  }
  const empty: Position[] = [];
  for (let i = 0; i < documents.length; i++) {
    const doc = documents[i] as (typeof documents)[number];
    if (doc.empty) {
      empty.push(doc.locator.position("", "value"));
      continue;
    }
    result.declared++;
    const checked = checkDocument(doc, file);
    result.issues.push(...checked.issues);
    if (checked.declaration) result.declarations.push(checked.declaration);
    if (checked.candidate)
      result.candidates.push({ candidate: checked.candidate, valid: checked.valid });
  }
  // One warning per file, however many `---` separators lead nowhere.
  if (empty[0] !== undefined) {
    const message =
      empty.length === 1
        ? "empty YAML document: it declares no campaign"
        : `${empty.length} empty YAML documents (the first one here): they declare no campaign`;
    result.issues.push(warning(file, empty[0], message));
  }
  return result;
}

function warning(file: string, at: Position, message: string): Issue {
  return { severity: "warning", file, ...at, path: "", message };
}
