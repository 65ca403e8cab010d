/**
 * Finding campaign files: every `*.yaml`/`*.yml` under a folder, recursively, in a stable
 * order. Symbolic links are followed, but each real folder is entered once and a link back
 * to an ancestor is reported as a loop, so hostile trees end in bounded time. A link whose
 * real path is outside the folder is refused before anything is read through it: pull
 * requests from forks run `plan` on trees anyone can write, and a link there could
 * otherwise make the runner read (and quote in errors) any file it can see.
 */
import { type Dirent, realpathSync, type Stats } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Issue } from "../../core/issue.js";
import { displayPath } from "../fs/index.js";

/** A campaign file to read. */
export interface FoundFile {
  absolute: string;
  /** Its real path (no symbolic links), checked to be inside the folder: what is opened. */
  real: string;
  /** The path reports show (see displayPath). */
  file: string;
}

const CAMPAIGN_FILE = /\.ya?ml$/i;

/**
 * Every campaign file under `dir` (resolved against `cwd`). `dir` may also name a single
 * file. Dot-files and dot-folders (`.git`, `.thulium`) are skipped.
 */
export async function findCampaignFiles(
  dir: string,
  cwd: string,
): Promise<{ files: FoundFile[]; issues: Issue[] }> {
  const root = path.resolve(cwd, dir);
  const shown = (absolute: string) => displayPath(absolute, cwd);
  const issues: Issue[] = [];
  const files = new Map<string, FoundFile>(); // by real path: a file reached twice is read once
  const entered = new Set<string>();
  const fail = (absolute: string, message: string) =>
    issues.push({
      severity: "error",
      file: shown(absolute),
      line: 0,
      column: 0,
      path: "",
      message,
    });

  /** The real root; files and folders must be inside it. Unset when `dir` is one file. */
  let withinRoot: ((real: string) => boolean) | undefined;
  const refuseOutside = (absolute: string, real: string, what: "file" | "folder") => {
    const done = what === "file" ? "it was not read" : "it was not entered";
    fail(
      absolute,
      `symbolic link to ${shown(real)}, which is outside the folder ${shown(root)}; campaign files are only read inside it (a link could otherwise expose any file on this machine), so ${done}: move the ${what} into ${shown(root)} or remove the link`,
    );
  };

  async function addFile(absolute: string): Promise<void> {
    // Synchronous (the same realpath(3) call as the async one): one thread-pool round trip
    // per file was a tenth of the whole load for a folder of 10,000 one-campaign files.
    const real = realpathSync.native(absolute);
    if (withinRoot !== undefined && !withinRoot(real)) return refuseOutside(absolute, real, "file");
    if (!files.has(real)) files.set(real, { absolute, real, file: shown(absolute) });
  }

  async function walk(folder: string, ancestors: ReadonlySet<string>): Promise<void> {
    const real = await realpath(folder);
    if (ancestors.has(real)) {
      fail(
        folder,
        `symbolic link loop: this folder is ${shown(real)}, which contains it; it was not read`,
      );
      return;
    }
    if (withinRoot !== undefined && !withinRoot(real)) return refuseOutside(folder, real, "folder");
    if (entered.has(real)) return; // the same folder through another link: read once
    entered.add(real);
    const inside = new Set(ancestors).add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      fail(folder, `cannot be read: ${(error as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const absolute = path.join(folder, entry.name);
      const target = entry.isSymbolicLink() ? await followLink(absolute, entry) : entry;
      if (target === undefined) continue;
      if (target.isDirectory()) await walk(absolute, inside);
      else if (CAMPAIGN_FILE.test(entry.name)) {
        if (target.isFile()) await addFile(absolute);
        else fail(absolute, "not a regular file (a pipe, socket or device); it was not read");
      }
    }
  }

  /** The link's target, or undefined (with an error for campaign-file names) when it is broken. */
  async function followLink(absolute: string, entry: Dirent): Promise<Stats | undefined> {
    try {
      return await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELOOP")
        fail(absolute, "symbolic link loop: the link points (through other links) to itself");
      else if (CAMPAIGN_FILE.test(entry.name))
        fail(absolute, "broken symbolic link: its target does not exist");
      return undefined;
    }
  }

  let rootStats: Stats;
  try {
    rootStats = await stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      root,
      code === "ENOENT" ? notFound(root, cwd) : `cannot be read: ${(error as Error).message}`,
    );
    return { files: [], issues };
  }
  if (rootStats.isDirectory()) {
    const realRoot = await realpath(root);
    withinRoot = (real) => isInside(real, realRoot);
    await walk(root, new Set());
    // An empty folder is valid, but usually a wrong --dir: say so rather than pass silently.
    if (files.size === 0 && issues.length === 0) {
      const message = "no campaign files (*.yaml, *.yml) found in this folder";
      issues.push({
        severity: "warning",
        file: shown(root),
        line: 0,
        column: 0,
        path: "",
        message,
      });
    }
  } else if (rootStats.isFile()) await addFile(root);
  else fail(root, "not a folder or a regular file");
  const sorted = [...files.values()].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
  return { files: sorted, issues };
}

/** True when `real` is `folder` or below it (both real paths). */
function isInside(real: string, folder: string): boolean {
  const relative = path.relative(folder, real);
  return (
    relative === "" ||
    (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/**
 * A missing folder, named both ways (an absolute path settles "which folder?" when the
 * command ran somewhere unexpected), with the way to point elsewhere.
 */
function notFound(root: string, cwd: string): string {
  const given = displayPath(root, cwd);
  const where = path.isAbsolute(given) ? "" : ` (${given} from the current folder ${cwd})`;
  return `folder not found: looked for ${root}${where}; campaign files are read from the folder given with --dir (default: campaigns): run the command in the folder that holds it, or point --dir at your campaign files, e.g. --dir infra/campaigns`;
}
