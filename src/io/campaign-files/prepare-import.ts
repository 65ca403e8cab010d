/**
 * Preparing `import`'s campaign files without writing anything (what `--dry-run` shows):
 * each live campaign's file name and text, checked by the campaign-file loader's own
 * YAML, schema and rule checks, so a file is only written when `validate` will accept it
 * (or, with includeInvalid, so that `validate` points at the offending line).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import equal from "fast-deep-equal";
import type { CampaignFields } from "../../core/campaign.js";
import { chooseFileNames, type ImportedCampaign, importedFile } from "../../core/import-file.js";
import type { Issue } from "../../core/issue.js";
import { campaignRuleIssues } from "../../core/rules.js";
import { UsageError } from "../../errors.js";
import { displayPath } from "../fs/index.js";
import { checkFile } from "./check-file.js";

/** Where the files go and what their header says. */
export interface PrepareImportOptions {
  /** The campaign folder (`--dir`), relative to cwd or absolute; created when written. */
  dir: string;
  /** The working directory: paths are shown relative to it, and `schemas/` is looked for in it. */
  cwd: string;
  /** The Thulium system read (normalised THULIUM_URL, or `sandbox`), named in each file's comment. */
  target: string;
  /** The day of the import, `YYYY-MM-DD`, named in each file's comment. */
  importedOn: string;
  /** Today as `YYYY-MM-DD` for the loader's rules (the end-date warning). */
  today: string;
  /** Write campaigns whose live values break the schema or the rules too; default false. */
  includeInvalid?: boolean;
}

/** One campaign's file, ready to write. */
export interface ImportFile {
  id: string;
  /** Absolute path of the file. */
  absolute: string;
  /** The path as reports show it (relative to cwd when inside it). */
  file: string;
  /** The whole file text. */
  text: string;
  /** The fields the file declares: what the state should record as applied. */
  fields: CampaignFields;
  /** With --with-agents: the logins the file declares, recorded as the tool's own. */
  agents?: string[];
  /** What `validate` will say about this file (errors and warnings, at its lines). */
  issues: Issue[];
  /** True when the issues hold no error. */
  valid: boolean;
}

/** Every campaign of one import, split into files to write and campaigns skipped. */
export interface ImportFilePlan {
  /** The campaign folder, absolute. */
  dir: string;
  /** The folder as reports show it. */
  shownDir: string;
  /** Files to write, in the order the campaigns were given: valid ones, and invalid ones with includeInvalid. */
  write: ImportFile[];
  /** Invalid campaigns not written (without includeInvalid), with the file they would have become. */
  skipped: ImportFile[];
}

/** Where `init` puts the schema, relative to the working directory. */
const SCHEMA_FILE = path.join("schemas", "campaign.schema.json");

/**
 * Names, writes in memory and checks one file per campaign; touches nothing on disk.
 * Names avoid every entry already in the folder (see chooseFileNames). Throws UsageError
 * when `dir` exists but is not a readable folder.
 */
export async function prepareImportFiles(
  campaigns: readonly ImportedCampaign[],
  options: PrepareImportOptions,
): Promise<ImportFilePlan> {
  const dir = path.resolve(options.cwd, options.dir);
  const shownDir = displayPath(dir, options.cwd);
  const names = chooseFileNames(
    campaigns.map(({ id, fields }) => ({ id, name: fields.name })),
    await folderEntries(dir, shownDir),
  );
  const schemaRef = path
    .relative(dir, path.join(options.cwd, SCHEMA_FILE))
    .split(path.sep)
    .join("/");
  const plan: ImportFilePlan = { dir, shownDir, write: [], skipped: [] };
  for (const campaign of campaigns) {
    const absolute = path.join(dir, names.get(campaign.id) ?? `campaign-${campaign.id}.yaml`);
    const { text, fields } = importedFile(campaign, {
      target: options.target,
      importedOn: options.importedOn,
      schemaRef,
    });
    const prepared = checkImportFile({
      id: campaign.id,
      absolute,
      file: displayPath(absolute, options.cwd),
      text,
      fields,
      ...(campaign.agents === undefined ? {} : { agents: [...campaign.agents] }),
      today: options.today,
    });
    (prepared.valid || options.includeInvalid === true ? plan.write : plan.skipped).push(prepared);
  }
  return plan;
}

/**
 * Runs the loader's checks on a file's text (YAML, schema, cross-field rules), and makes
 * sure a valid file loads back to exactly the fields it was written from. The YAML is
 * read as the loader reads it (checkFile): a file of the plain shape import almost always
 * writes by the fast reader (plain-yaml.ts), any other by the yaml library.
 */
export function checkImportFile(input: {
  id: string;
  absolute: string;
  file: string;
  text: string;
  fields: CampaignFields;
  agents?: string[];
  today: string;
}): ImportFile {
  const { today, ...file } = input;
  const checked = checkFile(file.text, file.file);
  const issues = [...checked.issues];
  for (const { candidate } of checked.candidates) {
    issues.push(...campaignRuleIssues(candidate, { today }));
  }
  const valid = !issues.some((issue) => issue.severity === "error");
  const loaded = checked.candidates[0]?.candidate;
  if (
    valid &&
    (checked.candidates.length !== 1 ||
      loaded?.id !== file.id ||
      // Key order does not matter to equal, and neither side holds an undefined member
      // (the loader drops none it did not read; importedFields's are canonical).
      !equal(loaded.fields, file.fields) ||
      !equal(loaded.agents?.logins, file.agents))
  ) {
    // The serialiser and the loader disagree: a bug here, never the user's input.
    throw new Error(
      `The imported file for ${file.id} does not load back to the fields it was written from: ${JSON.stringify(loaded?.fields)} instead of ${JSON.stringify(file.fields)}`,
    );
  }
  return { ...file, issues, valid };
}

/** The names in the folder; none when it does not exist yet. */
async function folderEntries(dir: string, shownDir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    if (code === "ENOTDIR") {
      throw new UsageError(
        `${shownDir} is not a folder (or a folder above it is a file), so campaign files cannot be written into it: give --dir a folder (it is created when missing).`,
      );
    }
    if (code === "EACCES" || code === "EPERM") {
      throw new UsageError(
        `The folder ${shownDir} cannot be read (${code}): make it readable and writable for this user, or give --dir another folder.`,
      );
    }
    throw error;
  }
}
