/**
 * Hostile input ends with a clear error in bounded time and memory: inputs too large or
 * too odd to commit as fixtures are built here in a temporary folder.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCampaignFiles } from "../../src/io/campaign-files/index.js";
import { MAX_DOCUMENTS } from "../../src/io/campaign-files/parse-documents.js";
import { MAX_FILE_BYTES } from "../../src/io/campaign-files/read-file.js";

const TODAY = "2026-06-15";
let dir: string;
const load = () => loadCampaignFiles(".", { cwd: dir, today: TODAY });

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "campaign-hostile-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const error = (file: string, line: number, column: number, message: string) => ({
  severity: "error",
  file,
  line,
  column,
  path: "",
  message,
});

describe("hostile campaign files", () => {
  it("refuses a file over 10 MB without reading it", async () => {
    await writeFile(path.join(dir, "big.yaml"), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    expect((await load()).issues).toEqual([
      error(
        "big.yaml",
        0,
        0,
        "the file is 10.1 MB, over the 10 MB limit for campaign files; it was not read",
      ),
    ]);
  });

  it("reads a file of exactly 10 MB", async () => {
    const head = 'id: "00001"\n';
    await writeFile(path.join(dir, "edge.yaml"), head + "#".repeat(MAX_FILE_BYTES - head.length));
    const result = await load();
    expect(result.issues).toEqual([]);
    expect(result.campaigns).toHaveLength(1);
  });

  it("stops a flood of --- separators after MAX_DOCUMENTS documents", async () => {
    const flood = 'id: "00001"\n'.concat("---\n".repeat(MAX_DOCUMENTS + 5));
    await writeFile(path.join(dir, "flood.yaml"), flood);
    expect((await load()).issues).toEqual([
      {
        ...error(
          "flood.yaml",
          2,
          4,
          `${MAX_DOCUMENTS - 1} empty YAML documents (the first one here): they declare no campaign`,
        ),
        severity: "warning",
      },
      // Document number MAX_DOCUMENTS + 1 starts on that line: the first one has no `---`.
      error(
        "flood.yaml",
        MAX_DOCUMENTS + 1,
        1,
        `more than ${MAX_DOCUMENTS} YAML documents in one file; split it into several files`,
      ),
    ]);
  });

  it("reports absurd nesting instead of overflowing the stack", async () => {
    await writeFile(
      path.join(dir, "deep.yaml"),
      `id: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`,
    );
    const { issues } = await load();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe(
      "the YAML is nested too deeply to read; campaign files nest two levels at most",
    );
  });

  it("reports absurd nesting once, however deep the stack already is", async () => {
    await writeFile(
      path.join(dir, "deep.yaml"),
      `id: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`,
    );
    // Where the parser or toJS runs out of stack, and what it says after, depends on the
    // stack used before the loader is called: that varies with whatever ran before in CI.
    const loadAtDepth = (depth: number): ReturnType<typeof load> =>
      depth === 0 ? load() : loadAtDepth(depth - 1);
    for (const depth of [0, 500, 1_000, 2_000, 3_000, 4_000, 5_000]) {
      const { issues } = await loadAtDepth(depth);
      expect(
        issues.map((issue) => issue.message),
        `at depth ${depth}`,
      ).toEqual(["the YAML is nested too deeply to read; campaign files nest two levels at most"]);
    }
  });

  it("reports a symbolic link back to a containing folder, once, and still reads the rest", async () => {
    await mkdir(path.join(dir, "sub"));
    await writeFile(path.join(dir, "sub", "a.yaml"), 'id: "00001"\n');
    await symlink("..", path.join(dir, "sub", "up"));
    const result = await load();
    expect(result.issues).toEqual([
      error(
        "sub/up",
        0,
        0,
        "symbolic link loop: this folder is ., which contains it; it was not read",
      ),
    ]);
    expect(result.campaigns.map((c) => c.id)).toEqual(["00001"]);
  });

  it("reports a symbolic link that points to itself, and a broken one", async () => {
    await symlink("self.yaml", path.join(dir, "self.yaml"));
    await symlink("missing.yaml", path.join(dir, "broken.yaml"));
    expect((await load()).issues).toEqual([
      error("broken.yaml", 0, 0, "broken symbolic link: its target does not exist"),
      error(
        "self.yaml",
        0,
        0,
        "symbolic link loop: the link points (through other links) to itself",
      ),
    ]);
  });

  it("reads a file reached through two links once, and a linked folder once", async () => {
    await mkdir(path.join(dir, "real"));
    await writeFile(path.join(dir, "real", "a.yaml"), 'id: "00001"\n');
    await symlink("real", path.join(dir, "link1"));
    await symlink("real", path.join(dir, "link2"));
    await symlink(path.join("real", "a.yaml"), path.join(dir, "z.yaml"));
    const result = await load();
    expect(result.issues).toEqual([]);
    expect(result.files).toBe(1);
    expect(result.campaigns[0]?.location.file).toBe("link1/a.yaml");
  });

  it("ends in bounded time on a diamond of folder links", async () => {
    // Each level links twice to the next: without "enter each real folder once" the walk
    // would take 2^20 steps.
    const level = (n: number) => path.join(dir, `d${n}`);
    for (let n = 0; n <= 20; n++) await mkdir(level(n));
    for (let n = 0; n < 20; n++) {
      await symlink(level(n + 1), path.join(level(n), "a"));
      await symlink(level(n + 1), path.join(level(n), "b"));
    }
    await writeFile(path.join(level(20), "x.yaml"), 'id: "00001"\n');
    const started = Date.now();
    const result = await load();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.files).toBe(1);
    expect(result.campaigns).toHaveLength(1);
  });

  it.skipIf(process.platform === "win32")(
    "refuses a named pipe instead of blocking on it",
    async () => {
      execFileSync("mkfifo", [path.join(dir, "pipe.yaml")]);
      expect((await load()).issues).toEqual([
        error("pipe.yaml", 0, 0, "not a regular file (a pipe, socket or device); it was not read"),
      ]);
    },
  );
});

describe("symbolic links that lead outside the campaigns folder", () => {
  const SECRET = "db_password=hunter2-do-not-print-me\n";
  const loadCampaigns = () => loadCampaignFiles("campaigns", { cwd: dir, today: TODAY });

  beforeEach(async () => {
    await mkdir(path.join(dir, "campaigns"));
    await writeFile(path.join(dir, "campaigns", "a.yaml"), 'id: "00001"\n');
    await writeFile(path.join(dir, "secret.conf"), SECRET);
  });

  it("refuses a file link to a file outside, naming the link and its target, without quoting it", async () => {
    await symlink("../secret.conf", path.join(dir, "campaigns", "leak.yaml"));
    const result = await loadCampaigns();
    expect(result.issues).toEqual([
      error(
        "campaigns/leak.yaml",
        0,
        0,
        "symbolic link to secret.conf, which is outside the folder campaigns; campaign files are only read inside it (a link could otherwise expose any file on this machine), so it was not read: move the file into campaigns or remove the link",
      ),
    ]);
    expect(JSON.stringify(result)).not.toContain("hunter2");
    expect(result.campaigns.map((c) => c.id)).toEqual(["00001"]);
  });

  it("refuses a folder link to a folder outside, without entering it", async () => {
    await mkdir(path.join(dir, "elsewhere"));
    await writeFile(path.join(dir, "elsewhere", "b.yaml"), SECRET);
    await symlink("../elsewhere", path.join(dir, "campaigns", "shared"));
    const result = await loadCampaigns();
    expect(result.issues).toEqual([
      error(
        "campaigns/shared",
        0,
        0,
        "symbolic link to elsewhere, which is outside the folder campaigns; campaign files are only read inside it (a link could otherwise expose any file on this machine), so it was not entered: move the folder into campaigns or remove the link",
      ),
    ]);
    expect(JSON.stringify(result)).not.toContain("hunter2");
    expect(result.files).toBe(1);
  });

  it("still follows links whose target stays inside the folder", async () => {
    await mkdir(path.join(dir, "campaigns", "real"));
    await writeFile(path.join(dir, "campaigns", "real", "b.yaml"), 'id: "00002"\n');
    await symlink("real/b.yaml", path.join(dir, "campaigns", "z.yaml"));
    await symlink(path.join(dir, "campaigns", "real"), path.join(dir, "campaigns", "linked"));
    const result = await loadCampaigns();
    expect(result.issues).toEqual([]);
    expect(result.campaigns.map((c) => c.id)).toEqual(["00001", "00002"]);
  });

  it("reads inside the real folder when the campaigns folder itself is a link", async () => {
    await mkdir(path.join(dir, "repo", "campaigns"), { recursive: true });
    await writeFile(path.join(dir, "repo", "campaigns", "c.yaml"), 'id: "00003"\n');
    await symlink(path.join("repo", "campaigns"), path.join(dir, "linked"));
    const linked = await loadCampaignFiles("linked", { cwd: dir, today: TODAY });
    expect(linked.issues).toEqual([]);
    expect(linked.campaigns.map((c) => c.id)).toEqual(["00003"]);
  });
});
