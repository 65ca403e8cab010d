/** Who runs an apply and from which commit, as CI systems and git tell it. */
import { execFile } from "node:child_process";

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

/**
 * The commit: GITHUB_SHA or CI_COMMIT_SHA, else `git rev-parse HEAD` in `cwd` (run without
 * a shell, briefly). Null outside a repository, without git, or for anything that is not a
 * commit id: the journal must never hold what an environment variable happened to carry.
 */
export async function commitFrom(env: NodeJS.ProcessEnv, cwd: string): Promise<string | null> {
  for (const name of ["GITHUB_SHA", "CI_COMMIT_SHA"]) {
    const value = env[name]?.trim().toLowerCase();
    if (value !== undefined && COMMIT.test(value)) return value;
  }
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
