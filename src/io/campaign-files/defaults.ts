/**
 * `_defaults.yaml` files (issue 14): a partial campaign in any folder under `--dir`, for
 * every campaign in that folder and below. Read and checked before the campaign files
 * (schema as a partial, no `id`, one document), then applied to each campaign's candidate
 * (core/layered-defaults.ts) before the cross-field rules run, so a rule broken by an
 * inherited value points at the defaults file that holds it.
 */
import path from "node:path";
import type { Issue } from "../../core/issue.js";
import { type DefaultsLayer, resolveCandidate } from "../../core/layered-defaults.js";
import { type CampaignCandidate, campaignRuleIssues } from "../../core/rules.js";
import { checkDocument } from "./check-document.js";
import type { CheckedFile } from "./check-file.js";
import type { FoundFile } from "./discover.js";
import { type ParsedDocument, parseCampaignDocuments } from "./parse-documents.js";
import { readCampaignFile } from "./read-file.js";

/** The names a defaults file may have (exactly; one per folder). */
const DEFAULTS_NAMES: readonly string[] = ["_defaults.yaml", "_defaults.yml"];

/** A folder's defaults: its layer, or `broken` when the file has an error (nothing is used). */
type FolderLayer = DefaultsLayer | "broken";

/** The defaults of a folder tree, read once, applied to each campaign file's candidates. */
export interface FolderDefaults {
  /** Problems in the defaults files (every one reported, like campaign-file issues). */
  issues: Issue[];
  /** The found files that are campaign files (defaults files taken out). */
  campaignFiles: FoundFile[];
  /** The file's candidates with their folders' defaults applied (see resolveCandidate). */
  resolve(checked: CheckedFile, absolute: string): CheckedFile;
}

/**
 * Read and check every defaults file among `found`; `root` is `--dir`, absolute. A folder
 * named by a single-file `--dir` has no defaults: only folders under `--dir` count.
 */
export async function loadFolderDefaults(
  found: readonly FoundFile[],
  root: string,
): Promise<FolderDefaults> {
  const issues: Issue[] = [];
  const campaignFiles: FoundFile[] = [];
  const layers = new Map<string, FolderLayer>();
  for (const entry of found) {
    if (!DEFAULTS_NAMES.includes(path.basename(entry.absolute))) {
      campaignFiles.push(entry);
      continue;
    }
    const folder = path.dirname(entry.absolute);
    if (layers.has(folder)) {
      issues.push(
        fileIssue(
          entry.file,
          "a second defaults file in this folder: keep one _defaults.yaml per folder (merge the two)",
        ),
      );
      continue;
    }
    const layer = await readDefaultsFile(entry, issues);
    if (layer !== undefined) layers.set(folder, layer);
  }
  if (layers.size === 0) return { issues, campaignFiles, resolve: (checked) => checked };

  const chains = new Map<string, FolderLayer[]>();
  const chainOf = (folder: string): FolderLayer[] => {
    let chain = chains.get(folder);
    if (chain !== undefined) return chain;
    const relative = path.relative(root, folder);
    const inside = !relative.startsWith("..") && !path.isAbsolute(relative);
    const parent = path.dirname(folder);
    const above = inside && relative !== "" && parent !== folder ? chainOf(parent) : [];
    const own = inside ? layers.get(folder) : undefined;
    chain = own === undefined ? above : [...above, own];
    chains.set(folder, chain);
    return chain;
  };

  return {
    issues,
    campaignFiles,
    resolve(checked, absolute) {
      const chain = chainOf(path.dirname(absolute));
      if (chain.length === 0) return checked;
      const broken = chain.includes("broken");
      const usable = chain.filter((layer): layer is DefaultsLayer => layer !== "broken");
      const dropped = new Set<Issue>();
      const candidates = checked.candidates.map(({ candidate, valid }) => {
        const resolved = resolveCandidate(candidate, usable);
        const lonePolicy = lonePolicyWarning(checked.issues, candidate, resolved);
        if (lonePolicy !== undefined) dropped.add(lonePolicy);
        // A campaign under a defaults file with an error is not usable: its values are unknown.
        return { candidate: resolved, valid: valid && !broken };
      });
      const issues = checked.issues.filter((issue) => !dropped.has(issue));
      return { ...checked, issues, candidates };
    },
  };
}

/**
 * The cross-field rules on a resolved campaign. A problem with an inherited value is
 * reported at the defaults file that holds it, naming the campaign (several campaigns may
 * inherit the same value).
 */
export function resolvedRuleIssues(candidate: CampaignCandidate, today: string): Issue[] {
  return campaignRuleIssues(candidate, { today }).map((issue) =>
    issue.file === candidate.file
      ? issue
      : {
          ...issue,
          message: `${issue.message}; campaign ${candidate.id || "(no id)"} (${candidate.file}) inherits this value from here: set it in the campaign's file, or change this default`,
        },
  );
}

/**
 * A campaign that declares `agents_policy` without `agents` is warned that the policy has
 * no effect (check-agents.ts), unless it inherits `agents`: then the policy applies.
 */
function lonePolicyWarning(
  issues: readonly Issue[],
  own: CampaignCandidate,
  resolved: CampaignCandidate,
): Issue | undefined {
  if (own.agents !== undefined || resolved.agents === undefined) return undefined;
  const at = own.positions["/agents_policy"]?.key;
  if (at === undefined) return undefined;
  return issues.find(
    (issue) =>
      issue.severity === "warning" &&
      issue.path === "/agents_policy" &&
      issue.line === at.line &&
      issue.column === at.column,
  );
}

/** One defaults file to its layer; its problems go to `issues`. */
async function readDefaultsFile(
  entry: FoundFile,
  issues: Issue[],
): Promise<FolderLayer | undefined> {
  const read = await readCampaignFile(entry.real, entry.file);
  if ("issue" in read) {
    issues.push(read.issue);
    return "broken";
  }
  const parsed = parseCampaignDocuments(read.text, entry.file);
  issues.push(...parsed.issues);
  const documents = parsed.documents.filter((doc) => !doc.empty);
  // An empty (or all-comment) defaults file sets nothing: fine, `init` writes one.
  const [doc, second] = documents;
  if (second !== undefined) {
    issues.push({
      severity: "error",
      file: entry.file,
      ...second.locator.position("", "value"),
      path: "",
      message:
        "a defaults file holds one YAML document (the values for every campaign in its folder and below); remove the --- and merge the documents, or move this one to a _defaults.yaml in a subfolder",
    });
  }
  if (parsed.issues.some((issue) => issue.severity === "error")) return "broken";
  if (doc === undefined) return second === undefined ? undefined : "broken";
  const data = doc.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    const what = Array.isArray(data)
      ? "a list"
      : `a single ${data === null ? "null" : typeof data}`;
    issues.push({
      severity: "error",
      file: entry.file,
      ...doc.locator.position("", "value"),
      path: "",
      message: `a defaults file must be a mapping of campaign fields (group_id: 15, parameters: …), not ${what}`,
    });
    return "broken";
  }
  const checked = checkDocument(withoutId(doc, entry.file, issues), entry.file, {
    partial: true,
  });
  // The schema's list of allowed fields names `id`, which a defaults file may not hold.
  issues.push(
    ...checked.issues.map((issue) => ({
      ...issue,
      message: issue.message.replace(/\ballowed: id, /, "allowed: "),
    })),
  );
  const failed =
    second !== undefined ||
    !checked.valid ||
    checked.candidate === undefined ||
    issues.some((issue) => issue.file === entry.file && issue.severity === "error");
  if (failed || checked.candidate === undefined) return "broken";
  const { fields, agents, agentsPolicy, positions } = checked.candidate;
  return {
    file: entry.file,
    fields,
    positions,
    ...(agents === undefined ? {} : { agents: agents.logins }),
    ...(agentsPolicy === undefined ? {} : { agentsPolicy }),
  };
}

/**
 * A defaults file never names a campaign: an `id` is an error at its line, and the rest of
 * the document is still checked (without it, so the schema does not repeat the point).
 */
function withoutId(doc: ParsedDocument, file: string, issues: Issue[]): ParsedDocument {
  const data = doc.data;
  if (data === null || typeof data !== "object" || Array.isArray(data) || !("id" in data)) {
    return doc;
  }
  issues.push({
    severity: "error",
    file,
    ...doc.locator.position("/id", "key"),
    path: "/id",
    message:
      "a defaults file has no id: its fields apply to every campaign in its folder and below; declare a campaign, with its id, in a file of its own",
  });
  const { id: _id, ...rest } = data as Record<string, unknown>;
  return {
    ...doc,
    data: rest,
    unsafeIntegers: doc.unsafeIntegers.filter(({ pointer }) => !/^\/id(\/|$)/.test(pointer)),
  };
}

function fileIssue(file: string, message: string): Issue {
  return { severity: "error", file, line: 0, column: 0, path: "", message };
}
