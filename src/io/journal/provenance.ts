/** Who runs an apply and from which commit, as CI systems and git tell it. */
import { lstatSync, realpathSync } from "node:fs";
import path from "node:path";

/** The actor: GITHUB_ACTOR, GITLAB_USER_LOGIN or USER, the first one set. */
export function actorFrom(env: NodeJS.ProcessEnv): string | null {
  for (const name of ["GITHUB_ACTOR", "GITLAB_USER_LOGIN", "USER"]) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return null;
}

/** A commit id as git writes it (SHA-1 or SHA-256). */
const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Whether `file` exists as any kind of entry; an answer other than "no such entry" counts as yes. */
function entryExists(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ENOTDIR";
  }
}

/**
 * Whether `git rev-parse HEAD` in `cwd` could find a repository, judged as git does, from
 * cwd's real path up to the root: a folder holding a `.git` (a folder, or the file of a
 * worktree or submodule), or one that is itself a git folder (it holds a `HEAD`: a bare
 * repository, or a folder inside `.git`). False only when plainly none is there: the
 * answer is then null without starting git, which an apply from a folder that is no
 * repository (every test's temp folder) would otherwise do each time. In doubt (GIT_DIR
 * set, cwd unreadable, an entry that cannot be checked) it says yes and git decides.
 */
function mayBeInRepository(env: NodeJS.ProcessEnv, cwd: string): boolean {
  // git is given only PATH and HOME below, so it never sees GIT_DIR; still, whoever sets it
  // means a repository elsewhere, and git is the one to say what that gives.
  if (env.GIT_DIR !== undefined) return true;
  let dir: string;
  try {
    // git searches from the physical folder: a symbolic link into a repository is in it.
    dir = realpathSync(cwd);
  } catch {
    return true;
  }
  for (;;) {
    if (entryExists(path.join(dir, ".git")) || entryExists(path.join(dir, "HEAD"))) return true;
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

/**
 * The commit: GITHUB_SHA or CI_COMMIT_SHA, else `git rev-parse HEAD` in `cwd` (run without
 * a shell, briefly, and only when a repository may be there). Null outside a repository,
 * without git, or for anything that is not a commit id: the journal must never hold what
 * an environment variable happened to carry.
 */
export async function commitFrom(env: NodeJS.ProcessEnv, cwd: string): Promise<string | null> {
  for (const name of ["GITHUB_SHA", "CI_COMMIT_SHA"]) {
    const value = env[name]?.trim().toLowerCase();
    if (value !== undefined && COMMIT.test(value)) return value;
  }
  if (!mayBeInRepository(env, cwd)) return null;
  // Loaded here, when git is to run: node:child_process (~6 ms) would otherwise load with
  // apply's flow, in front of its first request (the commit is looked up after it).
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    try {
      execFile(
        "git",
        ["rev-parse", "HEAD"],
        {
          cwd,
          timeout: 3000,
          windowsHide: true,
          env: { PATH: env.PATH ?? "", HOME: env.HOME ?? "" },
        },
        (error, stdout) => {
          const value = String(stdout).trim().toLowerCase();
          resolve(error === null && COMMIT.test(value) ? value : null);
        },
      );
    } catch {
      resolve(null);
    }
  });
}
