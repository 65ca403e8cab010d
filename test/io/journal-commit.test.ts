/**
 * The journal's commit (`commitFrom`): `git rev-parse HEAD` from the working folder, as
 * before, but git is not started where plainly no repository is (no `.git` and no git
 * folder from the folder's real path up to the root), which is every apply from a folder
 * outside git. Real repositories are made with the real git; "not started" is shown by a
 * `git` of the test's own, first on PATH, that notes each call and answers a commit.
 */
import { execFileSync } from "node:child_process";
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  realpath,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitFrom } from "../../src/io/journal/index.js";

const FAKE_COMMIT = "0123456789abcdef0123456789abcdef01234567";
let root: string;
/** PATH with the recording fake `git` first. */
let fakePath: string;
let calls: string;

/** What the fake git noted: one line (its working folder) per call. */
async function fakeGitCalls(): Promise<string[]> {
  const text = await readFile(calls, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line !== "");
}

/** The environment git sees here: a PATH, a HOME with no configuration, no CI variables. */
function env(pathVariable = process.env.PATH ?? ""): NodeJS.ProcessEnv {
  return { PATH: pathVariable, HOME: root };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    env: env(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** Commits what is staged in `dir` (or nothing), as a user with no configuration can. */
function commit(dir: string, message: string): void {
  git(
    dir,
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@example.com",
    "commit",
    "--quiet",
    "--allow-empty",
    "-m",
    message,
  );
}

/** A repository with one commit; returns the commit. */
function repository(dir: string): string {
  git(dir, "init", "--quiet");
  commit(dir, "first");
  return git(dir, "rev-parse", "HEAD");
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "journal-commit-"));
  const bin = path.join(root, "bin");
  calls = path.join(root, "git-calls");
  await mkdir(bin);
  await writeFile(path.join(bin, "git"), `#!/bin/sh\npwd >> "${calls}"\necho ${FAKE_COMMIT}\n`);
  await chmod(path.join(bin, "git"), 0o755);
  fakePath = `${bin}${path.delimiter}${process.env.PATH ?? ""}`;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("with the real git", () => {
  it("names HEAD's commit in a repository and in a folder below its top", async () => {
    const repo = await mkdtemp(path.join(root, "repo-"));
    await writeFile(path.join(repo, "f"), "x\n");
    git(repo, "init", "--quiet");
    git(repo, "add", "f");
    commit(repo, "f");
    const head = git(repo, "rev-parse", "HEAD");
    await mkdir(path.join(repo, "campaigns", "deep"), { recursive: true });

    expect(await commitFrom(env(), repo)).toBe(head);
    expect(await commitFrom(env(), path.join(repo, "campaigns", "deep"))).toBe(head);
  });

  it("names the worktree's commit in a worktree, whose .git is a file", async () => {
    const repo = await mkdtemp(path.join(root, "main-"));
    repository(repo);
    const worktree = path.join(root, `worktree-${path.basename(repo)}`);
    git(repo, "worktree", "add", "--quiet", "-b", "other", worktree);
    commit(worktree, "b");
    const head = git(worktree, "rev-parse", "HEAD");
    expect(head).not.toBe(git(repo, "rev-parse", "HEAD"));

    expect(await commitFrom(env(), worktree)).toBe(head);
  });

  it("names the commit from a symbolic link into a repository (git searches the real path)", async () => {
    const repo = await mkdtemp(path.join(root, "linked-"));
    const head = repository(repo);
    await mkdir(path.join(repo, "campaigns"));
    const link = path.join(root, `link-${path.basename(repo)}`);
    await symlink(path.join(repo, "campaigns"), link);

    expect(await commitFrom(env(), link)).toBe(head);
  });

  it("names the commit in a bare repository", async () => {
    const bare = await mkdtemp(path.join(root, "bare-"));
    const source = await mkdtemp(path.join(root, "source-"));
    const head = repository(source);
    git(bare, "init", "--quiet", "--bare");
    git(source, "push", "--quiet", bare, "HEAD:refs/heads/main");
    git(bare, "symbolic-ref", "HEAD", "refs/heads/main");

    expect(await commitFrom(env(), bare)).toBe(head);
  });

  it("gives null outside a repository", async () => {
    const plain = await mkdtemp(path.join(root, "plain-"));
    expect(await commitFrom(env(), plain)).toBeNull();
  });
});

describe("whether git is started at all", () => {
  it("does not start git where no .git or git folder is, up to the root", async () => {
    const plain = await mkdtemp(path.join(root, "plain-"));
    await mkdir(path.join(plain, "campaigns"));
    const before = (await fakeGitCalls()).length;

    expect(await commitFrom(env(fakePath), plain)).toBeNull();
    expect(await commitFrom(env(fakePath), path.join(plain, "campaigns"))).toBeNull();
    expect((await fakeGitCalls()).length).toBe(before);
  });

  it("starts git, and takes its answer, wherever a .git folder or file or a HEAD is above", async () => {
    const withFolder = await mkdtemp(path.join(root, "folder-"));
    await mkdir(path.join(withFolder, ".git"));
    await mkdir(path.join(withFolder, "campaigns"));
    const withFile = await mkdtemp(path.join(root, "file-"));
    await writeFile(path.join(withFile, ".git"), "gitdir: /nowhere\n");
    const gitFolder = await mkdtemp(path.join(root, "bare-like-"));
    await writeFile(path.join(gitFolder, "HEAD"), "ref: refs/heads/main\n");
    const cwds = [path.join(withFolder, "campaigns"), withFile, gitFolder];
    const before = (await fakeGitCalls()).length;

    for (const cwd of cwds) expect(await commitFrom(env(fakePath), cwd)).toBe(FAKE_COMMIT);
    expect((await fakeGitCalls()).slice(before)).toEqual(
      await Promise.all(cwds.map((cwd) => realpath(cwd))),
    );
  });

  it("starts git when GIT_DIR is set (git decides); a folder that is gone gives null", async () => {
    const plain = await mkdtemp(path.join(root, "plain-"));
    const before = (await fakeGitCalls()).length;

    expect(await commitFrom({ ...env(fakePath), GIT_DIR: "/elsewhere/.git" }, plain)).toBe(
      FAKE_COMMIT,
    );
    // Its real path cannot be taken, so git is tried, and cannot start there (null, as before).
    expect(await commitFrom(env(fakePath), path.join(plain, "gone"))).toBeNull();
    expect((await fakeGitCalls()).length).toBe(before + 1);
  });

  it("takes GITHUB_SHA without starting git", async () => {
    const withFolder = await mkdtemp(path.join(root, "ci-"));
    await mkdir(path.join(withFolder, ".git"));
    const before = (await fakeGitCalls()).length;
    const sha = "fedcba9876543210fedcba9876543210fedcba98";

    expect(await commitFrom({ ...env(fakePath), GITHUB_SHA: sha }, withFolder)).toBe(sha);
    expect((await fakeGitCalls()).length).toBe(before);
  });
});
