/**
 * Loading campaign files: find, read, parse, validate against the schema and the
 * cross-field rules, and report every problem of every file in one result.
 */

import path from "node:path";
import type { DeclaredCampaign } from "../../core/campaign.js";
import { compareIssues, type Issue } from "../../core/issue.js";
import { duplicateIdIssues, type IdDeclaration, repeatedIds } from "../../core/rules.js";
import { ConfigInvalidError } from "../../errors.js";
import { checkFile } from "./check-file.js";
import { loadFolderDefaults, resolvedRuleIssues } from "./defaults.js";
import { findCampaignFiles } from "./discover.js";
import { readCampaignFile } from "./read-file.js";

export interface LoadOptions {
  /** Directory that `dir` and the reported paths are relative to. */
  cwd: string;
  /** Today as `YYYY-MM-DD`, for the "end_date in the past" warning (injected for tests). */
  today: string;
}

export interface LoadResult {
  /** Campaign files found (including those that could not be read; not `_defaults.yaml`). */
  files: number;
  /** Campaign documents found, valid or not (empty documents are not counted). */
  declared: number;
  /** Only campaigns whose document has no errors, sorted by id. */
  campaigns: DeclaredCampaign[];
  /** Errors and warnings, sorted with compareIssues. */
  issues: Issue[];
}

/**
 * Load and validate every campaign file under `dir` (recursively, `*.yaml`/`*.yml`;
 * `dir` may also be one file). Never throws for bad input: every problem is an issue.
 */
export async function loadCampaignFiles(dir: string, options: LoadOptions): Promise<LoadResult> {
  const found = await findCampaignFiles(dir, options.cwd);
  // `_defaults.yaml` files first: every campaign below one of them is resolved over it.
  const defaults = await loadFolderDefaults(found.files, path.resolve(options.cwd, dir));
  const issues = [...found.issues, ...defaults.issues];
  const declarations: IdDeclaration[] = [];
  let declared = 0;
  // Rules run per file, so each candidate's field positions (a dozen small objects per
  // campaign, ~100 MB at 50,000 campaigns) are dropped with the file, not kept to the end.
  const passed: { campaign: DeclaredCampaign; usable: boolean }[] = [];
  // One file at a time: memory stays bounded by the largest file (10 MB), not the folder.
  for (const [index, { real, file, absolute }] of defaults.campaignFiles.entries()) {
    // File reads are synchronous (see readCampaignFile): let signals and timers in now and then.
    if (index % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
    // The real path that discovery checked is inside the folder, not the link to it.
    const read = await readCampaignFile(real, file);
    if ("issue" in read) {
      issues.push(read.issue);
      continue;
    }
    const checked = defaults.resolve(checkFile(read.text, file), absolute);
    issues.push(...checked.issues);
    declared += checked.declared;
    declarations.push(...checked.declarations);
    for (let i = 0; i < checked.candidates.length; i++) {
      const { candidate, valid } = checked.candidates[i] as (typeof checked.candidates)[number];
      const ruleIssues = resolvedRuleIssues(candidate, options.today);
      issues.push(...ruleIssues);
      const position = candidate.positions["/id"]?.key ?? { line: 0, column: 0 };
      // Built by assignment, not spreads of `{}` (1,000 campaigns in front of apply's first request).
      const { id, fields, agents } = candidate;
      const location = { file: candidate.file, line: position.line, column: position.column };
      const campaign: DeclaredCampaign =
        agents === undefined ? { id, fields, location } : { id, fields, agents, location };
      if (candidate.origins !== undefined) campaign.origins = candidate.origins;
      passed.push({
        campaign,
        usable: valid && !ruleIssues.some(isError),
      });
    }
  }

  const repeated = repeatedIds(declarations);
  issues.push(...duplicateIdIssues(declarations, repeated));
  const campaigns: DeclaredCampaign[] = [];
  // Indexed loops over every campaign: an interpreted for…of makes an iterator result each.
  for (let i = 0; i < passed.length; i++) {
    const { campaign, usable } = passed[i] as (typeof passed)[number];
    if (usable && !repeated.has(campaign.id)) campaigns.push(campaign);
  }
  campaigns.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    files: defaults.campaignFiles.length,
    declared,
    campaigns,
    issues: issues.sort(compareIssues),
  };
}

function isError(issue: Issue): boolean {
  return issue.severity === "error";
}

/**
 * Like loadCampaignFiles, for commands that act on the campaigns (plan, apply): any error
 * throws ConfigInvalidError carrying every issue; otherwise the warnings are returned.
 */
export async function loadValidCampaigns(
  dir: string,
  options: LoadOptions,
): Promise<{ files: number; campaigns: DeclaredCampaign[]; warnings: Issue[] }> {
  const result = await loadCampaignFiles(dir, options);
  if (result.issues.some((issue) => issue.severity === "error")) {
    throw new ConfigInvalidError(result.issues);
  }
  return { files: result.files, campaigns: result.campaigns, warnings: result.issues };
}
