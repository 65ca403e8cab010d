/**
 * `init [DIR]` through the built CLI, in real temporary folders: what it creates, that
 * the result works (validate, plan, a sandbox apply), and that it never overwrites.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliText, REPO } from "./built-cli.js";

const CREATED = [
  "campaigns/example.yaml",
  "campaigns/_defaults.yaml",
  "schemas/campaign.schema.json",
  "schemas/defaults.schema.json",
  "thulium-campaigns.yaml",
  "schemas/settings.schema.json",
  ".github/workflows/thulium-campaigns.yml",
  ".gitignore",
  "package.json",
  "README.md",
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "init-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file under `root`, relative and sorted. */
async function tree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("init into a new folder", () => {
  it("creates the repository, lists what it created and the next steps", async () => {
    const { code, stdout, stderr } = await cliText(["init", "acme-campaigns"], dir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain(
      `Created a campaigns repository in acme-campaigns:\n${CREATED.map((file) => `  ${file}\n`).join("")}\nNext steps:\n  cd acme-campaigns\n  npm install`,
    );
    expect(stdout).toContain("npx thulium-campaigns plan\n");
    expect(stdout).toContain("THULIUM_URL, THULIUM_USER and\nTHULIUM_PASSWORD");
    expect(await tree(path.join(dir, "acme-campaigns"))).toEqual([...CREATED].sort());
  });

  it("copies the package's schema and GitHub workflow byte for byte", async () => {
    expect((await cliText(["init", "repo"], dir)).code).toBe(0);
    const made = (file: string) => readFile(path.join(dir, "repo", file), "utf8");
    const shipped = (file: string) => readFile(path.join(REPO, file), "utf8");
    expect(await made("schemas/campaign.schema.json")).toBe(
      await shipped("schemas/campaign.schema.json"),
    );
    expect(await made(".github/workflows/thulium-campaigns.yml")).toBe(
      await shipped("examples/github-actions/thulium-campaigns.yml"),
    );
  });

  it("writes an example whose $schema line points at the copied schema", async () => {
    expect((await cliText(["init", "repo"], dir)).code).toBe(0);
    const example = await readFile(path.join(dir, "repo", "campaigns", "example.yaml"), "utf8");
    const schemaLine = /^# yaml-language-server: \$schema=(\S+)\n/.exec(example);
    expect(schemaLine?.[1]).toBe("../schemas/campaign.schema.json");
    const resolved = path.resolve(dir, "repo", "campaigns", schemaLine?.[1] ?? "");
    expect(JSON.parse(await readFile(resolved, "utf8")).$id).toBe(
      "urn:thulium-campaigns:schema:campaign:v1",
    );
  });

  it("the generated repository validates, plans, and applies to the sandbox", async () => {
    expect((await cliText(["init", "repo"], dir)).code).toBe(0);
    const repo = path.join(dir, "repo");
    expect(await cliText(["validate"], repo)).toEqual({
      code: 0,
      stdout: "✓ 1 campaign in 1 file is valid.\n",
      stderr: "",
    });
    const plan = await cliText(["plan", "--detailed-exitcode"], repo);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain("Plan: 1 to update, 0 to forget, 0 to deactivate, 0 unchanged.");
    expect((await cliText(["apply", "--sandbox", "--auto-approve"], repo)).code).toBe(0);
    expect((await cliText(["plan", "--sandbox"], repo)).stdout).toBe(
      "No changes. The campaign files match the last-applied state.\n",
    );
  });

  it("keeps the state file in git and the sandbox, lock and backup out of it", async () => {
    expect((await cliText(["init", "repo"], dir)).code).toBe(0);
    const ignore = (await readFile(path.join(dir, "repo", ".gitignore"), "utf8")).split("\n");
    expect(ignore).toEqual(
      expect.arrayContaining(["node_modules/", ".thulium/sandbox/", ".thulium/*.lock"]),
    );
    expect(ignore).not.toContain(".thulium/");
    expect(ignore).not.toContain(".thulium/state.json");
    const pkg = JSON.parse(await readFile(path.join(dir, "repo", "package.json"), "utf8"));
    // Issue 15: installed from where the running tool came from (the package is on no registry).
    expect(pkg.devDependencies).toEqual({ "thulium-campaigns": `file:${path.resolve(REPO)}` });
  });
});

describe("init into an existing folder", () => {
  it("works in the current folder when it has none of the files (e.g. only .git)", async () => {
    await mkdir(path.join(dir, ".git"));
    await writeFile(path.join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
    const { code, stdout } = await cliText(["init"], dir);
    expect(code).toBe(0);
    expect(stdout).toContain("Created a campaigns repository in .:\n");
    expect(stdout).not.toContain("  cd ");
    expect(await tree(dir)).toEqual([...CREATED, ".git/HEAD"].sort());
  });

  it("refuses to overwrite: lists every existing file, exit 1, writes nothing", async () => {
    await mkdir(path.join(dir, "campaigns"));
    await writeFile(path.join(dir, "campaigns", "example.yaml"), "mine\n");
    await writeFile(path.join(dir, "README.md"), "# Ours\n");
    const { code, stdout, stderr } = await cliText(["init", "."], dir);
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toBe(
      "Error: init never overwrites files, and these already exist in .:\n" +
        "  campaigns/example.yaml\n" +
        "  README.md\n" +
        "Nothing was written. Run init in an empty folder, or move these files away first.\n",
    );
    expect(await tree(dir)).toEqual(["README.md", "campaigns/example.yaml"]);
    expect(await readFile(path.join(dir, "README.md"), "utf8")).toBe("# Ours\n");
  });

  it("refuses a second init of the same folder", async () => {
    expect((await cliText(["init", "repo"], dir)).code).toBe(0);
    const before = await readFile(path.join(dir, "repo", "campaigns", "example.yaml"), "utf8");
    await writeFile(path.join(dir, "repo", "campaigns", "example.yaml"), `${before}# edited\n`);
    const again = await cliText(["init", "repo"], dir);
    expect(again.code).toBe(1);
    for (const file of CREATED) expect(again.stderr).toContain(`  ${file}\n`);
    expect(await readFile(path.join(dir, "repo", "campaigns", "example.yaml"), "utf8")).toBe(
      `${before}# edited\n`,
    );
  });

  it("refuses a path that is a file", async () => {
    await writeFile(path.join(dir, "taken"), "");
    expect(await cliText(["init", "taken"], dir)).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error: taken exists and is not a folder; init needs a folder.\n",
    });
  });
});
