/**
 * What `init` writes, and writing it without ever overwriting anything: every path is
 * checked first (one existing file means nothing is written), and each file is created
 * with O_EXCL so a file appearing meanwhile is not overwritten either.
 */
import { lstat, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeFolder } from "../io/fs/index.js";
import {
  DEFAULTS_SCHEMA_FILE,
  GITHUB_DRIFT_WORKFLOW_FILE,
  GITHUB_WORKFLOW_FILE,
  readPackageFile,
  SCHEMA_FILE,
  SETTINGS_SCHEMA_FILE,
} from "./package-files.js";
import {
  DEFAULTS_FILE_TEMPLATE,
  EXAMPLE_CAMPAIGN,
  GITIGNORE,
  packageJson,
  README,
  SETTINGS_FILE_TEMPLATE,
} from "./templates.js";

/** One file of the new repository: its path relative to the folder, and its content. */
export interface ScaffoldFile {
  path: string;
  content: string;
}

/** Where `init --with-drift` puts the scheduled drift-check workflow. */
export const DRIFT_WORKFLOW_PATH = ".github/workflows/thulium-campaigns-drift.yml";

/**
 * Every file of a new campaigns repository, in the order they are listed to the user;
 * `withDrift` adds the scheduled drift-check workflow beside the plan/apply one.
 */
export async function scaffoldFiles(
  installFrom: string,
  options: { withDrift?: boolean } = {},
): Promise<ScaffoldFile[]> {
  const drift: ScaffoldFile[] =
    options.withDrift === true
      ? [{ path: DRIFT_WORKFLOW_PATH, content: await readPackageFile(GITHUB_DRIFT_WORKFLOW_FILE) }]
      : [];
  return [
    { path: "campaigns/example.yaml", content: EXAMPLE_CAMPAIGN },
    { path: "campaigns/_defaults.yaml", content: DEFAULTS_FILE_TEMPLATE },
    // Copied, not linked: the editor's $schema line must resolve inside the new repository.
    { path: SCHEMA_FILE, content: await readPackageFile(SCHEMA_FILE) },
    { path: DEFAULTS_SCHEMA_FILE, content: await readPackageFile(DEFAULTS_SCHEMA_FILE) },
    { path: "thulium-campaigns.yaml", content: SETTINGS_FILE_TEMPLATE },
    { path: SETTINGS_SCHEMA_FILE, content: await readPackageFile(SETTINGS_SCHEMA_FILE) },
    {
      path: ".github/workflows/thulium-campaigns.yml",
      content: await readPackageFile(GITHUB_WORKFLOW_FILE),
    },
    ...drift,
    { path: ".gitignore", content: GITIGNORE },
    { path: "package.json", content: packageJson(installFrom) },
    { path: "README.md", content: README },
  ];
}

/** The files among `files` that already exist in `dir` (anything at that path counts). */
export async function existingFiles(dir: string, files: readonly ScaffoldFile[]) {
  const found: string[] = [];
  for (const file of files) {
    try {
      await lstat(path.join(dir, file.path));
      found.push(file.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return found;
}

/**
 * Creates every file in `dir`, making folders as needed. If one cannot be created (it
 * appeared since the check, or the disk is full), the files created so far are removed
 * again and the error is rethrown: a half-made repository is worse than none.
 */
export async function writeScaffold(dir: string, files: readonly ScaffoldFile[]): Promise<void> {
  const created: string[] = [];
  try {
    for (const file of files) {
      const target = path.join(dir, file.path);
      await makeFolder(path.dirname(target));
      await writeFile(target, file.content, { flag: "wx" });
      created.push(target);
    }
  } catch (error) {
    await Promise.all(created.map((target) => rm(target, { force: true })));
    throw error;
  }
}
